package org.san2n.mppca;

/**
 * @param window    edge of the cubic sliding window in voxels (odd); 0: the smallest odd edge whose
 *                  window has at least as many voxels as the scan has volumes (5 for 30–125 volumes)
 * @param estimator the noise-level estimator
 * @param stride    voxels between window centres along each axis (1: a window around every voxel); every
 *                  voxel is still covered by overlapping windows as long as the stride is below the window
 */
public record MpPcaOptions(int window, MarchenkoPastur.Estimator estimator, int stride) {

	public static final MpPcaOptions DEFAULTS = new MpPcaOptions(0, MarchenkoPastur.Estimator.EXP2, 1);

	public MpPcaOptions {
		if (window < 0 || (window > 0 && (window % 2 == 0 || window < 3)))
			throw new IllegalArgumentException("the MP-PCA window must be an odd number ≥ 3 (0: automatic), got " + window);
		if (window > 31) throw new IllegalArgumentException("the MP-PCA window must be at most 31 voxels, got " + window);
		if (estimator == null) throw new IllegalArgumentException("say which noise estimator MP-PCA uses");
		if (stride < 1 || stride > 3) throw new IllegalArgumentException("the MP-PCA stride must be 1, 2 or 3, got " + stride);
	}

	/** The window edge for a scan of {@code volumes} volumes. */
	public int windowFor(int volumes) {
		if (window > 0) return window;
		int k = 3;
		while ((long) k * k * k < volumes)
			k += 2;
		return k;
	}

	public MpPcaOptions withWindow(int w) {
		return new MpPcaOptions(w, estimator, stride);
	}

	public MpPcaOptions withStride(int s) {
		return new MpPcaOptions(window, estimator, s);
	}
}
