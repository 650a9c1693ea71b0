package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;

/** The pipeline calls: train, denoise (self-supervised and with --model), figure, on a small phantom. */
class TrainDenoiseCliTest {

	@TempDir
	static Path dir;

	static String dwi, bvals, bvecs, mask, clean;
	static final String[] QUICK = { "--epochs", "2", "--batch", "4", "--width", "8", "--patch", "8", "--stride", "4", "--quiet" };

	@BeforeAll
	static void phantom() {
		San2nCliTest.Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "24", "24", "16", "--directions",
				"8", "--b0", "2", "--snr", "10");
		assertEquals(0, s.code(), s.err());
		dwi = dir.resolve("dwi.nii.gz").toString();
		bvals = dir.resolve("bvals").toString();
		bvecs = dir.resolve("bvecs").toString();
		mask = dir.resolve("mask.nii.gz").toString();
		clean = dir.resolve("clean.nii.gz").toString();
	}

	static San2nCliTest.Result run(String[] base, String... more) {
		String[] all = new String[base.length + more.length + QUICK.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		System.arraycopy(QUICK, 0, all, base.length + more.length, QUICK.length);
		return San2nCliTest.run(all);
	}

	@Test
	void denoiseWritesAFloatScanWithTheInputsGeometry() throws IOException {
		Path out = dir.resolve("den.nii.gz"), model = dir.resolve("self.san2n");
		San2nCliTest.Result r = run(new String[] { "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask },
				"--out", out.toString(), "--save-model", model.toString(), "--check", "warn");
		assertEquals(0, r.code(), r.err());
		NiftiHeader in = NiftiReader.readHeader(Path.of(dwi)), den = NiftiReader.readHeader(out);
		assertArrayEquals(in.dims(), den.dims());
		assertArrayEquals(in.affine()[0], den.affine()[0], 1e-6);
		assertEquals("float32", den.dataType().label());
		NiftiImage img = NiftiReader.read(out);
		for (float v : img.voxels())
			assertTrue(v >= 0, "magnitude data: no negative voxel");
		assertTrue(Files.size(model) > 1000);
		// The recorrupted scan's MP-PCA (coarser windows) records under its own keys, not over the scan's.
		String record = Files.readString(dir.resolve("den.json"));
		assertTrue(record.contains("\"mppca_stride\": 1") && record.contains("\"training_inputs_mppca_stride\": 2"), record);
	}

	@Test
	void aRunIsRecordedBesideItsOutputAndTheSameRunGivesTheSameBytes() throws IOException {
		Path first = dir.resolve("rec1.nii.gz"), second = dir.resolve("rec2.nii.gz");
		for (Path out : new Path[] { first, second }) {
			San2nCliTest.Result r = San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask, "--out",
					out.toString());
			assertEquals(0, r.code(), r.err());
		}
		String record = Files.readString(dir.resolve("rec1.json"));
		assertTrue(record.contains("\"method\": \"mppca\"") && record.contains("\"mppca_stride\": 1")
				&& record.contains("\"mppca_stride_choice\": \"automatic: ") && record.contains("\"software\": \"san2n ")
				&& record.contains("\"bias_sigma\": ") && record.contains("\"seconds\": "), record);
		// The record never replaces the input's own sidecar (BIDS: sub-01_dwi.json beside sub-01_dwi.nii.gz).
		San2nCliTest.Result clash = San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask, "--out",
				dir.resolve("dwi.nii").toString());
		assertEquals(1, clash.code(), clash.err());
		assertTrue(clash.err().contains("is the same file as the JSON beside --dwi"), clash.err());
		// The automatic choices are functions of the scan and the settings: two runs write the same voxels.
		assertArrayEquals(NiftiReader.read(first).voxels(), NiftiReader.read(second).voxels());
	}

	@Test
	void trainThenDenoiseWithTheModel() {
		Path model = dir.resolve("m.san2n"), out = dir.resolve("with-model.nii");
		San2nCliTest.Result t = run(new String[] { "train", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask },
				"--model", model.toString());
		assertEquals(0, t.code(), t.err());
		assertTrue(t.out().contains("2 epochs"), t.out());
		San2nCliTest.Result d = San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask,
				"--model", model.toString(), "--out", out.toString(), "--outside-mask", "zero", "--check", "warn");
		assertEquals(0, d.code(), d.err());
		assertTrue(Files.isRegularFile(out));
	}

	@Test
	void mirrorAveragingAndBiasRemovalCanBeTurnedOff() throws IOException {
		Path model = dir.resolve("switches.san2n");
		assertEquals(0, San2nCliTest.run("train", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask, "--model",
				model.toString(), "--epochs", "12", "--batch", "4", "--width", "8", "--patch", "8", "--stride", "4", "--quiet").code());
		float[][] outs = new float[3][];
		String[][] variants = { {}, { "--no-rician-correction" }, { "--no-rician-correction", "--no-flips" } };
		for (int k = 0; k < 3; k++) {
			Path out = dir.resolve("switch" + k + ".nii");
			String[] args = { "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask, "--model", model.toString(),
					"--out", out.toString(), "--check", "warn" };
			String[] all = java.util.Arrays.copyOf(args, args.length + variants[k].length);
			System.arraycopy(variants[k], 0, all, args.length, variants[k].length);
			San2nCliTest.Result r = San2nCliTest.run(all);
			assertEquals(0, r.code(), r.err());
			outs[k] = NiftiReader.read(out).voxels();
		}
		assertFalse(java.util.Arrays.equals(outs[0], outs[1]), "bias removal changes the output");
		assertFalse(java.util.Arrays.equals(outs[1], outs[2]), "mirror averaging changes the output");
		float[] brain = NiftiReader.read(Path.of(mask)).voxels();
		double sumCorrected = 0, sumRaw = 0;
		for (int i = 0; i < outs[0].length; i++)
			if (brain[i % brain.length] != 0) {
				sumCorrected += outs[0][i];
				sumRaw += outs[1][i];
			}
		assertTrue(sumCorrected < sumRaw, "removing the Rician bias lowers the signal in the brain: " + sumCorrected + " vs " + sumRaw);
	}

	@Test
	void lossWeightsReachThePublishedTrainerAndAreRefusedWhereNothingReadsThem() throws IOException {
		// san2n (and train, which trains it) learns from recorrupted pairs: the published loss's weights change nothing there.
		San2nCliTest.Result train = run(new String[] { "train", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask }, "--model",
				dir.resolve("refused.san2n").toString(), "--lambda2", "0");
		assertEquals(1, train.code(), train.err());
		assertTrue(train.err().contains("lambda2 is read only by SAN2N as published (san2n-paper), but SAN2N Train trains san2n"), train.err());
		San2nCliTest.Result san2n = run(new String[] { "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask }, "--out",
				dir.resolve("refused.nii.gz").toString(), "--method", "san2n", "--max-angle", "20");
		assertEquals(1, san2n.code(), san2n.err());
		assertTrue(san2n.err().contains("max_angle is read only by SAN2N as published"), san2n.err());
		assertFalse(Files.exists(dir.resolve("refused.nii.gz")));

		Path model = dir.resolve("no-angular.san2n");
		San2nCliTest.Result paper = run(new String[] { "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask }, "--out",
				dir.resolve("paper.nii.gz").toString(), "--method", "san2n-paper", "--save-model", model.toString(), "--check", "warn",
				"--lambda2", "0", "--beta", "0");
		assertEquals(0, paper.code(), paper.err());
		try (var m = org.san2n.model.ModelFile.read(model, ai.djl.Device.cpu())) {
			var last = m.metadata().history().get(m.metadata().history().size() - 1).loss();
			assertEquals(0, last.lq(), 0);
			assertEquals(0, last.lq2(), 0);
			assertEquals(last.l1() + last.l2(), last.total(), 1e-3 * last.total(), "β = 0: the Rician term is out of the total");
			assertEquals(0, m.metadata().config().lambda2());
		}
	}

	@Test
	void aModelForAnotherTableIsRefusedInOneLine() throws IOException {
		Path model = dir.resolve("m2.san2n");
		assertEquals(0, San2nCliTest.run("train", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask, "--model",
				model.toString(), "--epochs", "12", "--batch", "4", "--width", "8", "--patch", "8", "--stride", "4", "--quiet").code());
		Path other = dir.resolve("other");
		assertEquals(0, San2nCliTest.run("simulate", "--out", other.toString(), "--size", "12", "12", "8", "--directions", "8",
				"--b0", "2", "--seed", "9").code());
		Path out = dir.resolve("never.nii.gz");
		San2nCliTest.Result r = San2nCliTest.run("denoise", "--dwi", other.resolve("dwi.nii.gz").toString(), "--bvals",
				other.resolve("bvals").toString(), "--bvecs", other.resolve("bvecs").toString(), "--model", model.toString(), "--out",
				out.toString());
		assertEquals(1, r.code());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("gradient table"), r.err());
		assertFalse(Files.exists(out), "nothing written");
	}

	/** A network that does not denoise (an absurd learning rate) must not become an output. */
	@Test
	void aDamagedResultIsRefusedAndNothingIsWritten() throws IOException {
		// The published objective: SAN2N's own (recorrupted) keeps no correction that did not beat MP-PCA, so it cannot be damaged this way.
		Path out = dir.resolve("absurd.nii.gz"), model = dir.resolve("absurd.san2n");
		San2nCliTest.Result r = run(new String[] { "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask },
				"--out", out.toString(), "--save-model", model.toString(), "--lr", "50", "--method", "san2n-paper");
		assertEquals(1, r.code(), r.err());
		assertTrue(r.err().contains("could not denoise this scan safely, so nothing was written"), r.err());
		assertTrue(r.err().contains("at learning rate 50.0") && r.err().contains("at learning rate 12.5"), "both attempts: " + r.err());
		assertTrue(r.err().contains("mean moved") || r.err().contains("signal was removed") || r.err().contains("diverged"), r.err());
		assertFalse(Files.exists(out), "no output");
		assertFalse(Files.exists(model), "no model");
		try (var left = Files.list(dir)) {
			assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".absurd")), "no temporary file left");
		}
	}

	@Test
	void mppcaIsTheDefaultAndPassesItsCheck() throws IOException {
		Path out = dir.resolve("mppca.nii.gz");
		San2nCliTest.Result r = San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask,
				"--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().contains("output check") && !r.err().contains("FAILED"), r.err());
		assertFalse(r.err().contains("training"), "MP-PCA trains nothing: " + r.err());
		double before = rmse(Path.of(dwi)), after = rmse(out);
		assertTrue(after < 0.7 * before, "RMSE against the clean phantom " + before + " → " + after);
	}

	private static double rmse(Path scan) throws IOException {
		float[] a = NiftiReader.read(scan).voxels(), c = NiftiReader.read(Path.of(clean)).voxels(), m = NiftiReader.read(Path.of(mask)).voxels();
		double s = 0;
		long n = 0;
		for (int i = 0; i < a.length; i++)
			if (m[i % m.length] != 0) {
				s += (a[i] - c[i]) * (double) (a[i] - c[i]);
				n++;
			}
		return Math.sqrt(s / n);
	}

	@Test
	void badOptionsAreRefusedBeforeAnyWork() {
		San2nCliTest.Result r = San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out",
				dir.resolve("x.nii").toString(), "--device", "tpu");
		assertEquals(1, r.code());
		assertTrue(r.err().contains("cpu, gpu or auto"), r.err());
		r = San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", dir.resolve("x.nii").toString(),
				"--epochs", "-1");
		assertEquals(1, r.code());
		assertTrue(r.err().contains("epochs"), r.err());
		r = San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", dir.resolve("x.nii").toString(),
				"--model", dir.resolve("missing.san2n").toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("missing.san2n"), r.err());
	}

	@Test
	void everyCommandHasCleanHelp() {
		for (String command : new String[] { "train", "denoise", "figure", "simulate", "evaluate", "pairs", "info", "mask", "noise",
				"devices" }) {
			San2nCliTest.Result r = San2nCliTest.run(command, "--help");
			assertEquals(0, r.code(), command);
			assertTrue(r.out().startsWith("Usage: san2n " + command), r.out());
			assertFalse(r.err().contains("WARN"), command + ": " + r.err());
		}
	}

	@Test
	void figureWritesAPngWithFourPanels() throws IOException {
		Path png = dir.resolve("fig.png");
		San2nCliTest.Result r = San2nCliTest.run("figure", "--noisy", dwi, "--denoised", clean, "--clean", clean, "--mask", mask,
				"--out", png.toString(), "--zoom", "2");
		assertEquals(0, r.code(), r.err());
		var img = ImageIO.read(png.toFile());
		assertEquals(4 * (24 * 2 + 6) + 6, img.getWidth(), "four 24-voxel panels at zoom 2");
		assertTrue(r.out().contains("noisy") && r.out().contains("residual"), r.out());
	}

	/** SAN2N's recorrupted network, trained absurdly, is not kept: the result is MP-PCA's and says so; the model gives it too. */
	@Test
	void anAbsurdRecorruptedTrainingFallsBackToMpPca() throws IOException {
		Path out = dir.resolve("fallback.nii.gz"), model = dir.resolve("fallback.san2n");
		San2nCliTest.Result r = run(new String[] { "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask },
				"--out", out.toString(), "--save-model", model.toString(), "--lr", "50", "--method", "san2n");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().contains("correction is set to 0 (the model gives MP-PCA's result)"), r.err());
		assertTrue(Files.exists(out) && Files.exists(model), "the result and the model are written");
		Path mppca = dir.resolve("mppca.nii.gz");
		assertEquals(0, San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask, "--out",
				mppca.toString(), "--quiet").code());
		float[] a = org.san2n.nifti.NiftiReader.read(out).voxels(), b = org.san2n.nifti.NiftiReader.read(mppca).voxels();
		org.junit.jupiter.api.Assertions.assertArrayEquals(b, a, 0f, "the fallback is MP-PCA's result");
	}
}
