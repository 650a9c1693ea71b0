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

class MeasurementFusionTest {

	static final int X = 20, Y = 20, Z = 20, N = 3;
	final GradientTable table = TestModels.table(N, 1);

	private DwiScan scan(float[] v) {
		return new DwiScan(ArrayImgs.floats(v.clone(), X, Y, Z, N), table, TestModels.scan(2, 2, 2, table, 1).geometry());
	}

	private static double rmse(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += (a[i] - b[i]) * (double) (a[i] - b[i]);
		return Math.sqrt(s / a.length);
	}

	@Test
	void aGoodPredictionIsKeptAndAFailedOneGivesWayToTheMeasurement() {
		SplittableRandom r = new SplittableRandom(4);
		int size = X * Y * Z * N;
		float[] clean = new float[size], noisy = new float[size], good = new float[size], bad = new float[size];
		double sigma = 10;
		for (int i = 0; i < size; i++) {
			int x = i % X;
			clean[i] = x < X / 2 ? 100 : 300; // an edge
			noisy[i] = (float) (clean[i] + sigma * r.nextGaussian());
			good[i] = (float) (clean[i] + 2 * r.nextGaussian()); // τ = 2 ≪ σ
			bad[i] = 200; // misses the edge by 100 ≫ σ
		}
		DwiScan y = scan(noisy);
		DwiScan fusedGood = scan(good), fusedBad = scan(bad);
		double wGood = MeasurementFusion.fuse(y, fusedGood, null, sigma, Progress.NONE);
		double wBad = MeasurementFusion.fuse(y, fusedBad, null, sigma, Progress.NONE);
		assertTrue(wGood < 0.2, "a prediction 5× better than the noise keeps most of its weight: " + wGood);
		assertTrue(wBad > 0.95, "a prediction off by 10 σ gives way to the measurement: " + wBad);
		assertTrue(rmse(fusedGood.toArray(), clean) < 3, "fused good prediction stays near its error of 2");
		assertEquals(sigma, rmse(fusedBad.toArray(), clean), 1.5, "fused bad prediction ≈ the measurement");
	}
}
