package org.san2n.imagej;

import java.util.function.Consumer;

import org.san2n.train.EpochMeans;

/**
 * How the ImageJ front ends show training: a live loss plot when someone watches ImageJ's windows,
 * otherwise about twenty epoch lines (every loss term) in the log.
 */
public final class LossDisplay {

	private static final int LOG_LINES = 20;

	private LossDisplay() {}

	/** A step listener for the trainer. */
	public static EpochMeans of(String command, String imageTitle, Consumer<String> log) {
		boolean watched = Failures.interactive();
		LossPlot plot = new LossPlot(command + " loss · " + imageTitle, watched);
		return new EpochMeans(r -> {
			plot.accept(r);
			boolean due = r.epoch() % Math.max(1, r.epochs() / LOG_LINES) == 0 || r.epoch() == r.epochs();
			if (!watched && due) log.accept(command + ": " + r.lossLine());
		});
	}
}
