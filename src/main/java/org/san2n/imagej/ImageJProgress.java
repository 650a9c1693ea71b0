package org.san2n.imagej;

import org.san2n.progress.Progress;

import ij.IJ;

/**
 * Engine progress in ImageJ: the progress bar and status line of the ImageJ window; cancelled by the
 * Esc key (ImageJ's convention for stopping a command) or by interrupting the command's thread.
 */
public final class ImageJProgress implements Progress {

	private static final long REFRESH_NANOS = 100_000_000L;

	private final String command;
	private String stage = "";
	private long lastDrawn;

	/** Starts listening for Esc from now on. */
	public ImageJProgress(String command) {
		this.command = command;
		IJ.resetEscape();
	}

	@Override
	public void update(String stage, long done, long total) {
		this.stage = stage;
		long now = System.nanoTime();
		if (done < total && now - lastDrawn < REFRESH_NANOS) return;
		lastDrawn = now;
		IJ.showProgress(total <= 0 ? 1 : (double) done / total);
	}

	@Override
	public void status(String text) {
		IJ.showStatus(text.isEmpty() ? "" : command + " · " + (stage.isEmpty() ? "" : stage + " · ") + text + " (Esc stops)");
	}

	@Override
	public boolean isCancelled() {
		return IJ.escapePressed() || Thread.currentThread().isInterrupted();
	}

	@Override
	public void log(String line) {
		ij.IJ.log("SAN2N: " + line);
	}

	/** Clears the bar and the status line. */
	public void done(String message) {
		IJ.showProgress(1.0);
		IJ.showStatus(message);
	}
}
