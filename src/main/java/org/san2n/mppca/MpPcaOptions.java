package org.san2n.mppca;

/**
 * @param window    edge of the cubic sliding window in voxels (odd); 0: the smallest odd edge whose
 *                  window has at least as many voxels as the scan has volumes (5 for 30–125 volumes)
 * @param estimator the noise-level estimator
 * @param stride    voxels between window centres along each axis (1: a window around every voxel; 0:
 *                  automatic, the finest stride whose estimated time fits {@code budgetSeconds}); every voxel
 *                  is still covered by overlapping windows as long as the stride is at most the window
 * @param budgetSeconds with stride 0: the time the windows may take (estimated before they start)
 */
public record MpPcaOptions(int window, MarchenkoPastur.Estimator estimator, int stride, double budgetSeconds) {

	/** Largest stride: 4 keeps every voxel in several windows of 7 (the window of 126–343 volumes). */
	public static final int MAX_STRIDE = 4;

	/**
	 * Automatic stride within 20 minutes: stride 1 on clinical scans (a 96×96×60×65 scan's windows take about
	 * 40 s on 2 cores), 2 on HCP-sized ones (145×174×145×288), where stride 1 would take about 2 hours.
	 */
	public static final MpPcaOptions DEFAULTS = new MpPcaOptions(0, MarchenkoPastur.Estimator.EXP2, 0, 20 * 60);

	public MpPcaOptions {
		if (window < 0 || (window > 0 && (window % 2 == 0 || window < 3)))
			throw new IllegalArgumentException("the MP-PCA window must be an odd number ≥ 3 (0: automatic), got " + window);
		if (window > 31) throw new IllegalArgumentException("the MP-PCA window must be at most 31 voxels, got " + window);
		if (estimator == null) throw new IllegalArgumentException("say which noise estimator MP-PCA uses");
		if (stride < 0 || stride > MAX_STRIDE)
			throw new IllegalArgumentException("the MP-PCA stride must be 1–" + MAX_STRIDE + " (0: automatic), got " + stride);
		if (!(budgetSeconds > 0)) throw new IllegalArgumentException("the MP-PCA time budget must be > 0 seconds, got " + budgetSeconds);
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
		return new MpPcaOptions(w, estimator, stride, budgetSeconds);
	}

	public MpPcaOptions withStride(int s) {
		return new MpPcaOptions(window, estimator, s, budgetSeconds);
	}

	public MpPcaOptions withBudgetMinutes(double minutes) {
		return new MpPcaOptions(window, estimator, stride, minutes * 60);
	}
}
