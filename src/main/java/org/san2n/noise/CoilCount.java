package org.san2n.noise;

import java.util.Arrays;
import java.util.Locale;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.metrics.BoxFilter;

/**
 * How many receiver coils a magnitude scan was combined from by root-sum-of-squares, estimated from the background
 * outside the head, where a voxel holds noise only and its magnitude M follows σ·χ with 2N degrees of freedom
 * (Constantinides et al. 1997; the effective coil count of Aja-Fernández and Tristán-Vega 2012, "Influence of noise
 * correlation in multiple-coil statistical models", which also holds for GRAPPA-reconstructed data).
 *
 * <p>
 * Two moments of that law each give N, with σ (which varies across the field of view) cancelling out within a
 * window of 3×3×3 voxels × all volumes: the fourth, E[M⁴]/E[M²]² = (N + 1)/N, and the first, E[M]/√E[M²] =
 * Γ(N + ½)/(Γ(N)·√N). Each is the median over the background's windows. Where the background is not pure noise
 * (ghosts, a scanner's masking or filtering, too few voxels) the two disagree or fall below one coil, and the count
 * is then not estimated: one coil (Rician) is assumed and {@link #why()} says why.
 *
 * <p>
 * Measured (median of 39,732 windows): bench/families.py's four-coil phantom 4.00 / 4.0, its one-coil phantoms
 * (white and correlated noise) 1.00–1.01 / 1.0.
 *
 * @param coils            the count the bias removal uses: the estimate rounded, or 1 when not estimated
 * @param fromFourthMoment N from E[M⁴]/E[M²]² (NaN when there was no background)
 * @param fromFirstMoment  N from E[M]/√E[M²] (NaN when there was no background)
 * @param windows          background windows of 3×3×3 voxels the medians are over
 * @param why              how the count was found, in words for the log
 */
public record CoilCount(int coils, double fromFourthMoment, double fromFirstMoment, long windows, String why) {

	/** Background windows fewer than this give medians too uncertain to tell 1 coil from 2. */
	public static final int MIN_WINDOWS = 1000;
	/** The background starts this many voxels outside the brain mask (the skull and scalp carry signal). */
	static final int MARGIN = 4;
	/** The two estimates may differ by this fraction of the larger; beyond, the background is not a χ law. */
	static final double AGREEMENT = 0.25;
	private static final int MAX_COUNT = 128;

