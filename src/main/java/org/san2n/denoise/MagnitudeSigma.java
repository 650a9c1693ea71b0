package org.san2n.denoise;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.metrics.BoxFilter;
import org.san2n.mppca.MpPca;

/**
 * The Gaussian noise level σ per voxel that the bias step ({@link RicianBias}) takes the noise floor off with, from
 * the σ map a method measured on the magnitudes.
 *
 * <p>
 * MP-PCA (and any estimate from the spread of magnitude values, dwidenoise's too) measures the magnitude's spread,
 * and the magnitude varies less than the complex data where the signal is near the floor: Var(M) = σ²·(2L + a² −
 * μ_L(a)²), a = A/σ, L coils, down to 0.43 σ² (one coil) or 0.49 σ² (four) at no signal. So in each voxel the
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
	/** Halvings of the bracket [σ_m, σ_m·1.53] (one coil; 1.43 for four), in log σ: 2⁻¹⁶ of it, ~10⁻⁵ of σ. */
	private static final int BISECTIONS = 16;

	private MagnitudeSigma() {}

	/**
	 * σ per voxel (see the class comment).
	 *
	 * @param measured σ per voxel as measured on the magnitudes (width × height × depth, x fastest, the scan's units);
	 *                 0 (or not finite) where nothing was measured
	 * @param denoised the denoised scan, before its bias is removed (each value an estimate of the mean magnitude)
	 * @param mask     the voxels the σ is measured and smoothed over (brain voxels with data)
	 * @param bias     the noise model (the number of coils)
	 * @return σ in every voxel of the grid (outside the mask, the smoothed value where the mask reaches within the
	 *         filter, else the median inside it)
	 * @throws IllegalArgumentException when the map's size is not the scan's, or no voxel of the mask has a measured σ
	 */
	static float[] of(float[] measured, DwiScan denoised, BrainMask mask, RicianBias bias) {
		int size = Math.toIntExact(denoised.volumeSize());
		if (measured.length != size) throw new IllegalArgumentException("a σ map needs " + size + " voxels, got " + measured.length);
		boolean[] known = new boolean[size];
		double[] squares = new double[size];
		for (int i = 0; i < size; i++)
			if (mask.contains(i) && measured[i] > 0 && Float.isFinite(measured[i])) {
				known[i] = true;
				squares[i] = (double) measured[i] * measured[i];
			}
		long[] shape = denoised.spatialShape();
		// The measured variance smoothed first: near the floor the root below moves more for a low σ_m than for a high
		// one, so a noisy σ_m would come out low on average.
		double[] target = smooth(squares, known, shape), sigma = new double[size];
		for (int i = 0; i < size; i++)
			if (known[i]) sigma[i] = Math.sqrt(target[i]);
		// σ²·mean_v Var(M_v)/σ², at the measured means, grows with σ (Koay & Basser 2006: the magnitude's variance over
		// its squared mean grows as the SNR falls), from at most σ_m² at σ = σ_m to at least σ_m² at σ = σ_m/√(the ratio
		// with no signal): the root is bracketed, and found by bisection (a plain fixed-point iteration crawls where the
		// signal is near the floor, its step shrinking by only ~8 % a pass).
		double[] low = sigma.clone(), high = new double[size], ratio = new double[size];
		int[] counted = new int[size];
		double widest = 1 / Math.sqrt(bias.varianceRatioAtMean(0));
		for (int i = 0; i < size; i++)
			high[i] = known[i] ? sigma[i] * widest : 0;
		for (int pass = 0; pass < BISECTIONS; pass++) {
			java.util.Arrays.fill(ratio, 0);
			java.util.Arrays.fill(counted, 0);
			for (int i = 0; i < size; i++)
				if (known[i]) sigma[i] = Math.sqrt(low[i] * high[i]);
			for (int v = 0; v < denoised.volumes(); v++) {
				float[] volume = denoised.volumeArray(v);
				for (int i = 0; i < size; i++)
					if (known[i] && Float.isFinite(volume[i])) {
						ratio[i] += bias.varianceRatioAtMean(volume[i] / sigma[i]);
						counted[i]++;
					}
			}
			for (int i = 0; i < size; i++)
				if (known[i] && counted[i] > 0) {
					if (sigma[i] * sigma[i] * ratio[i] / counted[i] > target[i]) high[i] = sigma[i];
					else low[i] = sigma[i];
				}
		}
		for (int i = 0; i < size; i++)
			if (known[i]) sigma[i] = Math.sqrt(low[i] * high[i]);
		float[] corrected = new float[size];
		for (int i = 0; i < size; i++)
			if (known[i]) corrected[i] = (float) sigma[i];
		double median = MpPca.medianInside(corrected, mask);
		if (!(median > 0)) throw new IllegalArgumentException("no voxel of the brain mask has a measured σ: no noise floor can be taken off");
		double[] smoothed = smooth(sigma, known, shape);
		float[] out = new float[size];
		for (int i = 0; i < size; i++)
			out[i] = (float) (Double.isNaN(smoothed[i]) ? median : smoothed[i]);
		return out;
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
		// A box no wider than the scan (a thin slab of slices reflects at its borders).
		int width = Math.min(SMOOTHING_WIDTH, odd(Math.min(nx, Math.min(ny, nz))));
		for (int pass = 0; pass < 2; pass++) {
			BoxFilter.mean3d(weighted, nx, ny, nz, width);
			BoxFilter.mean3d(weight, nx, ny, nz, width);
		}
		double[] out = new double[size];
		for (int i = 0; i < size; i++)
			out[i] = weight[i] > 1e-6 ? weighted[i] / weight[i] : Double.NaN;
		return out;
	}

	/** The largest odd number ≤ n (1 at least). */
	private static int odd(int n) {
		return n % 2 == 1 ? n : Math.max(1, n - 1);
	}
}
