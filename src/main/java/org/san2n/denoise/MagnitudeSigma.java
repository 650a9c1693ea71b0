package org.san2n.denoise;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.metrics.BoxFilter;
import org.san2n.mppca.MpPca;
import org.san2n.progress.Progress;

/**
 * The Gaussian noise level σ per voxel that the bias step ({@link RicianBias}) takes the noise floor off with, from
 * the σ map a method measured on the magnitudes.
 *
 * <p>
 * MP-PCA (and any estimate from the spread of magnitude values, dwidenoise's too) measures the magnitude's spread,
 * and the magnitude varies less than the complex data where the signal is near the floor: Var(M) = σ²·(2L + a² −
 * μ_L(a)²), a = A/σ, L coils (E[M²] = A² + 2Lσ², E[M] = σ·μ_L(a): Constantinides, Atalar &amp; McVeigh, MRM 38:852,
 * 1997; Koay &amp; Basser, J Magn Reson 179:317, 2006), down to (4 − π)/2 = 0.43 σ² (one coil) or 0.49 σ² (four) at no
 * signal. So in each voxel the
 * measured σ_m² is taken as σ² times the mean of that ratio over the volumes, each volume's a given by its
 * denoised value (the mean magnitude) inverted at σ: σ is the root of σ²·mean_v Var(M_v)/σ² = σ_m², one per
 * voxel (see {@link #of}). The measured σ_m² is smoothed before (a noisy σ_m near the floor would otherwise come out
 * low on average) and σ after, both inside the mask by a normalised box filter of width {@value #SMOOTHING_WIDTH},
 * twice (about a Gaussian of 2 voxels): σ varies slowly (coil sensitivities, parallel imaging) while one window's
 * estimate is noisy.
 *
 * <p>
 * Measured on the held-out phantoms (bench/families.sh, seeds 3 and 4): the corrected median over the mask is
 * within 4 % of the true σ in all ten configurations tried (MP-PCA's own map 3–23 % low); with four coils, whose σ
 * runs 557–984 across the anatomy phantom, the bias step with this map gives FA error 0.066 where one σ for the scan
 * gave 0.079 (the noisy input's: 0.076).
 */
final class MagnitudeSigma {

	/** Width of the box filter, applied twice. */
	static final int SMOOTHING_WIDTH = 5;
	/** The root is found to this fraction of σ (the bracket is [σ_m, 1.53·σ_m] for one coil, [σ_m, 1.43·σ_m] for four). */
	private static final double TOLERANCE = 1e-5;
	private static final int MOST_STEPS = 60;

	private MagnitudeSigma() {}

	/**
	 * σ per voxel (see the class comment).
	 *
	 * @param measured σ per voxel (width × height × depth, x fastest, the scan's units); 0 (or not finite) where nothing
	 *                 was measured
	 * @param raise    whether {@code measured} is the magnitudes' spread (a noise estimator's on the magnitudes: MP-PCA's,
	 *                 dwidenoise's), raised here to the complex data's σ; false: it is that σ already (a known σ given by
	 *                 the user), kept as given where it is > 0
	 * @param denoised the denoised scan, before its bias is removed (each value an estimate of the mean magnitude)
	 * @param mask     the voxels the σ is measured and smoothed over (brain voxels with data), the scan's grid
	 * @param bias     the noise model (the number of coils)
	 * @return σ in every voxel of the grid (where none was measured, the smoothed value where the mask reaches within
	 *         the filter, else the median inside it)
	 * @throws IllegalArgumentException when the map's or the mask's size is not the scan's grid, or no voxel of the mask
	 *                                  has a measured σ
	 */
	static float[] of(float[] measured, boolean raise, DwiScan denoised, BrainMask mask, RicianBias bias, Progress progress) {
		int size = Math.toIntExact(denoised.volumeSize());
		if (measured.length != size) throw new IllegalArgumentException("a σ map needs " + size + " voxels, got " + measured.length);
		byte[] inside = mask.inside();
		if (inside.length != size) throw new IllegalArgumentException("a mask of " + inside.length + " voxels for a scan of " + size);
		boolean[] known = new boolean[size];
		double[] sigma = new double[size];
		for (int i = 0; i < size; i++)
			if (inside[i] != 0 && measured[i] > 0 && Float.isFinite(measured[i])) {
				known[i] = true;
				sigma[i] = (double) measured[i] * measured[i];
			}
		long[] shape = denoised.spatialShape();
		if (raise) {
			// The measured variance smoothed first: near the floor the root below moves more for a low σ_m than for a
			// high one, so a noisy σ_m would come out low on average.
			sigma = smooth(sigma, known, shape);
			raise(sigma, known, denoised, bias, progress);
		} else {
			for (int i = 0; i < size; i++)
				sigma[i] = Math.sqrt(sigma[i]);
		}
		float[] found = new float[size];
		for (int i = 0; i < size; i++)
			if (known[i]) found[i] = (float) sigma[i];
		double median = MpPca.medianInside(found, mask);
		if (!(median > 0))
			throw new IllegalArgumentException("no voxel of the brain mask has a measured σ (or a finite value): no noise floor can be taken off");
		// Raised: smoothed. Given: kept where given, only the voxels it left out filled.
		double[] smoothed = smooth(sigma, known, shape);
		float[] out = new float[size];
		for (int i = 0; i < size; i++) {
			double value = raise || !known[i] ? smoothed[i] : sigma[i];
			out[i] = (float) (Double.isNaN(value) ? median : value);
		}
		return out;
	}

