package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.Fixtures;
import org.san2n.nifti.NiftiReader;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class San2nCliTest {

	/** Exit code and what the command printed. */
	record Result(int code, String out, String err) {

		JsonObject json() {
			return JsonParser.parseString(out).getAsJsonObject();
		}
	}

	static synchronized Result run(String... args) {
		PrintStream oldOut = System.out, oldErr = System.err;
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
			int code = San2nCli.run(args);
			return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		} finally {
			System.setOut(oldOut);
			System.setErr(oldErr);
		}
	}

	@Test
	void infoJsonHasTheDocumentedKeys() {
		Result r = run("info", "--json", Fixtures.dir("nifti").resolve("i16_scaled_4d.nii").toString());
		assertEquals(0, r.code(), r.err());
		JsonObject o = r.json();
		for (String key : new String[] { "shape", "datatype", "pixdim", "affine", "scl_slope", "scl_inter", "min", "max", "mean" })
			assertTrue(o.has(key), key);
		assertEquals("int16", o.get("datatype").getAsString());
		assertEquals(4, o.getAsJsonArray("pixdim").size());
		assertEquals(0.5, o.get("scl_slope").getAsDouble());
		assertEquals(10.0, o.get("min").getAsDouble());
		assertEquals(627.0, o.get("max").getAsDouble());
		assertEquals(4, o.getAsJsonArray("affine").size());
	}

	@Test
	void badInputGivesOneLineAndExitCodeOne() {
		Result r = run("info", Fixtures.dir("nifti").resolve("bad_dim0.nii").toString());
		assertEquals(1, r.code());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("bad_dim0.nii") && r.err().contains("dim[0] = 9"), r.err());
		assertFalse(r.err().contains("\tat "), "no stack trace");
		assertEquals(2, run("info").code(), "missing argument is a usage error");
	}

	@Test
	void pairsJsonReportsShellsPairsAndSelfPairedVolumes() {
		Path g = Fixtures.dir("gradients");
		Result r = run("pairs", "--bvals", g.resolve("fsl_rows.bvals").toString(), "--bvecs",
				g.resolve("fsl_rows.bvecs").toString(), "--json");
		assertEquals(0, r.code(), r.err());
		JsonObject o = r.json();
		assertEquals(3, o.getAsJsonArray("shells").size());
		assertEquals(12, o.getAsJsonArray("pairs").size());
		JsonObject first = o.getAsJsonArray("pairs").get(1).getAsJsonObject();
		assertEquals(1, first.get("volume").getAsInt());
		assertEquals(2, first.get("partner").getAsInt());
		assertEquals(1000.0, first.get("b").getAsDouble());
		assertEquals(30.7509, first.get("angle").getAsDouble(), 1e-3);
		assertEquals(4, o.getAsJsonArray("self_paired").size());
		Result fixed = run("pairs", "--bvals", g.resolve("fsl_rows.bvals").toString(), "--bvecs",
				g.resolve("fsl_rows.bvecs").toString(), "--json", "--max-angle", "15");
		assertEquals(10, fixed.json().getAsJsonArray("self_paired").size(), "only the b0s pair under 15°");
	}

	@Test
	void simulateThenEvaluateScoresTheNoisyScanBelowTheCleanOne(@TempDir Path tmp) throws Exception {
		Result s = run("simulate", "--out", tmp.toString(), "--size", "24", "24", "12", "--directions", "15", "--b0", "2",
				"--snr", "10", "--seed", "3");
		assertEquals(0, s.code(), s.err());
		for (String f : new String[] { "dwi.nii.gz", "clean.nii.gz", "mask.nii.gz", "bvals", "bvecs" })
			assertTrue(Files.isRegularFile(tmp.resolve(f)), f);
		assertArrayEquals(new long[] { 24, 24, 12, 32 }, NiftiReader.readHeader(tmp.resolve("dwi.nii.gz")).dims());

		String clean = tmp.resolve("clean.nii.gz").toString(), mask = tmp.resolve("mask.nii.gz").toString();
		JsonObject noisy = run("evaluate", "--clean", clean, "--denoised", tmp.resolve("dwi.nii.gz").toString(), "--mask",
				mask, "--json").json();
		JsonObject perfect = run("evaluate", "--clean", clean, "--denoised", clean, "--mask", mask, "--json").json();
		assertTrue(noisy.get("psnr").getAsDouble() < 35, noisy.toString());
		assertTrue(noisy.get("ssim").getAsDouble() < 0.95, noisy.toString());
		assertTrue(noisy.get("rmse").getAsDouble() > 50, "σ = 100: " + noisy);
		assertEquals(1.0, perfect.get("ssim").getAsDouble(), 1e-12);
		assertEquals(0.0, perfect.get("rmse").getAsDouble(), 0);

		Result pairs = run("pairs", "--bvals", tmp.resolve("bvals").toString(), "--bvecs", tmp.resolve("bvecs").toString(), "--json");
		assertEquals(0, pairs.json().getAsJsonArray("self_paired").size());

		Result noise = run("noise", "--dwi", tmp.resolve("dwi.nii.gz").toString(), "--bvals", tmp.resolve("bvals").toString(),
				"--bvecs", tmp.resolve("bvecs").toString(), "--estimator", "dipy", "--json");
		assertEquals(32, noise.json().getAsJsonArray("sigma").size());
		// By default MP-PCA's σ per voxel, summarised in the brain: near the σ simulate reports.
		java.util.regex.Matcher simulated = java.util.regex.Pattern.compile("σ = ([0-9.]+)").matcher(s.out());
		assertTrue(simulated.find(), s.out());
		double sigma = Double.parseDouble(simulated.group(1));
		Result mppca = run("noise", "--dwi", tmp.resolve("dwi.nii.gz").toString(), "--bvals", tmp.resolve("bvals").toString(),
				"--bvecs", tmp.resolve("bvecs").toString(), "--mask", tmp.resolve("mask.nii.gz").toString(), "--json");
		assertEquals(0, mppca.code(), mppca.err());
		assertEquals("mppca", mppca.json().get("estimator").getAsString());
		double median = mppca.json().get("median").getAsDouble();
		assertEquals(sigma, median, 0.15 * sigma, mppca.out());
		var quartiles = mppca.json().getAsJsonArray("quartiles");
		assertTrue(quartiles.get(0).getAsDouble() <= median && median <= quartiles.get(1).getAsDouble(), mppca.out());

		Result wrongTable = run("noise", "--dwi", tmp.resolve("dwi.nii.gz").toString(), "--bvals",
				Fixtures.dir("gradients").resolve("fsl_rows.bvals").toString(), "--bvecs",
				Fixtures.dir("gradients").resolve("fsl_rows.bvecs").toString());
		assertEquals(1, wrongTable.code());
		assertTrue(wrongTable.err().contains("12 gradient entries") && wrongTable.err().contains("32 volumes"), wrongTable.err());
	}

	@Test
	void theEngineLoadsOffline() {
		Result r = run("devices");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("PyTorch") && r.out().contains("= 15.0"), r.out());
	}

	@Test
	void pairsSaysOneVolumeNotOneVolumes(@TempDir Path dir) throws java.io.IOException {
		Path b = dir.resolve("bvals"), g = dir.resolve("bvecs");
		Files.writeString(b, "0 1000 1000 1000\n");
		Files.writeString(g, "0 1 0 0\n0 0 1 0\n0 0 0 1\n");
		Result r = run("pairs", "--bvals", b.toString(), "--bvecs", g.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("  1 volume (b0"), r.out());
		assertTrue(r.out().contains("  3 volumes, max angle"), r.out());
		assertFalse(r.out().contains("1 volumes"), r.out());
	}
}
