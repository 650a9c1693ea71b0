package org.san2n.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.san2n.TestScans;
import org.san2n.dwi.DwiScan;
import org.san2n.qspace.GradientTable;

import net.imglib2.img.array.ArrayImgs;

class NoiseEstimatorTest {

	private static DwiScan scan(float[] data, long... shape) {
		int nv = (int) shape[3];
		double[][] g = new double[nv][3];
		double[][] affine = { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };
		return new DwiScan(ArrayImgs.floats(data, shape), new GradientTable(new double[nv], g),
				org.san2n.space.ScanGeometry.of(affine, 1));
	}

	@Test
	void nanVoxelsCountAsZero() {
		float[] zeros = TestScans.ramp987(), nans = TestScans.ramp987();
		for (int i = 0; i < zeros.length; i += 5) {
			zeros[i] = 0;
			nans[i] = Float.NaN;
		}
		assertEquals(NoiseEstimator.estimate(scan(zeros, 9, 8, 7, 1), 0)[0], NoiseEstimator.estimate(scan(nans, 9, 8, 7, 1), 0)[0], 0);
	}

	@Test
	void matchesDipyEstimateSigma() {
		// DIPY 1.6 estimate_sigma on TestScans.ramp987: N=0 → 5.1832447, N=1 → 7.911703.
		DwiScan s = scan(TestScans.ramp987(), 9, 8, 7, 1);
		assertEquals(5.1832447, NoiseEstimator.estimate(s, 0)[0], 1e-5);
		assertEquals(7.911703, NoiseEstimator.estimate(s, 1)[0], 1e-5);
	}

	@Test
	void recoversTheLevelOfPureGaussianNoisePerVolume() {
		Random r = new Random(1);
		int n = 32 * 32 * 32;
		float[] d = new float[2 * n];
		for (int i = 0; i < n; i++) {
			d[i] = (float) (5 * r.nextGaussian());
			d[n + i] = (float) (100 + 20 * r.nextGaussian());
		}
		double[] sigma = NoiseEstimator.estimate(scan(d, 32, 32, 32, 2), 0);
		assertEquals(5, sigma[0], 0.25, "reflected borders bias it low by a few percent, as in DIPY");
		assertEquals(20, sigma[1], 1.0);
	}

	@Test
	void refusesUnknownCoilCounts() {
		assertThrows(IllegalArgumentException.class, () -> NoiseEstimator.coilFactor(3));
	}
}
