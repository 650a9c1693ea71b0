package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.progress.Progress;
import org.san2n.qspace.GradientTable;

import net.imglib2.img.array.ArrayImgs;

class RicianBiasTest {

	@Test
	void meanMagnitudeMatchesScipy() {
		// numpy/scipy: sqrt(pi/2) * ((1 + 2x) i0e(x) + 2x i1e(x)), x = a²/4
		double[][] ref = { { 0, 1.2533141373155001 }, { 0.5, 1.3304473406107027 }, { 1, 1.5485724605511455 },
				{ 2, 2.2723834280687423 }, { 3, 3.1725772879007175 }, { 5, 5.101069639492125 },
				{ 10, 10.050126936677417 }, { 30, 30.01667130403928 } };
		for (double[] r : ref)
			assertEquals(r[1], RicianBias.meanMagnitude(r[0]), 1e-9, "a = " + r[0]);
	}

	@Test
	void signalInvertsTheMean() {
		for (double a : new double[] { 0.05, 0.3, 1, 2.5, 7, 39, 60, 500 })
			assertEquals(a * 12, RicianBias.signal(12 * RicianBias.meanMagnitude(a), 12), 2e-3 * 12 * Math.max(1, a / 10), "a = " + a);
		assertEquals(0, RicianBias.signal(1.2 * 12, 12), "below the Rayleigh mean: no signal");
		assertEquals(0, RicianBias.signal(0, 12));
	}

	/** The "denoised" scan is the exact Rician mean at a known σ, as a perfect denoiser would give. */
	@Test
	void biasRemovedAtTheKnownSigma() {
		int nx = 40, ny = 40, nz = 10, n = 6;
		double sigma = 10;
		GradientTable table = TestModels.table(n, 1);
		float[] mean = new float[nx * ny * nz * n], signal = new float[mean.length];
		for (int i = 0; i < mean.length; i++) {
			double a = 5 + 45 * ((i % nx) / (double) nx) * (1 + (i / (nx * ny * nz)) % 3) / 3; // 0.5σ … 5σ
			mean[i] = (float) (sigma * RicianBias.meanMagnitude(a / sigma));
			signal[i] = (float) a;
		}
		long[] shape = { nx, ny, nz, n };
		org.san2n.space.ScanGeometry h = org.san2n.space.ScanGeometry.axisAligned(new double[] { 1, 1, 1 });
		DwiScan denoised = new DwiScan(ArrayImgs.floats(mean.clone(), shape), table, h);
		RicianBias.forCoils(1).correctOn(denoised, null, level(nx * ny * nz, sigma), Progress.NONE);
		float[] out = denoised.toArray();
		double before = 0, after = 0;
		for (int i = 0; i < out.length; i++) {
			before += Math.abs(mean[i] - signal[i]);
			after += Math.abs(out[i] - signal[i]);
			assertTrue(out[i] > 0 && out[i] <= mean[i] + 1e-3, "between 0 and the biased value: " + out[i] + " for " + mean[i]);
		}
		// 0.13 at the true σ (0.30 when UNCERTAINTY was 0.5): the posterior keeps values near the floor, by design.
		assertTrue(after < 0.15 * before, "most of the bias is gone: " + after / before);
	}

	@Test
	void theEstimateIsTheInversionFarAboveTheNoiseAndShrinksNearIt() {
		for (double a : new double[] { 6, 10, 30 }) {
			double m = 3 * RicianBias.meanMagnitude(a);
			assertEquals(RicianBias.signal(m, 3), RicianBias.estimate(m, 3), 0.01 * 3 * a, "a = " + a);
		}
		for (double r : new double[] { 0.5, 1.0, 1.3, 1.6, 2.0 }) {
			double e = RicianBias.estimate(r * 3, 3);
			assertTrue(e > 0, "no zeros (they wreck tensor fits): r = " + r);
			if (r >= 1.3) assertTrue(e < r * 3, "the bias is removed at r = " + r + ": " + e);
		}
		// below the Rayleigh mean √(π/2) the plain inversion gives 0, the estimate a small positive signal
		assertEquals(0, RicianBias.signal(3, 3));
		assertTrue(RicianBias.estimate(3, 3) > 0.25 * 3, "0.34σ at UNCERTAINTY 0.2: " + RicianBias.estimate(3, 3));
	}

