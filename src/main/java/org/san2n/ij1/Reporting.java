package org.san2n.ij1;

import org.san2n.imagej.Failures;
import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.LossDisplay;
import org.san2n.train.EpochMeans;

import ij.IJ;

/** How the ImageJ 1.x plugins show training and failures. */
final class Reporting {

	private Reporting() {}

	static EpochMeans lossDisplay(String command, String title) {
		return LossDisplay.of(command, title, IJ::log);
	}

	/** Tells the user why the command stopped and stops a macro that called it, so a pipeline does not go on. */
	static void fail(String command, ImageJProgress progress, Throwable e) {
		if (progress != null) progress.done("");
		Failures.report(command, e);
		Failures.abortMacro(command + ": " + Failures.message(e));
	}
}