	/**
	 * Replaces each known voxel's measured variance σ_m² ({@code sigma}, in place) with the σ whose magnitudes at the
	 * voxel's denoised means have that variance: the root of h(σ) = σ²·mean_v Var(M_v)/σ² − σ_m². At a fixed mean m,
	 * Var(M)/m² grows as the SNR falls (Koay &amp; Basser, J Magn Reson 179:317, 2006, for one coil; the same holds for
	 * the non-central χ of L coils), so h grows with σ; Var(M) ≤ σ² gives h(σ_m) ≤ 0 and Var(M) ≥ σ²·Var(M)/σ² at no
	 * signal gives h ≥ 0 at σ_m/√(that ratio): the root is bracketed, and found by false position (Illinois). A plain
	 * fixed-point iteration crawls near the floor, its step shrinking by only ~8 % a pass. A voxel whose every value is
	 * non-finite is marked unknown. Slices are solved in parallel, each read once.
	 */
	private static void raise(double[] sigma, boolean[] known, DwiScan denoised, RicianBias bias, Progress progress) {
		long[] shape = denoised.spatialShape();
		int plane = Math.toIntExact(shape[0] * shape[1]), depth = (int) shape[2], n = denoised.volumes();
		long size = denoised.volumeSize();
		double widest = 1 / Math.sqrt(bias.varianceRatioAtMean(0));
		progress.update("measuring σ for the bias step", 0, 1);
		java.util.stream.IntStream.range(0, depth).parallel().forEach(z -> {
			progress.checkCancelled();
			float[][] slice = new float[n][plane];
			for (int v = 0; v < n; v++)
				denoised.voxels().get(v * size + (long) z * plane, slice[v], 0, plane);
			double[] means = new double[n];
			for (int j = 0; j < plane; j++) {
				int i = z * plane + j;
				if (!known[i]) continue;
				int count = 0;
				for (int v = 0; v < n; v++)
					if (Float.isFinite(slice[v][j])) means[count++] = slice[v][j];
				if (count == 0) {
					known[i] = false;
					continue;
				}
				sigma[i] = root(means, count, sigma[i], widest, bias);
			}
		});
	}

	/** The root of σ²·mean Var(M)/σ² = target over the first {@code count} means (see {@link #raise}). */
	private static double root(double[] means, int count, double target, double widest, RicianBias bias) {
		double lo = Math.sqrt(target), hi = lo * widest;
		double hLo = excess(means, count, lo, target, bias), hHi = excess(means, count, hi, target, bias);
		if (hLo >= 0) return lo;
		if (hHi <= 0) return hi;
		int side = 0;
		for (int step = 0; step < MOST_STEPS && hi - lo > TOLERANCE * hi; step++) {
			double s = (lo * hHi - hi * hLo) / (hHi - hLo), h = excess(means, count, s, target, bias);
			if (h > 0) {
				hi = s;
				hHi = h;
				if (side == 1) hLo /= 2; // Illinois: halve the stale end so the bracket closes from both sides
				side = 1;
			} else {
				lo = s;
				hLo = h;
				if (side == -1) hHi /= 2;
				side = -1;
			}
			if (h == 0) return s;
		}
		return (lo + hi) / 2;
	}

	/** σ²·mean Var(M)/σ² − target at σ. */
	private static double excess(double[] means, int count, double sigma, double target, RicianBias bias) {
		double ratio = 0;
		for (int v = 0; v < count; v++)
			ratio += bias.varianceRatioAtMean(means[v] / sigma);
		return sigma * sigma * ratio / count - target;
	}

	/**
	 * The normalised box filter of {@code values} over the {@code known} voxels (see the class comment): NaN where none
	 * is within reach.
	 */
	private static double[] smooth(double[] values, boolean[] known, long[] shape) {
		int nx = (int) shape[0], ny = (int) shape[1], nz = (int) shape[2], size = values.length;
		double[] weighted = new double[size], weight = new double[size];
		for (int i = 0; i < size; i++)
			if (known[i]) {
				weighted[i] = values[i];
				weight[i] = 1;
			}
		// (A thin slab of slices reflects at its borders: the box is as wide in every axis.)
		for (int pass = 0; pass < 2; pass++) {
			BoxFilter.mean3d(weighted, nx, ny, nz, SMOOTHING_WIDTH);
			BoxFilter.mean3d(weight, nx, ny, nz, SMOOTHING_WIDTH);
		}
		double[] out = new double[size];
		for (int i = 0; i < size; i++)
			out[i] = weight[i] > 1e-6 ? weighted[i] / weight[i] : Double.NaN;
		return out;
	}
}
