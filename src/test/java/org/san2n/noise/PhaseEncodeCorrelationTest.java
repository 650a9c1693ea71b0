package org.san2n.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.qspace.GradientTable;

import net.imglib2.img.array.ArrayImgs;

class PhaseEncodeCorrelationTest {

	static final int W = 40, H = 36, D = 6, N = 6;
	static final long[] GRID = { W, H, D };
	final GradientTable table = TestModels.table(N, 3);

	/** Lag-1 correlation of {@code z} along x (axis 0) or y (axis 1). */
	static double lag1(float[] z, int axis) {
		double ab = 0, aa = 0, bb = 0;
		for (int k = 0; k < D; k++)
			for (int y = 0; y < H - (axis == 1 ? 1 : 0); y++)
				for (int x = 0; x < W - (axis == 0 ? 1 : 0); x++) {
					int i = (k * H + y) * W + x, j = i + (axis == 0 ? 1 : W);
					ab += z[i] * z[j];
					aa += z[i] * z[i];
					bb += z[j] * z[j];
				}
		return ab / Math.sqrt(aa * bb);
	}

	@Test
	void noiseHasTheNeighbourCorrelationAlongItsAxisOnlyAndUnitVariance() {
		for (int axis = 0; axis < 2; axis++) {
			PhaseEncodeCorrelation c = new PhaseEncodeCorrelation(axis, 0.2);
			float[] z = c.noise(GRID, new SplittableRandom(7));
			double sum2 = 0;
			for (float v : z)
				sum2 += v * v;
			assertEquals(1, sum2 / z.length, 0.05, "unit variance");
			assertEquals(0.2, lag1(z, axis), 0.03, "along axis " + axis);
			assertEquals(0, lag1(z, 1 - axis), 0.03, "across axis " + axis);
		}
		float[] white = PhaseEncodeCorrelation.NONE.noise(GRID, new SplittableRandom(7));
		assertEquals(0, lag1(white, 0), 0.03);
		assertEquals(0, lag1(white, 1), 0.03);
		// NONE draws exactly what one Gaussian per voxel gives (the recorruption before this class, unchanged).
		SplittableRandom r = new SplittableRandom(7);
		for (int i = 0; i < 10; i++)
			assertEquals((float) r.nextGaussian(), white[i]);
	}

	@Test
	void neighbourWeightGivesTheCorrelation() {
		for (double rho : new double[] { 0.1, 0.21, 0.4 }) {
			double c = new PhaseEncodeCorrelation(1, rho).neighbourWeight();
			assertEquals(rho, c / (1 + c * c), 1e-12);
		}
		assertEquals(0, PhaseEncodeCorrelation.NONE.neighbourWeight());
	}

	/** A smooth signal plus noise of {@code correlation}, per volume. */
	private DwiScan scan(float[] signal, PhaseEncodeCorrelation correlation, long seed) {
		int size = W * H * D;
		float[] data = new float[size * N];
		SplittableRandom r = new SplittableRandom(seed);
		for (int v = 0; v < N; v++) {
			float[] z = correlation.noise(GRID, r);
			for (int i = 0; i < size; i++)
				data[v * size + i] = signal[i] + 10 * z[i];
		}
		return new DwiScan(ArrayImgs.floats(data, W, H, D, N), table, TestModels.scan(2, 2, 2, table, 1).geometry());
	}

	private DwiScan clean(float[] signal) {
		float[] data = new float[signal.length * N];
		for (int v = 0; v < N; v++)
			System.arraycopy(signal, 0, data, v * signal.length, signal.length);
		return new DwiScan(ArrayImgs.floats(data, W, H, D, N), table, TestModels.scan(2, 2, 2, table, 1).geometry());
	}

	private static float[] signal() {
		float[] s = new float[W * H * D];
		for (int i = 0; i < s.length; i++)
			s[i] = (float) (200 + 50 * Math.sin(i % W / 7.0) * Math.cos(i / W % H / 5.0));
		return s;
	}

	@Test
	void measureFindsTheAxisAndTheCorrelationOfTheResidual() {
		float[] signal = signal();
		BrainMask mask = BrainMask.full(GRID);
		for (int axis = 0; axis < 2; axis++) {
			PhaseEncodeCorrelation found = PhaseEncodeCorrelation.measure(scan(signal, new PhaseEncodeCorrelation(axis, 0.21), 5), clean(signal),
					mask);
			assertTrue(found.found(), found.describe());
			assertEquals(axis, found.axis());
			assertEquals(0.21, found.rho(), 0.03);
		}
		PhaseEncodeCorrelation white = PhaseEncodeCorrelation.measure(scan(signal, PhaseEncodeCorrelation.NONE, 5), clean(signal), mask);
		assertFalse(white.found(), white.describe());
		assertEquals(PhaseEncodeCorrelation.NONE, white);
	}

	@Test
	void onlyTheMaskIsMeasured() {
		float[] signal = signal();
		// Correlated noise in the left half, white in the right: the mask of the right half finds none.
		DwiScan correlated = scan(signal, new PhaseEncodeCorrelation(1, 0.3), 5), white = scan(signal, PhaseEncodeCorrelation.NONE, 6);
		float[] mixed = correlated.toArray(), w = white.toArray();
		byte[] inside = new byte[W * H * D];
		for (int i = 0; i < mixed.length; i++)
			if (i % W >= W / 2) mixed[i] = w[i];
		for (int i = 0; i < inside.length; i++)
			inside[i] = (byte) (i % W >= W / 2 ? 1 : 0);
		DwiScan scan = new DwiScan(ArrayImgs.floats(mixed, W, H, D, N), table, correlated.geometry());
		assertFalse(PhaseEncodeCorrelation.measure(scan, clean(signal), BrainMask.of(inside, GRID)).found());
		for (int i = 0; i < inside.length; i++)
			inside[i] = (byte) (1 - inside[i]);
		assertTrue(PhaseEncodeCorrelation.measure(scan, clean(signal), BrainMask.of(inside, GRID)).found());
	}

	@Test
	void refusesWhatItCannotBe() {
		assertThrows(IllegalArgumentException.class, () -> new PhaseEncodeCorrelation(2, 0.2));
		assertThrows(IllegalArgumentException.class, () -> new PhaseEncodeCorrelation(0, 0.6));
		assertThrows(IllegalArgumentException.class, () -> new PhaseEncodeCorrelation(-1, 0.2));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> PhaseEncodeCorrelation.measure(scan(signal(), PhaseEncodeCorrelation.NONE, 1), clean(signal()), BrainMask.full(W, H, D + 1)));
		assertTrue(e.getMessage().contains("same grid"), e.getMessage());
	}
}
