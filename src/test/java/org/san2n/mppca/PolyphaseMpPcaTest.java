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

import net.imglib2.img.array.ArrayImgs;

class PolyphaseMpPcaTest {

	static final int NX = 40, NY = 36, NZ = 10, N = 30;
	static final double SIGMA = 5;

	/**
	 * A rank-3 signal and that signal plus noise interpolated 2× in-plane (each noise value shared by a 2×2 block of
	 * voxels, as nearest-neighbour upsampling makes it: the extreme of correlated neighbours).
	 */
	static float[][] cleanAndCorrelated(long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[][] profile = new double[3][N];
		for (int c = 0; c < 3; c++)
			for (int v = 0; v < N; v++)
				profile[c][v] = c == 0 ? 1 : 0.3 * r.nextGaussian();
		double[] low = new double[(NX / 2) * (NY / 2) * NZ * N];
		for (int i = 0; i < low.length; i++)
			low[i] = SIGMA * r.nextGaussian();
		float[] clean = new float[NX * NY * NZ * N], noisy = new float[clean.length];
		for (int v = 0; v < N; v++)
			for (int z = 0; z < NZ; z++)
				for (int y = 0; y < NY; y++)
					for (int x = 0; x < NX; x++) {
						double[] map = { 100 + 20 * Math.sin(x / 8.0), 40 * Math.cos(y / 10.0), 30 * Math.sin((x + z) / 12.0) };
						double s = 0;
						for (int c = 0; c < 3; c++)
							s += map[c] * profile[c][v];
						int i = ((v * NZ + z) * NY + y) * NX + x;
						clean[i] = (float) s;
						noisy[i] = (float) (s + low[((v * NZ + z) * (NY / 2) + y / 2) * (NX / 2) + x / 2]);
					}
		return new float[][] { clean, noisy };
	}

	static DwiScan scan(float[] voxels) {
		double[][] affine = { { 2, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 2, 0 }, { 0, 0, 0, 1 } };
		return new DwiScan(ArrayImgs.floats(voxels, NX, NY, NZ, N), TestModels.table(N, 1), org.san2n.space.ScanGeometry.of(affine, 1));
	}

	@Test
	void onCorrelatedNoiseMpPcaSeesTooLittleNoiseAndEveryOtherVoxelTheTruth() {
		DwiScan noisy = scan(cleanAndCorrelated(1)[1]);
		BrainMask all = BrainMask.full(NX, NY, NZ);
		double everyVoxel = MpPca.noiseLevel(noisy, all, MpPcaOptions.DEFAULTS, 300, Progress.NONE);
		double everyOther = MpPca.noiseLevel(PolyphaseMpPca.phase(noisy, 1, 0), PolyphaseMpPca.phase(all, 1, 0), MpPcaOptions.DEFAULTS,
				300, Progress.NONE);
		assertTrue(everyVoxel < 0.7 * SIGMA, "MP-PCA's σ on correlated noise: " + everyVoxel);
		assertEquals(SIGMA, everyOther, 0.1 * SIGMA, "σ on every other voxel");
	}

	@Test
	void polyphaseMpPcaRemovesTheCorrelatedNoiseThatMpPcaLeaves() throws IOException {
		float[][] cn = cleanAndCorrelated(2);
		DwiScan noisy = scan(cn[1]);
		MpPcaOptions stride1 = MpPcaOptions.DEFAULTS.withStride(1);
		float[] plain = MpPca.denoise(noisy, null, false, stride1, Progress.NONE).scan().toArray();
		MpPca.Result poly = PolyphaseMpPca.denoise(noisy, null, false, stride1, Progress.NONE);
		double before = MpPcaTest.rmse(cn[1], cn[0]), mppca = MpPcaTest.rmse(plain, cn[0]), ours = MpPcaTest.rmse(poly.scan().toArray(), cn[0]);
		assertTrue(mppca > 0.6 * before, "MP-PCA should leave most of the correlated noise: " + mppca + " of " + before);
		assertTrue(ours < 0.5 * before, "polyphase MP-PCA should remove most of it: " + ours + " of " + before);
		assertEquals(SIGMA, poly.medianSigma(BrainMask.full(NX, NY, NZ)), 0.15 * SIGMA, "its σ map");
		assertArrayEquals(noisy.voxels().shape(), poly.scan().voxels().shape());
	}

	@Test
	void thePhasesTileTheScanExactlyOnce() {
		float[] values = new float[NX * NY * NZ * N];
		for (int i = 0; i < values.length; i++)
			values[i] = i;
		DwiScan s = scan(values);
		double sum = 0;
		long count = 0;
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2; j++)
				for (float f : PolyphaseMpPca.phase(s, i, j).toArray()) {
					sum += f;
					count++;
				}
		assertEquals(values.length, count);
		assertEquals((values.length - 1) * (double) values.length / 2, sum, 1);
	}
}
