package org.san2n.train;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.mask.MedianOtsu;
import org.san2n.noise.NoiseEstimator;
import org.san2n.progress.Progress;
import org.san2n.qspace.AngularPairing;
import org.san2n.qspace.PairingOptions;
import org.san2n.qspace.QSpacePairing;

/** Fills in what the user did not give, the same way for every front end. */
public final class TrainingInputs {

	private TrainingInputs() {}

	/**
	 * @param mask  the brain mask, or null to compute one with median_otsu from the b0s
	 * @param sigma noise level per volume in the scan's units, or null to estimate it (DIPY's estimate_sigma)
	 * @param coils receiver coils for the estimate's bias correction (0: none)
	 */
	public static TrainingData prepare(DwiScan scan, BrainMask mask, double[] sigma, PairingOptions pairingOptions, int coils,
			Progress progress) {
		org.san2n.dwi.NonFiniteVoxels.count(scan, progress).check(progress);
		QSpacePairing pairing = AngularPairing.pair(scan.gradients(), pairingOptions);
		if (mask == null) {
			mask = MedianOtsu.compute(scan, pairing, MedianOtsu.DEFAULT_RADIUS, MedianOtsu.DEFAULT_PASSES, progress);
			if (mask.count() == 0)
				throw new IllegalArgumentException("median_otsu found no brain in the scan; give a mask");
		}
		if (sigma == null) sigma = usable(NoiseEstimator.estimate(scan, coils));
		return new TrainingData(scan, mask, pairing, sigma);
	}

	/**
	 * Estimates that are 0 or not finite (an empty or constant volume, NaN voxels) take the median of
	 * the others: the Rician term needs σ > 0 for every volume.
	 */
	static double[] usable(double[] estimates) {
		double[] good = java.util.Arrays.stream(estimates).filter(s -> s > 0 && Double.isFinite(s)).sorted().toArray();
		if (good.length == 0)
			throw new IllegalArgumentException("the noise level could not be estimated for any volume (all 0 or not finite); "
					+ "give σ explicitly");
		int h = good.length / 2;
		double median = good.length % 2 == 1 ? good[h] : (good[h - 1] + good[h]) / 2;
		double[] out = estimates.clone();
		for (int v = 0; v < out.length; v++)
			if (!(out[v] > 0) || !Double.isFinite(out[v])) out[v] = median;
		return out;
	}
}
