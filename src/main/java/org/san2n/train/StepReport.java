package org.san2n.train;

import java.util.Locale;

/** How training stands after one step: what a progress display or a live loss plot shows. */
public record StepReport(int epoch, int epochs, long step, long steps, LossTerms loss, double learningRate,
		double samplesPerSecond, double etaSeconds, boolean skipped) {

	/** "epoch 3/100 · loss 1.23e+04 · 42.1 pairs/s · 3m05s left", or that the step was skipped. */
	public String summary() {
		return String.format(Locale.ROOT, "epoch %d/%d · ", epoch, epochs) + (skipped ? "step skipped (loss or gradient not finite)" : String.format(Locale.ROOT, "loss %.4g", loss.total()))
				+ String.format(Locale.ROOT, " · %.1f pairs/s · %s left", samplesPerSecond, duration(etaSeconds));
	}

	/** One line for a loss log: every loss term (the epoch's means when from {@link EpochMeans}), rate, speed, time left. */
	public String lossLine() {
		LossTerms m = loss;
		return String.format(Locale.ROOT,
				"epoch %3d/%d  loss %.4g  (L1 %.4g  L2 %.4g  Lq %.4g  Lq2 %.4g  Lr %.4g)  lr %.2g  %.1f pairs/s  ETA %s", epoch,
				epochs, m.total(), m.l1(), m.l2(), m.lq(), m.lq2(), m.lr(), learningRate, samplesPerSecond, duration(etaSeconds));
	}

	/** "1h05m" or "3m07s". */
	public static String duration(double seconds) {
		long s = Math.round(seconds);
		return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
				: String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
	}
}
