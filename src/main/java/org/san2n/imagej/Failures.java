package org.san2n.imagej;

import java.awt.GraphicsEnvironment;
import java.io.UncheckedIOException;

import org.san2n.progress.CancelledException;

import ij.IJ;
import ij.macro.Interpreter;

/** How the ImageJ front ends tell the user that a command stopped: a dialog in a GUI, a log line otherwise. */
public final class Failures {

	private Failures() {}

	/** True when a person is looking at ImageJ windows (not headless, not a batch-mode macro). */
	public static boolean interactive() {
		return !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null && !Interpreter.isBatchMode();
	}

	/** The message for the user: what went wrong, never a stack trace. */
	public static String message(Throwable e) {
		if (e instanceof CancelledException) return "cancelled; nothing was written";
		if (e instanceof OutOfMemoryError)
			return "out of memory (" + e.getMessage() + "); give ImageJ more memory (Edit > Options > Memory & Threads) "
					+ "or use a smaller tile";
		Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
		String m = t.getMessage();
		return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
	}

	/** Shows (GUI) or logs (headless, batch) why {@code command} stopped. */
	public static void report(String command, Throwable e) {
		String message = message(e);
		if (e instanceof CancelledException) {
			IJ.showStatus(command + " " + message);
			IJ.log(command + ": " + message);
		} else if (interactive()) {
			IJ.error(command, message);
		} else {
			IJ.log(command + ": error: " + message);
		}
	}
}
