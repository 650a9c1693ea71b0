package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Each term against a computation written out with loops in double precision on a tiny tensor: batch 2,
 * 3 channels (the last one self-paired), 2³ voxels.
 */
class San2nLossTest {

	static final int B = 2, N = 3, H = 2, V = H * H * H;
	static final double[] SIGMA = { 0.3, 0.5, 0.4 };
	static final boolean[] PAIRED = { true, true, false };
	static final LossWeights W = new LossWeights(2.5, 0.75, 1.0, 1.0, 0.01);

	final double[][] t = new double[6][B * N * V]; // a, g2P, g1P', g1fP, g2fP, g1fP'

	San2nLossTest() {
		SplittableRandom r = new SplittableRandom(5);
		for (double[] x : t)
			for (int i = 0; i < x.length; i++)
				x[i] = 0.5 + r.nextDouble() * 2;
		t[1][3] = 0; // a zero target: its log(y) term counts as 0
	}

	@Test
	void everyTermMatchesTheHandComputation() {
		check(1.0);
	}

	@Test
	void termsAreInTheScansUnitsWhateverTheNetworksScale() {
		check(250.0);
	}

	private void check(double scale) {
		double[] expected = reference();
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			NDArray[] a = new NDArray[6];
			for (int k = 0; k < 6; k++) {
				float[] f = new float[t[k].length];
				for (int i = 0; i < f.length; i++)
					f[i] = (float) (t[k][i] / scale); // network units
				a[k] = m.create(f, new Shape(B, N, H, H, H));
			}
			double[] sigma = SIGMA.clone();
			San2nLoss loss = new San2nLoss(sigma, PAIRED, scale);
			LossTerms v = loss.evaluate(new San2nLoss.Inputs(a[0], a[1], a[2], a[3], a[4], a[5]), W).values();
			double[] got = { v.l1(), v.l2(), v.lq(), v.lq2(), v.lr(), v.total() };
			String[] names = { "L1", "L2", "Lq", "Lq2", "Lr", "total" };
			for (int k = 0; k < got.length; k++)
				assertEquals(expected[k], got[k], 2e-5 * Math.max(1, Math.abs(expected[k])), names[k] + " at scale " + scale);
		}
	}

	/** L1, L2, Lq, Lq2, Lr, total, with the data as given in {@link #t} (scan units). */
	private double[] reference() {
		double[] a = t[0], g2p = t[1], g1q = t[2], g1fp = t[3], g2fp = t[4], g1fq = t[5];
		int count = B * N * V;
		double l1 = 0, l2 = 0;
		for (int i = 0; i < count; i++) {
			l1 += sq(a[i] - g2p[i]);
			l2 += sq(a[i] - g2p[i] - (g1fp[i] - g2fp[i]));
		}
		l1 /= count;
		l2 = W.lambda1() * l2 / count;

		double[] grad = new double[count];
		for (int b = 0; b < B; b++)
			for (int c = 0; c < N; c++)
				for (int z = 0; z < H; z++)
					for (int y = 0; y < H; y++)
						for (int x = 0; x < H; x++)
							grad[at(b, c, x, y, z)] = sobelMagnitude(g1fp, b, c, x, y, z);
		double lq = 0, lq2 = 0;
		int paired = 0;
		for (boolean p : PAIRED)
			if (p) paired++;
		for (int b = 0; b < B; b++)
			for (int v = 0; v < V; v++) {
				double denominator = 0;
				for (int c = 0; c < N; c++)
					denominator += Math.exp(grad[(b * N + c) * V + v]);
				for (int c = 0; c < N; c++) {
					if (!PAIRED[c]) continue;
					int i = (b * N + c) * V + v;
					double w = Math.exp(grad[i]) / denominator;
					lq += w * sq(a[i] - g1q[i]);
					lq2 += w * sq(a[i] - g1q[i] - (g1fp[i] - g1fq[i]));
				}
			}
		lq = W.lambda2() * lq / (B * paired * V);
		lq2 = W.lambda2() * lq2 / (B * paired * V);

		double lr = 0;
		for (int b = 0; b < B; b++)
			for (int c = 0; c < N; c++)
				for (int v = 0; v < V; v++) {
					int i = (b * N + c) * V + v;
					double y = g2p[i], mu = a[i], s2 = SIGMA[c] * SIGMA[c];
					double logY = y > 0 ? Math.log(y / s2) : 0;
					double zz = y * mu / s2;
					lr += logY - (y * y + mu * mu) / (2 * s2) + LogBesselI0eTest.exact(zz) + zz;
				}
		lr = -lr / B;
		double total = W.bigLambda1() * l1 + W.bigLambda2() * l2 + lq + lq2 + W.beta() * lr;
		return new double[] { l1, l2, lq, lq2, lr, total };
	}

	/** 3D Sobel of one channel at one voxel, zero outside the 2³ block: kernels s⊗s⊗d / 32. */
	private static double sobelMagnitude(double[] f, int b, int c, int x, int y, int z) {
		int[] s = { 1, 2, 1 }, d = { 1, 0, -1 };
		double gx = 0, gy = 0, gz = 0;
		for (int k = 0; k < 3; k++)
			for (int j = 0; j < 3; j++)
				for (int i = 0; i < 3; i++) {
					int xx = x + i - 1, yy = y + j - 1, zz = z + k - 1;
					if (xx < 0 || yy < 0 || zz < 0 || xx >= H || yy >= H || zz >= H) continue;
					double v = f[at(b, c, xx, yy, zz)];
					gx += s[k] * s[j] * d[i] * v;
					gy += s[k] * d[j] * s[i] * v;
					gz += d[k] * s[j] * s[i] * v;
				}
		return Math.sqrt(gx * gx + gy * gy + gz * gz) / 32;
	}

	private static int at(int b, int c, int x, int y, int z) {
		return ((b * N + c) * H + z) * H * H + y * H + x;
	}

	private static double sq(double v) {
		return v * v;
	}

	@Test
	void withNoPairedVolumeTheAngularTermsAreZero() {
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			NDArray x = m.ones(new Shape(1, 2, 2, 2, 2)), y = x.mul(2f);
			San2nLoss loss = new San2nLoss(new double[] { 1, 1 }, new boolean[] { false, false }, 1);
			LossTerms v = loss.evaluate(new San2nLoss.Inputs(x, x, y, y, x, x), W).values();
			assertEquals(0, v.lq(), 0);
			assertEquals(0, v.lq2(), 0);
		}
	}

	@Test
	void refusesANonPositiveNoiseLevel() {
		assertThrows(IllegalArgumentException.class, () -> new San2nLoss(new double[] { 1, 0 }, new boolean[2], 1));
	}
}
