package org.san2n.noise;

import java.util.Locale;
import java.util.SplittableRandom;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;

/**
 * Noise correlated between neighbouring voxels along one in-plane axis more than along the other, as zero-filled
 * partial Fourier leaves it along the phase-encode axis (6/8 partial Fourier: a neighbour correlation of about 0.2).
 * Recorrupted pairs (Pang et al., CVPR 2021) need the added noise z to have the scan's own covariance: the input
 * y + α·σ·z and the target y − σ·z/α then have noise covariance Σ − Σ = 0, where white z leaves the neighbours'
 * correlated part shared between them and the network learns to keep it.
 *
 * <p>
 * Measured on the residual of a denoiser (scan − MP-PCA's result) inside the mask: its correlation between
 * neighbours along x and along y, over all volumes. MP-PCA's own reconstruction gives the residual a small negative
 * correlation along every axis alike (−0.02 to −0.06 on white-noise phantoms), so the difference between the two
 * in-plane axes is the measure: on {@code bench/families.py}'s partial Fourier phantoms 0.17–0.20 along y (the true
 * neighbour correlation 0.21), on its white, four-coil, 2× interpolated and Gibbs phantoms below 0.01. Isotropic
 * in-plane correlation (2× interpolation) is not this: {@link org.san2n.mppca.PolyphaseMpPca}'s detector handles it.
 *
 * @param axis 0 (x) or 1 (y): the axis along which neighbours' noise is correlated; -1 when none is
 * @param rho  the neighbour correlation along {@code axis} (0 when none)
 */
public record PhaseEncodeCorrelation(int axis, double rho) {

	/** No correlation found: recorruption noise is white. */
	public static final PhaseEncodeCorrelation NONE = new PhaseEncodeCorrelation(-1, 0);

	/**
	 * The least difference between the two in-plane axes taken as correlation. Phantoms without it give below 0.01,
	 * partial Fourier 0.17–0.20; 0.08 sits between them with room for a real scan's anatomy in the residual.
	 */
	public static final double THRESHOLD = 0.08;

	/** The largest correlation one neighbour's share can give z (c = 1: ½). */
	static final double LIMIT = 0.45;

	public PhaseEncodeCorrelation {
		if (axis < -1 || axis > 1) throw new IllegalArgumentException("axis must be -1, 0 (x) or 1 (y), not " + axis);
		if (axis == -1 ? rho != 0 : !(rho > 0 && rho <= LIMIT))
			throw new IllegalArgumentException("neighbour correlation " + rho + " for axis " + axis + ": expected in (0, " + LIMIT + "]");
	}

	/** True when the recorruption noise is to be correlated. */
	public boolean found() {
		return axis >= 0;
	}

