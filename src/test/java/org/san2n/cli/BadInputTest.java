package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;
import org.san2n.nifti.NiftiWriter;

/**
 * Bad or odd inputs a new user gives: each gets one line saying what is wrong (no stack trace), before
 * any long work, and no output file; odd but valid inputs are taken and said.
 */
class BadInputTest {

	@TempDir
	static Path dir;
	static String dwi, bvals, bvecs, mask, clean;

	@BeforeAll
	static void phantom() {
		San2nCliTest.Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "12", "12", "8", "--directions", "8",
				"--b0", "2", "--shells", "1000");
		assertEquals(0, s.code(), s.err());
		dwi = dir.resolve("dwi.nii.gz").toString();
		bvals = dir.resolve("bvals").toString();
		bvecs = dir.resolve("bvecs").toString();
		mask = dir.resolve("mask.nii.gz").toString();
		clean = dir.resolve("clean.nii.gz").toString();
	}

	/**
	 * Exit 1, no trace, every fragment in the error (its verdict line, "san2n COMMAND: error: …", and the
	 * detail lines after it), and no file at {@code out} (when given).
	 */
	static String refused(Path out, List<String> fragments, String... args) {
		San2nCliTest.Result r = San2nCliTest.run(args);
		assertEquals(1, r.code(), r.err());
		String err = r.err().strip();
		assertFalse(err.contains("\tat "), "no stack trace: " + err);
		String last = error(err);
		for (String f : fragments)
			assertTrue(last.contains(f), "'" + f + "' in: " + last);
		if (out != null) assertFalse(Files.exists(out), out + " was written");
		return err;
	}

	/** The error at the end of {@code err}: its verdict line and the detail lines after it. */
	static String error(String err) {
		List<String> lines = err.lines().toList();
		int verdict = lines.size() - 1;
		while (verdict > 0 && !lines.get(verdict).startsWith("san2n ") && lines.get(verdict).startsWith("  "))
			verdict--;
		return String.join("\n", lines.subList(Math.max(0, verdict), lines.size()));
	}

	String[] denoise(String... more) {
		String[] base = { "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs };
		String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	@Test
	void outputsAreCheckedBeforeTheScanIsRead() throws IOException {
		Files.createDirectories(dir.resolve("folder.nii"));
		// The scan does not exist: an output problem must be the one reported, since it is checked first.
		String[] missingScan = { "denoise", "--dwi", dir.resolve("none.nii.gz").toString(), "--bvals", bvals, "--bvecs", bvecs };
		refused(null, List.of("x.txt", ".nii"), concat(missingScan, "--out", dir.resolve("x.txt").toString()));
		refused(null, List.of("cannot write --out", "no such folder"), concat(missingScan, "--out", dir.resolve("no/x.nii.gz").toString()));
		refused(null, List.of("cannot write --out", "is not a folder"), concat(missingScan, "--out", dwi + "/x.nii.gz"));
		refused(null, List.of("cannot write --out", "it is a folder"), concat(missingScan, "--out", dir.resolve("folder.nii").toString()));
		refused(null, List.of("cannot write --save-model /proc/m.san2n"),
				concat(missingScan, "--out", dir.resolve("ok.nii.gz").toString(), "--save-model", "/proc/m.san2n"));
		refused(null, List.of("cannot write --model"), "train", "--dwi", dir.resolve("none.nii.gz").toString(), "--bvals", bvals, "--bvecs",
				bvecs, "--model", dir.resolve("no/m.san2n").toString());
		refused(null, List.of("cannot write --out"), "mask", "--dwi", dir.resolve("none.nii.gz").toString(), "--bvals", bvals,
				"--bvecs", bvecs, "--out", "/proc/m.nii.gz");
		assertFalse(Files.exists(dir.resolve("no")), "no folder is made for an output");
	}

	static String[] concat(String[] a, String... b) {
		String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	@Test
	void settingsThatWouldCrashOrRunForHoursAreRefused() {
		Path out = dir.resolve("limits.nii.gz");
		refused(out, List.of("width must be 0–1024", "100000"), denoise("--out", out.toString(), "--width", "100000"));
		refused(out, List.of("patch must be", "640"), denoise("--out", out.toString(), "--patch", "640"));
		refused(out, List.of("tile size", "got 1"), denoise("--out", out.toString(), "--tile", "1"));
		refused(out, List.of("batch must be"), denoise("--out", out.toString(), "--batch", "100000"));
		refused(out, List.of("radius", "-1"), "mask", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", out.toString(),
				"--radius", "-1");
		refused(null, List.of("32767"), "simulate", "--out", dir.resolve("huge").toString(), "--size", "100000", "100000", "100000");
		refused(null, List.of("fit in memory"), "simulate", "--out", dir.resolve("huge").toString(), "--size", "2000", "2000", "1000");
	}

	@Test
	void aDivergingRunSaysItDiverged() {
		Path out = dir.resolve("diverged.nii.gz");
		String err = refused(out, List.of("diverged", "nothing was written"),
				denoise("--out", out.toString(), "--method", "san2n", "--lr", "1e30", "--epochs", "2", "--patch", "4", "--stride", "2", "--quiet"));
		assertFalse(err.contains("no noise to measure"), err);
		// The verdict is short (what failed, what to do); what was seen follows it, one attempt a line.
		List<String> error = error(err).lines().toList();
		String verdict = error.get(0);
		assertTrue(verdict.startsWith("san2n denoise: error: SAN2N could not denoise this scan safely, so nothing was written"), verdict);
		assertTrue(verdict.length() <= 200, verdict.length() + " characters: " + verdict);
		assertTrue(verdict.contains("--method mppca") && verdict.contains("--lr"), verdict);
		assertEquals(3, error.size(), err);
		assertTrue(error.get(1).startsWith("  at learning rate 1.0E30: training diverged"), error.get(1));
		assertTrue(error.get(2).startsWith("  at learning rate 2.5E29: training diverged"), error.get(2));
	}

	@Test
	void aRetryGetsWhatIsLeftOfTheTimeBudgetNotAWholeOne() {
		// Charged on the reference CPU for the steps the first attempt ran before it diverged (never a clock).
		Path out = dir.resolve("retried.nii.gz");
		String err = refused(out, List.of("diverged", "nothing was written"),
				denoise("--out", out.toString(), "--method", "san2n", "--lr", "1e30", "--max-minutes", "1", "--width", "8", "--patch", "4",
						"--stride", "2"));
		assertTrue(err.contains("in what is left of the time budget (0m") && err.contains("on the reference CPU)"), err);
	}

	@Test
	void aRetryThatCannotGetTheFewestStepsThatTrainIsNotStarted() {
		// A minute on the reference CPU: the first attempt diverges at its first check; the 200 steps a retry needs
		// (a 640-wide network, batches of 16: about 0.4 s each there) no longer fit what is left, so it is not started and the
		// refusal says why.
		Path out = dir.resolve("not-retried.nii.gz");
		String err = refused(out, List.of("diverged", "nothing was written"),
				denoise("--out", out.toString(), "--method", "san2n", "--lr", "1e30", "--max-minutes", "1", "--width", "640", "--patch", "4",
						"--stride", "2", "--batch", "16"));
		assertTrue(err.contains("was not started: it needs at least 200 steps") && err.contains("a larger --max-minutes gives it room"), err);
		assertFalse(err.contains("retrying with learning rate"), err);
	}

	@Test
	void messagesNameTheFileAndWhatItProbablyIs() throws IOException {
		Path out = dir.resolve("m.nii.gz");
		refused(out, List.of("--sigma", "/missing", "no such file"), denoise("--out", out.toString(), "--method", "san2n", "--sigma", "/missing"));
		// What 'dwidenoise -noise' writes: a noise map, gzipped or not.
		Path plainMap = dir.resolve("noise.nii");
		NiftiWriter.write(plainMap, NiftiReader.read(Path.of(mask)).header(), net.imglib2.img.array.ArrayImgs.floats(12, 12, 8));
		for (String map : new String[] { mask, plainMap.toString() })
			refused(out, List.of("--sigma " + map, "a NIfTI image (12×12×8 voxels)", "--sigma takes numbers", "median"),
					denoise("--out", out.toString(), "--method", "san2n", "--sigma", map));
		Path binary = dir.resolve("sigma.bin");
		Files.write(binary, new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1 });
		refused(out, List.of("--sigma " + binary, "not a text file"), denoise("--out", out.toString(), "--method", "san2n", "--sigma",
				binary.toString()));
		refused(out, List.of("swapped"), "denoise", "--dwi", dwi, "--bvals", bvecs, "--bvecs", bvals, "--out", out.toString());
		Path mrtrix = dir.resolve("grad.b");
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < 10; i++)
			b.append(i < 2 ? "0 0 0 0\n" : "0.6 0.8 0 1000\n");
		Files.writeString(mrtrix, b);
		refused(out, List.of("grad.b", "MRtrix"), "denoise", "--dwi", dwi, "--bvals", mrtrix.toString(), "--bvecs", bvecs, "--out",
				out.toString());

		Path model = dir.resolve("model.san2n");
		San2nCliTest.Result t = San2nCliTest.run("train", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--model", model.toString(),
				"--epochs", "1", "--quiet");
		assertEquals(0, t.code(), t.err());
		byte[] whole = Files.readAllBytes(model);
		Path truncated = dir.resolve("truncated.san2n");
		Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
		refused(out, List.of("truncated.san2n", "truncated"), denoise("--out", out.toString(), "--model", truncated.toString()));
	}

	@Test
	void bValuesInMsPerSquareMicrometreAreRefusedWithWhatToDo() throws IOException {
		Path ms = dir.resolve("ms.bvals");
		Files.writeString(ms, Files.readString(Path.of(bvals)).replace("1000", "1"));
		Path out = dir.resolve("ms-out.nii.gz");
		refused(out, List.of("ms.bvals", "0, 1", "ms/µm²", "multiply them by 1000"), "denoise", "--dwi", dwi, "--bvals", ms.toString(),
				"--bvecs", bvecs, "--out", out.toString());
		refused(null, List.of("ms.bvals", "0, 1", "multiply them by 1000"), "pairs", "--bvals", ms.toString(), "--bvecs", bvecs);
		// Two shells, 1 and 2.5 ms/µm², written with decimals.
		Files.writeString(ms, "0 1.0 1.0 1.0 1.0 0 2.5 2.5 2.5 2.5\n");
		refused(out, List.of("0, 1, 2.5", "2500 s/mm²"), "mask", "--dwi", dwi, "--bvals", ms.toString(), "--bvecs", bvecs, "--out",
				out.toString());
	}

	@Test
	void aScanWithoutB0SaysItsMaskComesFromTheLowestShell() throws IOException {
		// Volumes 1–4 and 6–9 only: b = 1000, no b0.
		Path[] f = cropped("no-b0", 0, 12, 0, 12, 0, 8, 10);
		Files.writeString(f[1], "1000 1000 1000 1000 1000 2000 2000 2000 2000 2000\n");
		Path out = dir.resolve("no-b0-mask.nii.gz");
		San2nCliTest.Result r = San2nCliTest.run("mask", "--dwi", f[0].toString(), "--bvals", f[1].toString(), "--bvecs", f[2].toString(),
				"--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().contains("no b0 volume in the scan: the brain mask is made from the mean of its lowest shell (b = 1000, 5 volumes)"),
				r.err());
	}

	@Test
	void singleDashOptionsOfMrtrixAndFslSayWhichOptionWasMeant() {
		Path out = dir.resolve("dash.nii.gz");
		San2nCliTest.Result r = San2nCliTest.run("denoise", "-dwi", dwi, "-bvals", bvals, "--bvecs", bvecs, "--out", out.toString());
		assertEquals(2, r.code(), r.err());
		String first = r.err().lines().findFirst().orElse("");
		assertEquals("san2n denoise: unknown option -dwi (did you mean --dwi?); unknown option -bvals (did you mean --bvals?)", first);
		r = San2nCliTest.run("denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", out.toString(), "-mask=" + mask);
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().startsWith("san2n denoise: unknown option -mask (did you mean --mask?)"), r.err());
		r = San2nCliTest.run("mask", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "-out", out.toString());
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().startsWith("san2n mask: unknown option -out (did you mean --out?)"), r.err());
		assertFalse(Files.exists(out));
	}

	@Test
	void aByteOrderMarkAndNanB0DirectionsAreRead() throws IOException {
		Path bom = dir.resolve("bom.bvals");
		Files.write(bom, concat(new byte[] { (byte) 0xef, (byte) 0xbb, (byte) 0xbf }, Files.readAllBytes(Path.of(bvals))));
		// DIPY's small_64D.bvec writes "nan nan nan" for its b0.
		List<String> rows = Files.readAllLines(Path.of(bvecs));
		StringBuilder nan = new StringBuilder();
		for (String row : rows)
			nan.append(row.strip().replaceFirst("^\\S+", "nan")).append('\n');
		Path nanBvecs = dir.resolve("nan.bvecs");
		Files.writeString(nanBvecs, nan);
		San2nCliTest.Result r = San2nCliTest.run("pairs", "--bvals", bom.toString(), "--bvecs", nanBvecs.toString(), "--json");
		assertEquals(0, r.code(), r.err());
		assertEquals(10, r.json().getAsJsonArray("pairs").size());
	}

	@Test
	void zeroDirectionsOnDiffusionWeightedVolumesAreWarnedAbout() throws IOException {
		List<String> rows = Files.readAllLines(Path.of(bvecs));
		StringBuilder zeroed = new StringBuilder();
		for (String row : rows) {
			String[] v = row.strip().split("\\s+");
			v[4] = "0"; // volume 4 has b = 1000
			zeroed.append(String.join(" ", v)).append('\n');
		}
		Path z = dir.resolve("zero.bvecs");
		Files.writeString(z, zeroed);
		Path out = dir.resolve("zero-mask.nii.gz");
		San2nCliTest.Result r = San2nCliTest.run("mask", "--dwi", dwi, "--bvals", bvals, "--bvecs", z.toString(), "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().contains("zero gradient direction") && r.err().contains("4 (b=1000)"), r.err());
	}

	@Test
	void jsonIsStrictAndEvaluateFailsOnNaN() throws IOException {
		NiftiImage noisy = NiftiReader.read(Path.of(dwi));
		float[] v = noisy.voxels().clone();
		java.util.Arrays.fill(v, 12 * 12 * 8, 2 * 12 * 12 * 8, Float.NaN); // all of volume 1
		Path nan = dir.resolve("nan-voxels.nii.gz");
		NiftiWriter.write(nan, noisy.header(), net.imglib2.img.array.ArrayImgs.floats(v, noisy.shape()));
		San2nCliTest.Result r = San2nCliTest.run("evaluate", "--clean", clean, "--denoised", nan.toString(), "--mask", mask, "--json");
		assertEquals(1, r.code(), r.err());
		assertTrue(r.err().contains("not numbers"), r.err());
		assertFalse(r.out().contains("NaN") || r.out().contains("Infinity"), r.out());
		com.google.gson.stream.JsonReader strict = new com.google.gson.stream.JsonReader(new java.io.StringReader(r.out()));
		strict.setLenient(false); // RFC 8259: NaN and Infinity are not JSON
		com.google.gson.JsonObject o = new com.google.gson.Gson().getAdapter(com.google.gson.JsonElement.class).read(strict).getAsJsonObject();
		assertTrue(o.get("psnr").isJsonNull());
		San2nCliTest.Result same = San2nCliTest.run("evaluate", "--clean", clean, "--denoised", clean, "--mask", mask, "--json");
		assertEquals(0, same.code(), same.err());
		assertTrue(same.json().get("psnr").isJsonNull(), "an infinite PSNR (identical scans) is null: " + same.out());
	}

	@Test
	void aVoxOffsetInsideTheHeaderIsRefusedOnTheCommandLine() throws IOException {
		Path plain = dir.resolve("offset.nii");
		NiftiImage noisy = NiftiReader.read(Path.of(dwi));
		NiftiWriter.write(plain, noisy.header(), net.imglib2.img.array.ArrayImgs.floats(noisy.voxels(), noisy.shape()));
		byte[] bytes = Files.readAllBytes(plain);
		ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder().equals(ByteOrder.LITTLE_ENDIAN) && bytes[0] == 92 ? ByteOrder.LITTLE_ENDIAN
				: ByteOrder.BIG_ENDIAN).putFloat(108, Float.NaN);
		Files.write(plain, bytes);
		refused(null, List.of("offset.nii", "vox_offset"), "info", plain.toString());
	}

	/** The phantom's voxels {@code x0..x0+nx} × … of its first {@code volumes} volumes, with their bvals and bvecs. */
	static Path[] cropped(String name, int x0, int nx, int y0, int ny, int z0, int nz, int volumes) throws IOException {
		NiftiImage in = NiftiReader.read(Path.of(dwi));
		long[] s = in.shape();
		float[] all = in.voxels(), v = new float[nx * ny * nz * volumes];
		int i = 0;
		for (int t = 0; t < volumes; t++)
			for (int z = z0; z < z0 + nz; z++)
				for (int y = y0; y < y0 + ny; y++)
					for (int x = x0; x < x0 + nx; x++)
						v[i++] = all[(int) (((t * s[2] + z) * s[1] + y) * s[0] + x)];
		Path scan = dir.resolve(name + ".nii.gz"), b = dir.resolve(name + ".bvals"), g = dir.resolve(name + ".bvecs");
		NiftiWriter.write(scan, in.header(), net.imglib2.img.array.ArrayImgs.floats(v, nx, ny, nz, volumes));
		Files.writeString(b, String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of(bvals)).strip().split("\\s+"), volumes)));
		StringBuilder rows = new StringBuilder();
		for (String row : Files.readAllLines(Path.of(bvecs)))
			rows.append(String.join(" ", java.util.Arrays.copyOf(row.strip().split("\\s+"), volumes))).append('\n');
		Files.writeString(g, rows);
		return new Path[] { scan, b, g };
	}

	@Test
	void tooFewVolumesAreRefusedWithTheLeastCountOfEachMethod() throws IOException {
		for (int volumes : new int[] { 1, 2 }) {
			Path[] f = cropped("volumes" + volumes, 0, 12, 0, 12, 0, 8, volumes);
			Path out = dir.resolve("volumes" + volumes + "-out.nii.gz");
			for (String method : new String[] { "mppca", "san2n", "san2n-paper" })
				refused(out, List.of(f[0].toString(), "has " + volumes + " volume", "the least is 3", "mppca", "san2n", "san2n-paper"), "denoise",
						"--dwi", f[0].toString(), "--bvals", f[1].toString(), "--bvecs", f[2].toString(), "--out", out.toString(),
						"--method", method);
			Path model = dir.resolve("volumes" + volumes + ".san2n");
			refused(model, List.of(f[0].toString(), "has " + volumes + " volume"), "train", "--dwi", f[0].toString(), "--bvals",
					f[1].toString(), "--bvecs", f[2].toString(), "--model", model.toString());
		}
		// Three volumes (a b0 and two directions) are enough.
		Path[] f = cropped("volumes3", 0, 12, 0, 12, 0, 8, 3);
		Path out = dir.resolve("volumes3-out.nii.gz");
		San2nCliTest.Result r = San2nCliTest.run("denoise", "--dwi", f[0].toString(), "--bvals", f[1].toString(), "--bvecs",
				f[2].toString(), "--out", out.toString(), "--check", "warn");
		assertEquals(0, r.code(), r.err());
	}

	@Test
	void aScanTooSmallForTheWindowSaysSoAndGivesTheLeastSize() throws IOException {
		Path out = dir.resolve("small-out.nii.gz");
		for (int[] size : new int[][] { { 1, 1, 1 }, { 2, 2, 8 }, { 12, 2, 2 } }) {
			Path[] f = cropped("small" + size[0] + size[1] + size[2], 0, size[0], 0, size[1], 0, size[2], 10);
			refused(out, List.of(f[0].toString(), size[0] + "×" + size[1] + "×" + size[2] + " voxels", "too small", "the least is 3×3",
					"window for 10 volumes is 3×3×3"), "denoise", "--dwi", f[0].toString(), "--bvals", f[1].toString(), "--bvecs",
					f[2].toString(), "--out", out.toString());
		}
		// A single slice holds MP-PCA's window in-plane: denoised.
		Path[] slice = cropped("small-slice", 0, 12, 0, 12, 4, 1, 10);
		San2nCliTest.Result r = San2nCliTest.run("denoise", "--dwi", slice[0].toString(), "--bvals", slice[1].toString(), "--bvecs",
				slice[2].toString(), "--out", out.toString(), "--check", "warn");
		assertEquals(0, r.code(), r.err());
		Files.delete(out);
		// 3×3×3 holds the window of 10 volumes, but median_otsu finds no brain in it: say what to give.
		Path[] f = cropped("small-cube", 4, 3, 4, 3, 3, 3, 10);
		refused(out, List.of("brain mask is empty", "--mask"), "denoise", "--dwi", f[0].toString(), "--bvals", f[1].toString(), "--bvecs",
				f[2].toString(), "--out", out.toString());
	}

	@Test
	void anInfiniteScalingIsNamedByItsHeaderField() throws IOException {
		Path plain = dir.resolve("scaled.nii");
		NiftiImage noisy = NiftiReader.read(Path.of(dwi));
		NiftiWriter.write(plain, noisy.header(), net.imglib2.img.array.ArrayImgs.floats(noisy.voxels(), noisy.shape()));
		byte[] bytes = Files.readAllBytes(plain);
		Path out = dir.resolve("scaled-out.nii.gz");
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(112, Float.POSITIVE_INFINITY);
		Files.write(plain, bytes);
		refused(out, List.of("scaled.nii", "scl_slope = Infinity", "not a finite number"), denoiseOf(plain.toString(), "--out", out.toString()));
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(112, 2f).putFloat(116, Float.NEGATIVE_INFINITY);
		Files.write(plain, bytes);
		refused(out, List.of("scaled.nii", "scl_inter = -Infinity", "not a finite number"), denoiseOf(plain.toString(), "--out", out.toString()));
		refused(null, List.of("scl_inter = -Infinity"), "info", plain.toString());
	}

	String[] denoiseOf(String scan, String... more) {
		return concat(new String[] { "denoise", "--dwi", scan, "--bvals", bvals, "--bvecs", bvecs }, more);
	}

	static byte[] concat(byte[] a, byte[] b) {
		byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	static String utf8(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}
}