	/**
	 * Estimates the count on {@code scan}'s background: voxels more than {@link #MARGIN} voxels outside {@code mask},
	 * positive and finite in every volume (a background the scanner set to 0 is no noise to measure), in windows of
	 * 3×3×3 such voxels.
	 */
	public static CoilCount estimate(DwiScan scan, BrainMask mask) {
		int nx = scan.width(), ny = scan.height(), nz = scan.depth(), n = scan.volumes();
		int size = nx * ny * nz;
		byte[] inside = mask.inside();
		double[] near = new double[size];
		for (int i = 0; i < size; i++)
			near[i] = inside[i] != 0 ? 1 : 0;
		int cube = (2 * MARGIN + 1) * (2 * MARGIN + 1) * (2 * MARGIN + 1);
		BoxFilter.mean3d(near, nx, ny, nz, 2 * MARGIN + 1);
		boolean[] usable = new boolean[size];
		for (int i = 0; i < size; i++)
			usable[i] = near[i] * cube < 0.5; // no mask voxel in the cube (a running sum leaves residues of 1e-17, not 0)
		double[] m1 = new double[size], m2 = new double[size], m4 = new double[size];
		for (int v = 0; v < n; v++) {
			float[] a = scan.volumeArray(v);
			for (int i = 0; i < size; i++) {
				double x = a[i];
				if (!(x > 0) || Double.isInfinite(x)) usable[i] = false;
				m1[i] += x;
				m2[i] += x * x;
				m4[i] += x * x * x * x;
			}
		}
		double[] background = new double[size];
		for (int i = 0; i < size; i++) {
			background[i] = usable[i] ? 1 : 0;
			// Windows use usable voxels only: the others' sums (a NaN, a bright x⁴ of the brain) must not enter the running sums.
			if (!usable[i]) m1[i] = m2[i] = m4[i] = 0;
		}
		BoxFilter.mean3d(background, nx, ny, nz, 3);
		BoxFilter.mean3d(m1, nx, ny, nz, 3);
		BoxFilter.mean3d(m2, nx, ny, nz, 3);
		BoxFilter.mean3d(m4, nx, ny, nz, 3);
		double[] fourth = new double[size], first = new double[size];
		int windows = 0;
		for (int i = 0; i < size; i++)
			if (background[i] > 1 - 1e-9) {
				// Sums over volumes and the window: the 1/n of each mean cancels in both ratios but the first's, once.
				fourth[windows] = m4[i] * n / (m2[i] * m2[i]);
				first[windows] = m1[i] / Math.sqrt(m2[i] * n);
				windows++;
			}
		if (windows < MIN_WINDOWS)
			return new CoilCount(1, Double.NaN, Double.NaN, windows, String.format(Locale.ROOT,
					"receiver coils: one assumed (Rician): the background outside the head has %,d windows of 3×3×3 voxels of noise, "
							+ "too few to count coils on (%,d needed; a background set to 0, a tight crop or a mask of every voxel has none); "
							+ "give --coils N if known",
					windows, MIN_WINDOWS));
		double r = median(Arrays.copyOf(fourth, windows)), f = median(Arrays.copyOf(first, windows));
		double byFourth = r > 1 ? 1 / (r - 1) : Double.POSITIVE_INFINITY, byFirst = coilsForFirstMoment(f);
		String both = String.format(Locale.ROOT, "%.2f from the fourth moment, %.2f from the first, over %,d background windows",
				byFourth, byFirst, windows);
		boolean plausible = byFourth >= 0.75 && byFirst >= 0.75 && byFourth < MAX_COUNT && byFirst < MAX_COUNT; // NaN and ∞ fail
		if (!plausible || Math.abs(byFourth - byFirst) > AGREEMENT * Math.max(byFourth, byFirst))
			return new CoilCount(1, byFourth, byFirst, windows, "receiver coils: one assumed (Rician): the background outside the "
					+ "head is not the noise of root-sum-of-squares coils (" + both + "; they must agree, and be at least one: ghosts, "
					+ "a scanner's filtering or masking); give --coils N if known");
		int coils = (int) Math.max(1, Math.min(MAX_COUNT, Math.round((byFourth + byFirst) / 2)));
		return new CoilCount(coils, byFourth, byFirst, windows, "receiver coils: " + coils + ", estimated from the noise outside "
				+ "the head (" + both + "); --coils N overrides");
	}

	/**
	 * E[M]/√E[M²] of σ·χ with 2N degrees of freedom, Γ(N + ½)/(Γ(N)·√N), for N = 1, 2, …: 0.886 (Rayleigh),
	 * 0.940, 0.959, 0.969, … → 1.
	 */
	static double firstMomentRatio(int coils) {
		double gammaRatio = Math.sqrt(Math.PI) / 2; // Γ(3/2)/Γ(1)
		for (int k = 1; k < coils; k++)
			gammaRatio *= (k + 0.5) / k; // Γ(k + 3/2)/Γ(k + 1) from Γ(k + ½)/Γ(k)
		return gammaRatio / Math.sqrt(coils);
	}

	/**
	 * N whose {@link #firstMomentRatio} is {@code ratio}, interpolated between whole counts (below one coil's ratio,
	 * extrapolated from one and two coils': a median a little under it is one coil measured, far under it no χ law).
	 */
	static double coilsForFirstMoment(double ratio) {
		double below = firstMomentRatio(1);
		if (Double.isNaN(ratio)) return Double.NaN;
		if (ratio < below) return 1 + (ratio - below) / (firstMomentRatio(2) - below);
		for (int k = 1; k < MAX_COUNT; k++) {
			double above = firstMomentRatio(k + 1);
			if (ratio <= above) return k + (ratio - below) / (above - below);
			below = above;
		}
		return MAX_COUNT;
	}

	private static double median(double[] values) {
		Arrays.sort(values);
		int m = values.length / 2;
		return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
	}
}
