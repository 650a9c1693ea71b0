package org.san2n.mppca;

/**
 * Splits the eigenvalues of a noisy local matrix into signal and noise (Veraart et al., NeuroImage 2016,
 * "Denoising of diffusion MRI using random matrix theory"): the eigenvalues of pure noise, an r × N
 * Gaussian matrix with variance σ² scaled by 1/N, follow the Marchenko–Pastur law with mean σ² and
 * spread λ₊ − λ₋ = 4σ²√(r/N). The number of signal components p is the smallest for which the r = m − p
 * smallest eigenvalues are as narrow as noise of their own mean would be.
 *
 * <p>
 * {@link Estimator#EXP2} is the refinement of Cordero-Grande et al. (NeuroImage 2019, "Complex
 * diffusion-weighted image estimation via matrix recovery under general noise models"): the p signal
 * components also take p degrees of freedom from the other dimension, so the noise left is an
 * r × (N − p) matrix — its eigenvalues have mean σ²(N − p)/N and spread 4σ²(N − p)/N·√(r/(N − p)). It
 * overestimates σ less when p is not small beside N.
 */
public final class MarchenkoPastur {

	/** The two noise-level estimators of the papers above. */
	public enum Estimator {
		/** Veraart et al. 2016. */
		EXP1,
		/** Cordero-Grande et al. 2019 (default: the smaller bias). */
		EXP2
	}

	private MarchenkoPastur() {}

	/**
	 * @param ascending eigenvalues of X·Xᵀ/N (m of them, m ≤ N), smallest first
	 * @param columns   N, the larger dimension of X
	 * @return the number of signal components p (0 … m − 1; 0 where the largest eigenvalue is ≤ 0); the noise variance is in
	 *         {@code sigma2[0]}
	 */
	public static int signalComponents(double[] ascending, int m, int columns, Estimator estimator, double[] sigma2) {
		// A window without variation (every volume constant over it: outside the field of view, a masked scan) has
		// neither signal nor noise beyond its mean; the search below would call all but one component signal.
		if (!(ascending[m - 1] > 0)) {
			sigma2[0] = 0;
			return 0;
		}
		// The sum of the r smallest eigenvalues, for r = m, m − 1, …: the total less the p largest.
		double noise = 0;
		for (int i = 0; i < m; i++)
			noise += Math.max(ascending[i], 0);
		for (int p = 0; p < m; p++) {
			int r = m - p;
			if (p > 0) noise -= Math.max(ascending[r], 0);
			double lo = Math.max(ascending[0], 0), hi = Math.max(ascending[r - 1], 0);
			double mean, range;
			if (estimator == Estimator.EXP1) {
				mean = noise / r;
				range = (hi - lo) / (4 * Math.sqrt((double) r / columns));
			} else {
				double left = columns - p;
				mean = noise / r * columns / left;
				range = (hi - lo) * columns / left / (4 * Math.sqrt(r / left));
			}
			if (range < mean) {
				sigma2[0] = mean;
				return p;
			}
		}
		sigma2[0] = Math.max(ascending[0], 0);
		return m - 1;
	}

	/**
	 * The number of signal components for a <em>known</em> noise variance: the eigenvalues above the upper edge
	 * of the Marchenko–Pastur law of pure noise, λ₊ = σ²(1 + √(m/N))² (Veraart et al., NeuroImage 2016, eq. 3;
	 * used as the threshold with a σ given from elsewhere in "threshold PCA", Henriques et al., Imaging
	 * Neuroscience 2023, "Efficient PCA denoising of spatially correlated redundant MRI data"). No fit: the
	 * noise level is not estimated from the eigenvalues, so noise whose eigenvalues spread wider than the law
	 * (correlated between voxels) cannot lower it.
	 *
	 * @param ascending eigenvalues of X·Xᵀ/N (m of them, m ≤ N), smallest first
	 * @param columns   N, the larger dimension of X
	 * @param sigma2    the noise variance σ² (> 0), in the squared units of X
	 * @return p, 0 … m: how many of the largest eigenvalues exceed λ₊
	 */
	public static int signalComponentsAbove(double[] ascending, int m, int columns, double sigma2) {
		if (!(sigma2 > 0) || Double.isInfinite(sigma2)) throw new IllegalArgumentException("a known σ² must be finite and > 0, got " + sigma2);
		double edge = sigma2 * Math.pow(1 + Math.sqrt((double) m / columns), 2);
		int p = 0;
		while (p < m && ascending[m - 1 - p] > edge)
			p++;
		return p;
	}
}
