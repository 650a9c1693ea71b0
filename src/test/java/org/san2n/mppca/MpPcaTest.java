package org.san2n.mppca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.progress.Progress;
import org.san2n.qspace.GradientTable;

import net.imglib2.img.array.ArrayImgs;

class MpPcaTest {

	static final int NX = 20, NY = 18, NZ = 12, N = 30;
	static final double SIGMA = 5;

	/** A rank-3 signal (smooth spatial maps × q-space profiles) around 100, and that signal plus Gaussian noise σ. */
	static float[][] cleanAndNoisy(long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[][] profile = new double[3][N];
		for (int c = 0; c < 3; c++)
			for (int v = 0; v < N; v++)
				profile[c][v] = c == 0 ? 1 : 0.3 * r.nextGaussian();
		float[] clean = new float[NX * NY * NZ * N], noisy = new float[clean.length];
		for (int z = 0; z < NZ; z++)
			for (int y = 0; y < NY; y++)
				for (int x = 0; x < NX; x++) {
					double[] map = { 100 + 20 * Math.sin(x / 4.0), 40 * Math.cos(y / 5.0), 30 * Math.sin((x + z) / 6.0) };
					for (int v = 0; v < N; v++) {
						double s = 0;
						for (int c = 0; c < 3; c++)
							s += map[c] * profile[c][v];
						int i = ((v * NZ + z) * NY + y) * NX + x;
						clean[i] = (float) s;
						noisy[i] = (float) (s + SIGMA * r.nextGaussian());
					}
				}
		return new float[][] { clean, noisy };
	}

	static DwiScan scan(float[] voxels) {
		long[] shape = { NX, NY, NZ, N };
		GradientTable table = TestModels.table(N, 1);
		double[][] affine = { { 2, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 2, 0 }, { 0, 0, 0, 1 } };
		return new DwiScan(ArrayImgs.floats(voxels, shape), table, org.san2n.space.ScanGeometry.of(affine, 1));
	}

	static double rmse(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += (a[i] - b[i]) * (double) (a[i] - b[i]);
		return Math.sqrt(s / a.length);
	}

	@Test
	void removesMostOfTheNoiseOfALowRankScanAndMapsItsLevel() throws IOException {
		float[][] cn = cleanAndNoisy(4);
		MpPca.Result r = MpPca.denoise(scan(cn[1]), null, false, MpPcaOptions.DEFAULTS, Progress.NONE);
		double before = rmse(cn[1], cn[0]), after = rmse(r.scan().toArray(), cn[0]);
		assertEquals(SIGMA, before, 0.2);
		assertTrue(after < 0.35 * before, "RMSE " + before + " → " + after);
		float[] s = r.sigma().clone();
		java.util.Arrays.sort(s);
		assertEquals(SIGMA, s[s.length / 2], 0.6, "median σ of the map");
		assertEquals(SIGMA, MpPca.noiseLevel(scan(cn[1]), BrainMask.full(NX, NY, NZ), MpPcaOptions.DEFAULTS, 200, Progress.NONE), 0.6);
	}

	@Test
	void theRankMapHoldsTheSignalComponentsAndAPriorSigmaMovesThem() throws IOException {
		float[][] cn = cleanAndNoisy(4);
		MpPcaOptions stride1 = MpPcaOptions.DEFAULTS.withStride(1);
		MpPca.Result own = MpPca.denoise(scan(cn[1]), null, false, stride1, Progress.NONE);
		BrainMask all = BrainMask.full(NX, NY, NZ);
		// Rank 3 around a mean: the window mean is taken out first, so 2 or 3 components remain.
		double rank = MpPca.medianInside(own.rank(), all);
		assertTrue(rank >= 2 && rank <= 3, "median rank " + rank);
		float[] prior = new float[NX * NY * NZ];
		java.util.Arrays.fill(prior, (float) SIGMA);
		MpPca.Result known = MpPca.denoise(scan(cn[1]), null, false, stride1, prior, Progress.NONE);
		assertEquals(SIGMA, MpPca.medianInside(known.sigma(), all), 1e-6, "the σ map is the prior used");
		assertTrue(MpPca.medianInside(known.rank(), all) <= 3);
		assertTrue(rmse(known.scan().toArray(), cn[0]) < 0.35 * SIGMA, "the true σ denoises as well");
		// A tenth of the true σ: noise counts as signal, the rank rises and less noise is removed.
		java.util.Arrays.fill(prior, (float) (SIGMA / 10));
		MpPca.Result low = MpPca.denoise(scan(cn[1]), null, false, stride1, prior, Progress.NONE);
		assertTrue(MpPca.medianInside(low.rank(), all) > 10, "rank with σ/10: " + MpPca.medianInside(low.rank(), all));
		assertTrue(rmse(low.scan().toArray(), cn[0]) > 2 * rmse(known.scan().toArray(), cn[0]));
		// Where the prior is 0 MP-PCA estimates σ itself.
		java.util.Arrays.fill(prior, 0f);
		assertArrayEquals(own.rank(), MpPca.denoise(scan(cn[1]), null, false, stride1, prior, Progress.NONE).rank());
	}