	@Test
	void severalCoilsGiveTheNonCentralChiMeanAndFloor() {
		for (double a : new double[] { 0, 0.5, 2, 5, 11.9, 12.1, 30 })
			assertEquals(RicianBias.meanMagnitude(a), RicianBias.meanMagnitude(a, 1), 1e-12, "one coil is Rician, a = " + a);
		// The floor √2·Γ(L + ½)/Γ(L): 2.7416 for four coils (Γ(4.5) = 11.6317, Γ(4) = 6).
		assertEquals(Math.sqrt(2) * 11.631728396567448 / 6, RicianBias.meanMagnitude(0, 4), 1e-9);
		// Monte Carlo: four coils of unit σ, the signal in one of them.
		SplittableRandom r = new SplittableRandom(3);
		for (double a : new double[] { 0, 1, 3, 8, 14 }) {
			double sum = 0;
			int draws = 400_000;
			for (int k = 0; k < draws; k++) {
				double m2 = Math.pow(a + r.nextGaussian(), 2);
				for (int c = 0; c < 7; c++)
					m2 += Math.pow(r.nextGaussian(), 2);
				sum += Math.sqrt(m2);
			}
			assertEquals(sum / draws, RicianBias.meanMagnitude(a, 4), 0.005 * Math.max(1, a), "a = " + a);
		}
	}

	@Test
	void fourCoilBiasIsRemovedWithFourCoilsAndNotWithOne() {
		int nx = 40, ny = 40, nz = 10, n = 6, coils = 4;
		double sigma = 10;
		GradientTable table = TestModels.table(n, 1);
		float[] mean = new float[nx * ny * nz * n], signal = new float[mean.length];
		for (int i = 0; i < mean.length; i++) {
			double a = 5 + 45 * ((i % nx) / (double) nx);
			mean[i] = (float) (sigma * RicianBias.meanMagnitude(a / sigma, coils));
			signal[i] = (float) a;
		}
		long[] shape = { nx, ny, nz, n };
		org.san2n.space.ScanGeometry h = org.san2n.space.ScanGeometry.axisAligned(new double[] { 1, 1, 1 });
		RicianBias four = RicianBias.forCoils(coils);
		DwiScan denoised = new DwiScan(ArrayImgs.floats(mean.clone(), shape), table, h);
		four.correctOn(denoised, null, level(nx * ny * nz, sigma), Progress.NONE);
		DwiScan asOne = new DwiScan(ArrayImgs.floats(mean.clone(), shape), table, h);
		RicianBias.forCoils(1).correctOn(asOne, null, level(nx * ny * nz, sigma), Progress.NONE);
		double before = 0, withFour = 0, withOne = 0;
		float[] o4 = denoised.toArray(), o1 = asOne.toArray();
		for (int i = 0; i < o4.length; i++) {
			before += Math.abs(mean[i] - signal[i]);
			withFour += Math.abs(o4[i] - signal[i]);
			withOne += Math.abs(o1[i] - signal[i]);
		}
		assertTrue(withFour < 0.35 * before, "four coils: most of the bias gone: " + withFour / before);
		assertTrue(withOne > 2 * withFour, "one coil assumed: bias left " + withOne / before + " against " + withFour / before);
	}

	private static float[] level(int voxels, double sigma) {
		float[] map = new float[voxels];
		java.util.Arrays.fill(map, (float) sigma);
		return map;
	}

	@Test
	void theVarianceRatioAtAMeanIsTheRatioAtTheSignalWithThatMean() {
		for (int coils : new int[] { 1, 4 }) {
			RicianBias bias = RicianBias.forCoils(coils);
			for (double a : new double[] { 0.3, 1, 2, 4, 9, 30 })
				assertEquals(bias.varianceRatioOf(a), bias.varianceRatioAtMean(RicianBias.meanMagnitude(a, coils)), 2e-3, coils + " coils, a = " + a);
			// No signal: 2L − μ_L(0)², 2 − π/2 for one coil; far above the floor, the Gaussian limit 1.
			assertEquals(2 * coils - Math.pow(RicianBias.meanMagnitude(0, coils), 2), bias.varianceRatioAtMean(0.1), 1e-9);
			assertEquals(1, bias.varianceRatioAtMean(100), 1e-9);
		}
		assertEquals(2 - Math.PI / 2, RicianBias.forCoils(1).varianceRatioAtMean(0), 1e-9);
	}

	@Test
	void removingTheBiasNeverRaisesAValue() {
		// E[M] ≥ A: below the floor (background a scanner scaled down) the posterior would lift values; it must not.
		// Many coils (a wrong --coils, an overestimated σ) put values far below the floor (μ(0) = 16.0 for 128 coils):
		// the estimate must stay finite, never above the value, and grow with it (posterior means under a likelihood with
		// monotone ratio are monotone).
		for (int coils : new int[] { 1, 4, 64, 128 }) {
			RicianBias bias = RicianBias.forCoils(coils);
			double before = 0;
			for (double r = 0; r <= 70; r += 0.0137) {
				double estimate = bias.estimateOf(r * 10, 10);
				org.junit.jupiter.api.Assertions.assertTrue(estimate <= r * 10 && estimate >= 0, coils + " coils, r = " + r + ": " + estimate);
				org.junit.jupiter.api.Assertions.assertTrue(estimate >= before - 1e-9, coils + " coils, r = " + r + ": " + estimate + " below " + before);
				before = estimate;
			}
		}
	}
}
