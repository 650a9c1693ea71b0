package org.san2n.train;

import java.util.function.Consumer;

/**
 * Turns per-step reports into one report per epoch whose loss is the epoch's mean over the steps that
 * were not skipped: what loss lines and loss plots show (single steps are too noisy to read).
 */
public final class EpochMeans implements Consumer<StepReport> {

	private final Consumer<StepReport> epochs;
	private LossTerms sum = LossTerms.ZERO;
	private int count;

	public EpochMeans(Consumer<StepReport> epochs) {
		this.epochs = epochs;
	}

	@Override
	public void accept(StepReport r) {
		if (!r.skipped()) {
			sum = sum.plus(r.loss());
			count++;
		}
		if (r.step() % (r.steps() / r.epochs()) != 0) return;
		LossTerms mean = sum.divide(Math.max(1, count));
		boolean allSkipped = count == 0;
		sum = LossTerms.ZERO;
		count = 0;
		epochs.accept(new StepReport(r.epoch(), r.epochs(), r.step(), r.steps(), mean, r.learningRate(),
				r.samplesPerSecond(), r.etaSeconds(), allSkipped));
	}
}
