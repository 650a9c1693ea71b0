package org.san2n.train;

/** How training stands after one step: what a progress display or a live loss plot shows. */
public record StepReport(int epoch, int epochs, long step, long steps, LossTerms loss, double learningRate,
		double samplesPerSecond, double etaSeconds, boolean skipped) {}
