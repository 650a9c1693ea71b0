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
	private StepReport last;

	public EpochMeans(Consumer<StepReport> epochs) {
		this.epochs = epochs;
	}

	/**
	 * Adds a step. An epoch's report goes out when the next epoch's first step arrives, or with the last
	 * step of the training: with a length in steps, the last epoch may be a part of one.
	 */
	@Override
	public void accept(StepReport r) {
		if (last != null && r.epoch() != last.epoch()) flush();
		if (!r.skipped()) {
			sum = sum.plus(r.loss());
			count++;
		}
		last = r;
		if (r.step() >= r.steps()) flush();
	}

	private void flush() {
		StepReport r = last;
		LossTerms mean = sum.divide(Math.max(1, count));
		boolean allSkipped = count == 0;
		sum = LossTerms.ZERO;
		count = 0;
		last = null;
		epochs.accept(new StepReport(r.epoch(), r.epochs(), r.step(), r.steps(), mean, r.learningRate(),
				r.samplesPerSecond(), r.etaSeconds(), allSkipped));
	}
}