	@Test
	void outsideTheRegionTheInputIsKeptOrZeroed() throws IOException {
		float[][] cn = cleanAndNoisy(5);
		byte[] inside = new byte[NX * NY * NZ];
		for (int i = 0; i < inside.length / 2; i++)
			inside[i] = 1; // the lower half of the slices
		BrainMask region = BrainMask.of(inside, NX, NY, NZ);
		float[] kept = MpPca.denoise(scan(cn[1]), region, false, MpPcaOptions.DEFAULTS, Progress.NONE).scan().toArray();
		float[] zeroed = MpPca.denoise(scan(cn[1]), region, true, MpPcaOptions.DEFAULTS, Progress.NONE).scan().toArray();
		int plane = NX * NY * NZ;
		for (int v = 0; v < N; v++)
			for (int i = plane / 2; i < plane; i++) {
				assertEquals(cn[1][v * plane + i], kept[v * plane + i]);
				assertEquals(0f, zeroed[v * plane + i]);
			}
		assertTrue(kept[0] != cn[1][0], "inside is denoised");
	}

	@Test
	void windowDefaultsToTheSmallestCubeWithAsManyVoxelsAsVolumes() {
		assertEquals(3, MpPcaOptions.DEFAULTS.windowFor(17));
		assertEquals(5, MpPcaOptions.DEFAULTS.windowFor(65));
		assertEquals(7, MpPcaOptions.DEFAULTS.windowFor(288));
		assertEquals(9, MpPcaOptions.DEFAULTS.withWindow(9).windowFor(17));
	}

	@Test
	void theTimeIsEstimatedFirstAndAnAutomaticStrideFitsTheBudget() throws IOException {
		float[][] cn = cleanAndNoisy(6);
		org.san2n.LoggedProgress roomy = new org.san2n.LoggedProgress();
		MpPca.denoise(scan(cn[1]), null, false, MpPcaOptions.DEFAULTS, roomy);
		assertTrue(roomy.lines.get(0).startsWith("MP-PCA: ") && roomy.lines.get(0).contains("(stride 1, automatic: the finest whose windows fit 20m00s on the reference CPU): about "),
				roomy.lines.toString());
		// A budget no stride can meet: the coarsest the window allows, and what stride 1 would have cost.
		org.san2n.LoggedProgress tight = new org.san2n.LoggedProgress();
		MpPca.denoise(scan(cn[1]), null, false, MpPcaOptions.DEFAULTS.withBudgetMinutes(1e-9), tight);
		int k = MpPcaOptions.DEFAULTS.windowFor(N);
		String expected = "(stride " + Math.min(MpPcaOptions.MAX_STRIDE, k) + ", automatic: ";
		assertTrue(tight.lines.get(0).contains(expected) && tight.lines.get(0).contains("stride 1 would take about"), tight.lines.toString());
		// The choice is the reference CPU's, not this machine's: an HCP-sized scan (288 volumes, window 7) gets stride 2 in
		// 20 minutes (stride 1 would take ~2.1 h, 2 ~16.5 min, 3 ~5 min, 4 ~2.2 min on 2 reference cores, every window
		// counted), a clinical one stride 1.
		assertEquals(2, MpPca.automaticStride(145, 174, 145, 343, 288, 7, 2, 20 * 60));
		assertEquals(3, MpPca.automaticStride(145, 174, 145, 343, 288, 7, 2, 15 * 60));
		assertEquals(4, MpPca.automaticStride(145, 174, 145, 343, 288, 7, 2, 3 * 60));
		assertEquals(1, MpPca.automaticStride(145, 174, 145, 343, 288, 7, 2, 3 * 3600));
		assertEquals(1, MpPca.automaticStride(96, 96, 60, 125, 65, 5, 2, 20 * 60));
		assertEquals(4, MpPca.centres(10, 3), "0, 3, 6, 9");
		assertEquals(5, MpPca.centres(11, 3), "0, 3, 6, 9 and the last, 10");
		assertTrue(MpPca.estimate(100, 100, 60, 1, 0.01, 2) > 7 * MpPca.estimate(100, 100, 60, 2, 0.01, 2));
		IllegalArgumentException wide = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> MpPca.denoise(scan(cn[1]), null, false, MpPcaOptions.DEFAULTS.withStride(4).withWindow(3), Progress.NONE));
		assertTrue(wide.getMessage().contains("larger than the window"), wide.getMessage());
	}

	/** The count the time estimate is scaled by: the windows Window.touches lets through, at strides 1 and 3. */
	@Test
	void windowsTouchingTheRegionAreTheOnesComputed() {
		int nx = 17, ny = 13, nz = 9, k = 5;
		byte[] inside = new byte[nx * ny * nz];
		java.util.SplittableRandom r = new java.util.SplittableRandom(3);
		for (int i = 0; i < inside.length; i++)
			if (r.nextDouble() < 0.004) inside[i] = 1;
		inside[0] = 1; // a corner: windows clamped at the border
		MpPca.Window w = new MpPca.Window(20, k, k, k, MarchenkoPastur.Estimator.EXP2);
		for (int step : new int[] { 1, 3 }) {
			long expected = 0;
			for (int z = 0; z < nz; z = MpPca.next(z, step, nz))
				for (int y = 0; y < ny; y = MpPca.next(y, step, ny))
					for (int x = 0; x < nx; x = MpPca.next(x, step, nx))
						if (w.touches(inside, nx, ny, nz, x, y, z)) expected++;
			long counted = MpPca.windowsTouching(inside, nx, ny, nz, k, k, k, k, step);
			assertEquals(expected, counted, "stride " + step);
			assertTrue(counted > 0 && counted < MpPca.centres(nx, step) * MpPca.centres(ny, step) * MpPca.centres(nz, step), "stride " + step);
		}
	}
}