	/**
	 * The in-plane neighbour correlation of {@code scan − denoised} inside {@code mask}, over all volumes.
	 *
	 * @param scan     the noisy scan (width × height × depth × N)
	 * @param denoised a denoiser's result on it (MP-PCA's), the same shape
	 * @param mask     voxels to measure on (width × height × depth)
	 * @return the axis whose correlation exceeds the other's by more than {@link #THRESHOLD}, with that excess
	 *         (at most {@link #LIMIT}), or {@link #NONE}
	 * @throws IllegalArgumentException when the shapes differ
	 */
	public static PhaseEncodeCorrelation measure(DwiScan scan, DwiScan denoised, BrainMask mask) {
		long[] grid = scan.spatialShape();
		if (!java.util.Arrays.equals(grid, denoised.spatialShape()) || scan.volumes() != denoised.volumes()
				|| !java.util.Arrays.equals(grid, mask.shape()))
			throw new IllegalArgumentException("scan " + java.util.Arrays.toString(grid) + ", denoised "
					+ java.util.Arrays.toString(denoised.spatialShape()) + " and mask " + java.util.Arrays.toString(mask.shape())
					+ " must have the same grid");
		int w = scan.width(), h = scan.height(), d = scan.depth(), size = w * h * d;
		byte[] inside = mask.inside();
		double[] rx = correlation(), ry = correlation();
		float[] r = new float[size];
		for (int v = 0; v < scan.volumes(); v++) {
			float[] y = scan.volumeArray(v), m = denoised.volumeArray(v);
			for (int i = 0; i < size; i++)
				r[i] = y[i] - m[i];
			// Means per volume first: the residual's mean is not noise (the bias MP-PCA leaves at the floor).
			double sum = 0;
			long count = 0;
			for (int i = 0; i < size; i++)
				if (inside[i] != 0) {
					sum += r[i];
					count++;
				}
			if (count == 0) continue;
			float mean = (float) (sum / count);
			for (int z = 0; z < d; z++)
				for (int yy = 0; yy < h; yy++) {
					int row = (z * h + yy) * w;
					for (int x = 0; x < w; x++) {
						int i = row + x;
						if (inside[i] == 0) continue;
						if (x + 1 < w && inside[i + 1] != 0) add(rx, r[i] - mean, r[i + 1] - mean);
						if (yy + 1 < h && inside[i + w] != 0) add(ry, r[i] - mean, r[i + w] - mean);
					}
				}
		}
		double cx = value(rx), cy = value(ry);
		if (!Double.isFinite(cx) || !Double.isFinite(cy)) return NONE;
		int axis = cy > cx ? 1 : 0;
		double excess = Math.abs(cy - cx);
		return excess > THRESHOLD ? new PhaseEncodeCorrelation(axis, Math.min(excess, LIMIT)) : NONE;
	}

	private static double[] correlation() {
		return new double[3]; // Σab, Σa², Σb²
	}

	private static void add(double[] c, double a, double b) {
		c[0] += a * b;
		c[1] += a * a;
		c[2] += b * b;
	}

	private static double value(double[] c) {
		return c[0] / Math.sqrt(c[1] * c[2]);
	}

	/**
	 * The weight c of the neighbour in z = (w + c·w_next)/√(1 + c²), w white: its neighbour correlation
	 * c/(1 + c²) equals {@link #rho}; 0 when none.
	 */
	public double neighbourWeight() {
		return found() ? (1 - Math.sqrt(1 - 4 * rho * rho)) / (2 * rho) : 0;
	}

	/**
	 * One volume of unit-variance Gaussian noise with this neighbour correlation along {@link #axis} (white when
	 * {@link #NONE}); at the last voxel of a row along the axis, z is the voxel's own draw.
	 *
	 * @param grid   width, height, depth
	 * @param random the source of the white draws (advanced by one draw per voxel)
	 * @return width × height × depth values, x fastest
	 */
	public float[] noise(long[] grid, SplittableRandom random) {
		int w = Math.toIntExact(grid[0]), h = Math.toIntExact(grid[1]), size = Math.toIntExact(grid[0] * grid[1] * grid[2]);
		float[] white = new float[size];
		for (int i = 0; i < size; i++)
			white[i] = (float) random.nextGaussian();
		if (!found()) return white;
		double c = neighbourWeight(), norm = 1 / Math.sqrt(1 + c * c);
		int step = axis == 0 ? 1 : w;
		float[] z = new float[size];
		for (int i = 0; i < size; i++) {
			boolean last = axis == 0 ? i % w == w - 1 : (i / w) % h == h - 1;
			z[i] = last ? white[i] : (float) ((white[i] + c * white[i + step]) * norm);
		}
		return z;
	}

	/** For the log: what was found and what the recorruption does with it. */
	public String describe() {
		return found()
				? String.format(Locale.ROOT, "noise correlated between neighbours along %s (partial Fourier?): %.2f more than along %s; "
						+ "the recorruption noise gets that correlation", axis == 0 ? "x" : "y", rho, axis == 0 ? "y" : "x")
				: "noise not correlated along one in-plane axis more than the other: white recorruption noise";
	}
}
