package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.progress.Progress;

import net.imglib2.img.array.ArrayImgs;

/**
 * Magnitudes of L coils whose σ varies across the image (×0.67–1.33 along y) and whose signal runs from none to 6 σ
 * along x: the magnitude's spread, measured over the volumes of 3×3×3 voxels as a noise estimator on magnitudes would, is
 * below σ where the signal is low; the map of the bias step must be σ itself there and follow its variation.
 */
class MagnitudeSigmaTest {

	private static final int NX = 30, NY = 30, NZ = 6, N = 16;

	private static double trueSigma(int y) {
		return 10 * (0.67 + 0.66 * y / (NY - 1.0));
	}

	@Test
	void theMagnitudesSpreadIsRaisedToTheComplexNoiseLevelWhereItVaries() {
		for (int coils : new int[] { 1, 4 }) {
			RicianBias bias = RicianBias.forCoils(coils);
			int size = NX * NY * NZ;
			float[] mean = new float[size * N], measured = new float[size];
			double[] squares = new double[size];
			SplittableRandom random = new SplittableRandom(11 + coils);
			for (int v = 0; v < N; v++)
				for (int i = 0; i < size; i++) {
					int x = i % NX, y = i / NX % NY;
					double sigma = trueSigma(y), a = sigma * 6 * x / (NX - 1.0) * (0.5 + 0.5 * ((v % 4) / 3.0));
					double m2 = Math.pow(a + sigma * random.nextGaussian(), 2);
					for (int c = 0; c < 2 * coils - 1; c++)
						m2 += Math.pow(sigma * random.nextGaussian(), 2);
					mean[v * size + i] = (float) (sigma * RicianBias.meanMagnitude(a / sigma, coils));
					squares[i] += Math.pow(Math.sqrt(m2) - mean[v * size + i], 2);
				}
			// Over 3×3×3 voxels, as MP-PCA's windows measure it.
			org.san2n.metrics.BoxFilter.mean3d(squares, NX, NY, NZ, 3);
			for (int i = 0; i < size; i++)
				measured[i] = (float) Math.sqrt(squares[i] / N);
			DwiScan denoised = new DwiScan(ArrayImgs.floats(mean, NX, NY, NZ, N), TestModels.table(N, 1),
					org.san2n.space.ScanGeometry.axisAligned(new double[] { 2, 2, 2 }));
			float[] map = MagnitudeSigma.of(measured, true, denoised, BrainMask.full(NX, NY, NZ), bias, Progress.NONE);
			// Where the signal is low (x < 5) the measured spread is well below σ; the map is σ.
			double spread = 0, mapped = 0, truth = 0;
			double[] relative = new double[size];
			for (int i = 0; i < size; i++) {
				int x = i % NX, y = i / NX % NY;
				relative[i] = Math.abs(map[i] - trueSigma(y)) / trueSigma(y);
				if (x < 5) {
					spread += measured[i];
					mapped += map[i];
					truth += trueSigma(y);
				}
			}
			assertTrue(spread < 0.85 * truth, coils + " coils: the measured spread at low signal is " + spread / truth + " σ");
			assertEquals(1, mapped / truth, 0.04, coils + " coils: the map at low signal");
			Arrays.sort(relative);
			assertTrue(relative[size / 2] < 0.03, coils + " coils: median error " + relative[size / 2]);
			assertTrue(relative[(int) (0.95 * size)] < 0.08, coils + " coils: 95th percentile error " + relative[(int) (0.95 * size)]);
		}
	}

	@Test
	void aMapOfAnotherSizeOrWithNothingMeasuredIsRefused() {
		DwiScan denoised = new DwiScan(ArrayImgs.floats(new float[NX * NY * NZ * N], NX, NY, NZ, N), TestModels.table(N, 1),
				org.san2n.space.ScanGeometry.axisAligned(new double[] { 2, 2, 2 }));
		BrainMask all = BrainMask.full(NX, NY, NZ);
		RicianBias one = RicianBias.forCoils(1);
		IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
				() -> MagnitudeSigma.of(new float[10], true, denoised, all, one, Progress.NONE));
		assertTrue(size.getMessage().contains("needs " + NX * NY * NZ + " voxels, got 10"), size.getMessage());
		IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
				() -> MagnitudeSigma.of(new float[NX * NY * NZ], true, denoised, all, one, Progress.NONE));
		assertTrue(none.getMessage().contains("no voxel of the brain mask has a measured σ"), none.getMessage());
	}

	/**
	 * Two slices, a mask of a disc, voxels inside it with no measurement and voxels whose every value is NaN: those are
	 * filled from their neighbours, the rest of the grid gets σ too, and a known σ given by the user is kept as given.
	 */
	@Test
	void aThinScanWithHolesInTheMeasurementIsFilledAndAGivenSigmaKept() {
		int nx = 24, ny = 24, nz = 2, n = 8, size = nx * ny * nz;
		double sigma = 10;
		float[] mean = new float[size * n], measured = new float[size];
		byte[] disc = new byte[size];
		for (int i = 0; i < size; i++) {
			int x = i % nx, y = i / nx % ny;
			disc[i] = (byte) ((x - 12) * (x - 12) + (y - 12) * (y - 12) < 81 ? 1 : 0);
			// No signal at all: the magnitude's spread is √(2 − π/2)·σ = 0.655 σ (one coil).
			measured[i] = (float) (sigma * Math.sqrt(2 - Math.PI / 2));
			for (int v = 0; v < n; v++)
				mean[v * size + i] = (float) (sigma * RicianBias.meanMagnitude(0));
		}
		int hole = 12 + 12 * nx, nan = 13 + 12 * nx + nx * ny;
		measured[hole] = 0;
		for (int v = 0; v < n; v++)
			mean[v * size + nan] = Float.NaN;
		DwiScan denoised = new DwiScan(ArrayImgs.floats(mean, nx, ny, nz, n), TestModels.table(n, 1),
				org.san2n.space.ScanGeometry.axisAligned(new double[] { 2, 2, 2 }));
		BrainMask mask = BrainMask.of(disc, nx, ny, nz);
		float[] map = MagnitudeSigma.of(measured, true, denoised, mask, RicianBias.forCoils(1), Progress.NONE);
		for (int i = 0; i < size; i++)
			assertEquals(sigma, map[i], 0.01 * sigma, "voxel " + i + (i == hole ? " (no measurement)" : i == nan ? " (NaN)" : ""));
		float[] given = measured.clone();
		given[5] = 12.5f;
		float[] kept = MagnitudeSigma.of(given, false, denoised, BrainMask.full(nx, ny, nz), RicianBias.forCoils(1), Progress.NONE);
		assertEquals(12.5f, kept[5]);
		assertEquals(given[7], kept[7]);
		assertTrue(kept[hole] > 0.6 * sigma && kept[hole] < 0.7 * sigma, "a hole in a given σ filled from its neighbours: " + kept[hole]);
	}
}
