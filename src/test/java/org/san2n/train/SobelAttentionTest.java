package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class SobelAttentionTest {

	@Test
	void unitRampHasUnitGradientInside() {
		// f = x on 5³: derivative [1,0,−1] gives −2, the smoothing weights sum to 4·4, /32 → |∇f| = 1.
		int n = 5;
		float[] f = new float[n * n * n];
		for (int i = 0; i < f.length; i++)
			f[i] = i % n;
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			float[] g = SobelAttention.gradientMagnitude(m.create(f, new Shape(1, 1, n, n, n))).toFloatArray();
			for (int z = 1; z < n - 1; z++)
				for (int y = 1; y < n - 1; y++)
					for (int x = 1; x < n - 1; x++)
						assertEquals(1f, g[(z * n + y) * n + x], 1e-6, "at " + x + "," + y + "," + z);
		}
	}

	@Test
	void constantFieldAtACornerSeesTheZeroPadding() {
		// c = 3 everywhere; at voxel (0,0,0) along x: 0·1 + c·(−1) across, weighted by the smoothing of the
		// voxels present in y and z (2 + 1 each): −9c/32; the same along y and z → |∇| = 9c√3/32.
		int n = 4;
		float[] f = new float[n * n * n];
		java.util.Arrays.fill(f, 3f);
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			float[] g = SobelAttention.gradientMagnitude(m.create(f, new Shape(1, 1, n, n, n))).toFloatArray();
			assertEquals(9 * 3 * Math.sqrt(3) / 32, g[0], 1e-5);
			assertEquals(0f, g[(1 * n + 1) * n + 1], 1e-6, "no gradient inside a constant field");
		}
	}

	@Test
	void weightsAreASoftmaxOverChannelsOfEachChannelsOwnGradient() {
		// Channel 0 a unit ramp in x, channel 1 twice a ramp in z: inside, |∇| = 1 and 2, so
		// W = (e¹, e²)/(e¹ + e²).
		int n = 4;
		float[] f = new float[2 * n * n * n];
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) {
					f[(z * n + y) * n + x] = x;
					f[n * n * n + (z * n + y) * n + x] = 2 * z;
				}
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			float[] w = SobelAttention.weights(m.create(f, new Shape(1, 2, n, n, n))).toFloatArray();
			int inside = (1 * n + 1) * n + 1;
			double e1 = Math.exp(1), e2 = Math.exp(2);
			assertEquals(e1 / (e1 + e2), w[inside], 1e-6);
			assertEquals(e2 / (e1 + e2), w[n * n * n + inside], 1e-6);
		}
	}
}
