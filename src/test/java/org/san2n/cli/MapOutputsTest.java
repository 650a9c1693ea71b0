package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.cli.San2nCliTest.Result;
import org.san2n.mask.BrainMask;
import org.san2n.mppca.MpPca;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;

/** {@code denoise --noise-map/--rank-map/--residual/--noise-map-in}: the files written, read back, and what is refused. */
class MapOutputsTest {

	@TempDir
	static Path dir;
	static double trueSigma;
	static String[] scan;

	@BeforeAll
	static void simulate() {
		Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "28", "28", "12", "--directions", "15", "--b0", "2",
				"--snr", "12", "--seed", "3");
		assertEquals(0, s.code(), s.err());
		Matcher m = Pattern.compile("σ = ([0-9.]+)").matcher(s.out());
		assertTrue(m.find(), s.out());
		trueSigma = Double.parseDouble(m.group(1));
		scan = new String[] { "--dwi", dir.resolve("dwi.nii.gz").toString(), "--bvals", dir.resolve("bvals").toString(), "--bvecs",
				dir.resolve("bvecs").toString(), "--mask", dir.resolve("mask.nii.gz").toString() };
	}

	private static Result denoise(String... more) {
		String[] args = new String[1 + scan.length + more.length];
		args[0] = "denoise";
		System.arraycopy(scan, 0, args, 1, scan.length);
		System.arraycopy(more, 0, args, 1 + scan.length, more.length);
		return San2nCliTest.run(args);
	}

	@Test
	void theMapsAreWrittenOnTheInputsGridAndSayWhatWasRemoved() throws Exception {
		Path out = dir.resolve("den.nii.gz"), sigma = dir.resolve("sigma.nii.gz"), rank = dir.resolve("rank.nii"), residual = dir.resolve("res.nii.gz");
		Result r = denoise("--out", out.toString(), "--noise-map", sigma.toString(), "--rank-map", rank.toString(), "--residual",
				residual.toString(), "--quiet");
		assertEquals(0, r.code(), r.err());
		NiftiImage input = NiftiReader.read(dir.resolve("dwi.nii.gz")), den = NiftiReader.read(out);
		NiftiImage s = NiftiReader.read(sigma), k = NiftiReader.read(rank), res = NiftiReader.read(residual);
		long[] grid = Arrays.copyOf(input.shape(), 3);
		assertArrayEquals(grid, s.shape(), "σ map: one volume on the input's grid");
		assertArrayEquals(grid, k.shape(), "rank map: one volume on the input's grid");
		assertArrayEquals(input.shape(), res.shape(), "residual: every volume");
		for (NiftiImage map : new NiftiImage[] { s, k, res }) {
			NiftiHeader h = map.header(), in = input.header();
			assertArrayEquals(in.affine(), h.affine(), "the input's placement");
			assertArrayEquals(Arrays.copyOfRange(in.pixdim(), 1, 4), Arrays.copyOfRange(h.pixdim(), 1, 4), 0, "the input's voxel sizes");
		}
		// The residual is input − output, voxel for voxel.
		float[] a = input.voxels(), b = den.voxels(), d = res.voxels();
		double worst = 0;
		for (int i = 0; i < a.length; i++)
			worst = Math.max(worst, Math.abs(a[i] - b[i] - d[i]));
		assertTrue(worst <= 1e-3 * trueSigma, "residual differs from input − output by " + worst);
		// σ: near the simulated noise level inside the brain; rank: whole numbers from 0 to the volumes, a few in the brain.
		BrainMask mask = BrainMask.read(dir.resolve("mask.nii.gz"), grid);
		double median = MpPca.medianInside(s.voxels(), mask);
		assertEquals(trueSigma, median, 0.15 * trueSigma, "median σ in the brain");
		float[] ranks = k.voxels();
		for (float v : ranks)
			assertTrue(v == Math.rint(v) && v >= 0 && v <= input.shape()[3], "rank " + v);
		double medianRank = MpPca.medianInside(ranks, mask);
		assertTrue(medianRank >= 1 && medianRank <= 6, "median rank in the brain " + medianRank);
	}

	@Test
	void aPriorSigmaDecidesTheRank() throws Exception {
		Path low = dir.resolve("rank-low.nii.gz"), high = dir.resolve("rank-high.nii.gz"), own = dir.resolve("rank-own.nii.gz");
		Path sigmaLow = dir.resolve("sigma-low.nii.gz");
		assertEquals(0, denoise("--out", dir.resolve("o1.nii.gz").toString(), "--rank-map", own.toString(), "--quiet").code());
		Result r = denoise("--out", dir.resolve("o2.nii.gz").toString(), "--rank-map", low.toString(), "--noise-map", sigmaLow.toString(),
				"--noise-map-in", Double.toString(trueSigma / 3), "--check", "warn", "--quiet");
		assertEquals(0, r.code(), r.err());
		assertEquals(0, denoise("--out", dir.resolve("o3.nii.gz").toString(), "--rank-map", high.toString(), "--noise-map-in",
				Double.toString(trueSigma * 3), "--check", "warn", "--quiet").code());
		BrainMask mask = BrainMask.read(dir.resolve("mask.nii.gz"), new long[] { 28, 28, 12 });
		double kOwn = mean(NiftiReader.read(own).voxels(), mask), kLow = mean(NiftiReader.read(low).voxels(), mask),
				kHigh = mean(NiftiReader.read(high).voxels(), mask);
		// A smaller σ puts the Marchenko–Pastur edge lower: more components count as signal; a larger one, fewer.
		assertTrue(kLow > kOwn && kOwn > kHigh, "mean rank with σ/3 " + kLow + ", own estimate " + kOwn + ", 3σ " + kHigh);
		// The σ map written is the prior that was used.
		assertEquals(trueSigma / 3, MpPca.medianInside(NiftiReader.read(sigmaLow).voxels(), mask), 1e-3 * trueSigma);
	}

	private static double mean(float[] map, BrainMask mask) {
		double s = 0;
		int n = 0;
		for (int i = 0; i < map.length; i++)
			if (mask.contains(i)) {
				s += map[i];
				n++;
			}
		return s / n;
	}

	@Test
	void san2nWritesTheSigmaMapOfTheMpPcaBaseItRefines() throws Exception {
		Path own = dir.resolve("mppca-sigma.nii.gz"), san2n = dir.resolve("san2n-sigma.nii.gz"), rank = dir.resolve("san2n-rank.nii.gz");
		assertEquals(0, denoise("--out", dir.resolve("m.nii.gz").toString(), "--noise-map", own.toString(), "--quiet").code());
		Result r = denoise("--out", dir.resolve("s.nii.gz").toString(), "--method", "san2n", "--steps", "20", "--check", "warn",
				"--noise-map", san2n.toString(), "--rank-map", rank.toString(), "--quiet");
		assertEquals(0, r.code(), r.err());
		// The recorrupted pairs add noise of MP-PCA's σ map: the map written is that one, whether the network was kept or not.
		assertArrayEquals(NiftiReader.read(own).voxels(), NiftiReader.read(san2n).voxels(), 0f);
		assertTrue(Files.size(rank) > 0);
	}

	@Test
	void aQcPageShowsEachShellAndHoldsTheNumbers() throws Exception {
		Path qc = dir.resolve("qc"), sigma = dir.resolve("qc-sigma.nii.gz");
		Result r = denoise("--out", dir.resolve("q.nii.gz").toString(), "--qc", qc.toString(), "--noise-map", sigma.toString(), "--quiet");
		assertEquals(0, r.code(), r.err());
		for (String png : new String[] { "slices-b0.png", "slices-b1000.png", "slices-b2000.png", "residual-histogram.png", "rank.png" }) {
			java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(qc.resolve(png).toFile());
			assertTrue(img != null && img.getWidth() > 50, png);
		}
		String html = Files.readString(qc.resolve("index.html"));
		assertTrue(html.contains("slices-b1000.png") && html.contains("residual-histogram.png") && html.contains("output check"), html);
		var json = com.google.gson.JsonParser.parseString(Files.readString(qc.resolve("qc.json"))).getAsJsonObject();
		BrainMask mask = BrainMask.read(dir.resolve("mask.nii.gz"), new long[] { 28, 28, 12 });
		assertEquals(MpPca.medianInside(NiftiReader.read(sigma).voxels(), mask), json.get("median_sigma").getAsDouble(), 1e-3);
		var volumes = json.getAsJsonArray("volumes");
		assertEquals(NiftiReader.readHeader(dir.resolve("dwi.nii.gz")).dim(3), volumes.size());
		for (var v : volumes) {
			double spread = v.getAsJsonObject().get("spreadInSigma").getAsDouble();
			assertTrue(spread > 0.2 && spread < 1.5, "a residual of about the noise's size, as the output check passed: " + spread);
		}
		long counted = 0;
		for (var c : json.getAsJsonObject("residual_histogram").getAsJsonArray("counts"))
			counted += c.getAsLong();
		assertTrue(counted > 1000, "the histogram counts the mask's residuals: " + counted);
		assertTrue(json.getAsJsonObject("record").has("output_check"));
	}

	@Test
	void theNoiseCommandWritesTheSameMapAsDenoise() throws Exception {
		Path fromNoise = dir.resolve("noise-out.nii.gz"), fromDenoise = dir.resolve("denoise-sigma.nii.gz");
		assertEquals(0, denoise("--out", dir.resolve("n.nii.gz").toString(), "--noise-map", fromDenoise.toString(), "--quiet").code());
		Result r = San2nCliTest.run("noise", scan[0], scan[1], scan[2], scan[3], scan[4], scan[5], scan[6], scan[7], "--out",
				fromNoise.toString(), "--json");
		assertEquals(0, r.code(), r.err());
		float[] a = NiftiReader.read(fromNoise).voxels();
		assertArrayEquals(NiftiReader.read(fromDenoise).voxels(), a, 0f);
		BrainMask mask = BrainMask.read(dir.resolve("mask.nii.gz"), new long[] { 28, 28, 12 });
		assertEquals(MpPca.medianInside(a, mask), r.json().get("median").getAsDouble(), 1e-3);
		assertEquals(mask.count(), r.json().get("mask_voxels").getAsLong());
	}

	@Test
	void aMapThatIsAnInputOrTheOutputIsRefusedBeforeAnyWork() {
		Path out = dir.resolve("never.nii.gz");
		Result r = denoise("--out", out.toString(), "--noise-map", dir.resolve("dwi.nii.gz").toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("--noise-map") && r.err().contains("--dwi"), r.err());
		r = denoise("--out", out.toString(), "--residual", out.toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("--residual") && r.err().contains("--out"), r.err());
		r = denoise("--out", out.toString(), "--rank-map", dir.resolve("rank.txt").toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("rank.txt"), r.err());
		assertFalse(Files.exists(out), "nothing written");
	}

	@Test
	void aPriorOfAnotherShapeOrNotASigmaIsRefusedNamingIt() {
		Path out = dir.resolve("never2.nii.gz");
		// The 4D scan itself is not a σ map.
		Result r = denoise("--out", out.toString(), "--noise-map-in", dir.resolve("dwi.nii.gz").toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("dwi.nii.gz") && r.err().contains("one volume"), r.err());
		r = denoise("--out", out.toString(), "--noise-map-in", "-3");
		assertEquals(1, r.code());
		assertTrue(r.err().contains("-3"), r.err());
		r = denoise("--out", out.toString(), "--noise-map-in", dir.resolve("no-such.nii.gz").toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("no-such.nii.gz"), r.err());
		r = denoise("--out", out.toString(), "--method", "san2n-paper", "--rank-map", dir.resolve("k.nii.gz").toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("rank_map") && r.err().contains("san2n-paper"), r.err());
		assertFalse(Files.exists(out), "nothing written");
	}
}
