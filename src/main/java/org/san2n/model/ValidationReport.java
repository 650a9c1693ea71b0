package org.san2n.model;

import java.util.List;

/**
 * How training was watched, kept in the model file: the self-supervised validation loss on held-out
 * patch positions at each check, the baseline it had to beat, and which weights were kept.
 *
 * @param positions patch positions held out of training
 * @param baseline  the validation loss of predicting each voxel by its noisy neighbour (no network)
 * @param bestStep  the step whose weights the model holds (the lowest validation loss)
 * @param bestLoss  that loss
 * @param outcome   how training ended ("completed", "stopped early at step …")
 */
public record ValidationReport(int positions, double baseline, long bestStep, double bestLoss, String outcome,
		List<Check> history) {

	/** One validation: after {@code step} steps, the mean spatial Noise2Noise loss in the scan's units. */
	public record Check(long step, double loss) {}
}
