package org.san2n.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.san2n.mask.BrainMask;

/**
 * Image quality against a clean reference, inside a mask, as the SAN2N authors report it: PSNR and
 * RMSE over all masked voxels of all volumes with data range = the largest clean value in the mask,
 * and SSIM computed in 3D per volume (scikit-image's defaults: 7³ uniform window, K1 0.01, K2 0.03,
 * sample covariance, reflected borders) and averaged over the masked voxels.
 */
public final class QualityMetrics {

	public static final int SSIM_WINDOW = 7;

	/** PSNR in dB, SSIM, RMSE in the images' units, and the data range used. */
	public record Scores(double psnr, double ssim, double rmse, double dataRange) {}

	private QualityMetrics() {}

	/**
	 * @param clean    reference, (x, y, z, volume) x fastest
	 * @param test     the image to score, same layout
	 * @param shape    x, y, z, volumes
	 */
	public static Scores score(float[] clean, float[] test, long[] shape, BrainMask mask) {
		if (clean.length != test.length)
			throw new IllegalArgumentException("images differ in size: " + clean.length + " vs " + test.length);
		int nvox = (int) (shape[0] * shape[1] * shape[2]);
		int nv = shape.length > 3 ? (int) shape[3] : 1;
		if (nvox * (long) nv != clean.length)
			throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + clean.length + " voxels");
		byte[] m = mask.inside();
		double range = 0, se = 0;
		long count = 0;
		for (int v = 0; v < nv; v++)
			for (int i = 0; i < nvox; i++) {
				if (m[i] == 0) continue;
				int k = v * nvox + i;
				range = Math.max(range, clean[k]);
				double d = (double) test[k] - clean[k];
				se += d * d;
				count++;
			}
		if (count == 0) throw new IllegalArgumentException("the mask is empty");
		double mse = se / count;
		double dataRange = range;
		double ssim = IntStream.range(0, nv).parallel()
				.mapToDouble(v -> meanSsim(clean, test, v * nvox, shape, m, dataRange)).average().orElse(Double.NaN);
		return new Scores(10 * Math.log10(range * range / mse), ssim, Math.sqrt(mse), range);
	}

	private static double meanSsim(float[] a, float[] b, int off, long[] shape, byte[] mask, double range) {
		int nx = (int) shape[0], ny = (int) shape[1], nz = (int) shape[2], n = nx * ny * nz;
		double[] x = new double[n], y = new double[n], xx = new double[n], yy = new double[n], xy = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = a[off + i];
			y[i] = b[off + i];
			xx[i] = x[i] * x[i];
			yy[i] = y[i] * y[i];
			xy[i] = x[i] * y[i];
		}
		for (double[] f : new double[][] { x, y, xx, yy, xy })
			BoxFilter.mean3d(f, nx, ny, nz, SSIM_WINDOW);
		double np = Math.pow(SSIM_WINDOW, 3), cov = np / (np - 1);
		double c1 = Math.pow(0.01 * range, 2), c2 = Math.pow(0.03 * range, 2);
		double sum = 0;
		long count = 0;
		for (int i = 0; i < n; i++) {
			if (mask[i] == 0) continue;
			double vx = cov * (xx[i] - x[i] * x[i]), vy = cov * (yy[i] - y[i] * y[i]);
			double vxy = cov * (xy[i] - x[i] * y[i]);
			sum += (2 * x[i] * y[i] + c1) * (2 * vxy + c2) / ((x[i] * x[i] + y[i] * y[i] + c1) * (vx + vy + c2));
			count++;
		}
		return sum / count;
	}
}
