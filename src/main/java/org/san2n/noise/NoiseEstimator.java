package org.san2n.noise;

import java.util.stream.IntStream;

import org.san2n.dwi.DwiScan;

/**
 * The noise level of each volume as DIPY's estimate_sigma (the estimator the SAN2N authors use): the
 * pseudo-residual √(6/7)·(y − mean of its six face neighbours), its root mean square over the whole
 * volume, corrected for the magnitude bias of N receiver coils (Koay and Basser 2006).
 */
public final class NoiseEstimator {

	private NoiseEstimator() {}

	/** The correction factor for N coils (0: none, Gaussian noise), as tabulated by DIPY. */
	public static double coilFactor(int coils) {
		switch (coils) {
			case 0: return 1;
			case 1: return 0.42920367320510366;
			case 4: return 0.4834941393603609;
			case 6: return 0.4891759468548269;
			case 8: return 0.49195420135894175;
			case 12: return 0.4946862482541263;
			case 16: return 0.4960339908122364;
			case 20: return 0.4968365823718557;
			case 24: return 0.49736907650825657;
			case 32: return 0.49803177052530145;
			case 64: return 0.49901964176235936;
			default:
				throw new IllegalArgumentException("no noise correction for " + coils
						+ " coils; choose 0, 1, 4, 6, 8, 12, 16, 20, 24, 32 or 64");
		}
	}

	public static double[] estimate(DwiScan scan, int coils) {
		double factor = coilFactor(coils);
		int nx = scan.width(), ny = scan.height(), nz = scan.depth();
		return IntStream.range(0, scan.volumes()).parallel()
				.mapToDouble(v -> Math.sqrt(meanSquaredResidual(finite(scan.volumeArray(v)), 0, nx, ny, nz) / factor)).toArray();
	}

	/** NaN and ±∞ (a masked-out background in some pipelines) as 0, as the network sees them. */
	private static float[] finite(float[] volume) {
		for (int i = 0; i < volume.length; i++)
			if (!Float.isFinite(volume[i])) volume[i] = 0;
		return volume;
	}

	private static double meanSquaredResidual(float[] d, long offset, int nx, int ny, int nz) {
		double sum = 0;
		int sxy = nx * ny;
		for (int z = 0; z < nz; z++) {
			// SciPy's "reflect" border: the neighbour beyond the edge is the edge voxel itself.
			int zm = z > 0 ? -sxy : 0, zp = z < nz - 1 ? sxy : 0;
			for (int y = 0; y < ny; y++) {
				int ym = y > 0 ? -nx : 0, yp = y < ny - 1 ? nx : 0;
				long row = offset + (long) (z * ny + y) * nx;
				for (int x = 0; x < nx; x++) {
					int i = (int) (row + x);
					int xm = x > 0 ? -1 : 0, xp = x < nx - 1 ? 1 : 0;
					double neighbours = d[i + xm] + d[i + xp] + d[i + ym] + d[i + yp] + d[i + zm] + d[i + zp];
					double r = Math.sqrt(6.0 / 7.0) * (d[i] - neighbours / 6.0);
					sum += r * r;
				}
			}
		}
		return sum / ((long) nx * ny * nz);
	}
}
