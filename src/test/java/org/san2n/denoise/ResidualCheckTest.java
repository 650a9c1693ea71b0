package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.model.OutputCheck;
import org.san2n.progress.Progress;
import org.san2n.qspace.GradientTable;

import net.imglib2.img.array.ArrayImgs;

class ResidualCheckTest {

	static final int NX = 16, NY = 16, NZ = 8, N = 13, VOX = NX * NY * NZ;
	static final double SIGMA = 20;
	static final GradientTable TABLE = TestModels.table(N, 7);

	/**
	 * b0 1000; diffusion-weighted 400·(1 + 2(g·e)²) with a fibre direction e of its own in every row of x
	 * (random, so that volume means hardly depend on the direction), a little smooth variation along x.
	 */
	static float[] clean() {
		SplittableRandom r = new SplittableRandom(11);
		double[][] fibre = new double[NY * NZ][];
		for (int row = 0; row < fibre.length; row++) {
			double x = r.nextGaussian(), y = r.nextGaussian(), z = r.nextGaussian(), l = Math.sqrt(x * x + y * y + z * z);
			fibre[row] = new double[] { x / l, y / l, z / l };
		}
		float[] c = new float[VOX * N];
		for (int v = 0; v < N; v++) {
			double[] g = TABLE.bvecs()[v];
			for (int i = 0; i < VOX; i++) {
				double[] e = fibre[i / NX];
				double ge = g[0] * e[0] + g[1] * e[1] + g[2] * e[2];
				double s = v == 0 ? 1000 : 400 * (1 + 2 * ge * ge);
				c[v * VOX + i] = (float) (s * (1 + 0.1 * Math.sin(i % NX / 3.0)));
			}
		}
		return c;
	}

	static float[] plusNoise(float[] c, double sigma, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] n = c.clone();
		for (int i = 0; i < n.length; i++)
			n[i] += (float) (sigma * r.nextGaussian());
		return n;
	}

	static DwiScan scan(float[] voxels) {
		long[] shape = { NX, NY, NZ, N };
		double[][] affine = { { 2, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 2, 0 }, { 0, 0, 0, 1 } };
		return new DwiScan(ArrayImgs.floats(voxels, shape), TABLE, org.san2n.space.ScanGeometry.of(affine, 1));
	}

	static OutputCheck check(float[] noisy, float[] out) {
		return ResidualCheck.of(scan(noisy), scan(out), BrainMask.full(NX, NY, NZ), SIGMA, "test", Progress.NONE);
	}

	@Test
	void theCleanSignalPasses() {
		float[] c = clean();
		OutputCheck ok = check(plusNoise(c, SIGMA, 1), c);
		assertTrue(ok.passed(), ok.problems().toString());
		assertEquals(SIGMA, ok.spread()[3], 2);
	}

	@Test
	void aMovedVolumeMeanFails() {
		float[] c = clean(), out = c.clone();
		for (int i = 0; i < VOX; i++)
			out[i] *= 1.4f; // the b0, as a collapsed network was seen to do
		OutputCheck bad = check(plusNoise(c, SIGMA, 2), out);
		assertFalse(bad.passed());
		assertTrue(bad.problems().get(0).startsWith("volume 0 (b=0): mean moved from"), bad.problems().toString());
	}

	@Test
	void removingSignalFails() {
		float[] c = clean();
		OutputCheck bad = check(plusNoise(c, SIGMA, 3), plusNoise(c, 2.5 * SIGMA, 4));
		assertFalse(bad.passed());
		assertTrue(bad.problems().stream().anyMatch(p -> p.contains("signal was removed")), bad.problems().toString());
	}

	@Test
	void averagingTheDirectionsFails() {
		float[] c = clean(), out = c.clone();
		for (int i = 0; i < VOX; i++) { // every diffusion-weighted volume becomes their mean: no anisotropy left
			double mean = 0;
			for (int v = 1; v < N; v++)
				mean += c[v * VOX + i] / (N - 1.0);
			for (int v = 1; v < N; v++)
				out[v * VOX + i] = (float) mean;
		}
		OutputCheck bad = check(plusNoise(c, SIGMA, 5), out);
		assertFalse(bad.passed());
		assertTrue(bad.problems().stream().anyMatch(p -> p.startsWith("shell b=1000: the output keeps 0 % of the directional contrast")),
				bad.problems().toString());
		assertTrue(bad.problems().stream().noneMatch(p -> p.contains("mean moved")), "volume means hardly move: " + bad.problems());
	}
}
