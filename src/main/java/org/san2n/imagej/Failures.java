package org.san2n.imagej;

import java.awt.GraphicsEnvironment;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

import org.san2n.progress.CancelledException;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * How the ImageJ front ends tell the user that a command stopped (a dialog in a GUI, a log line otherwise),
 * and how they stop the macro that called it: one place for both the ImageJ 1.x plugins and the SciJava
 * commands, so that a failed SAN2N run never lets a macro go on to save the noisy input under the output's name.
 */
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

	/**
	 * Why {@code command} stopped, for the ImageJ 1.x plugins: a log line (headless, batch, a macro: what a
	 * pipeline's log keeps) and, for a person at the GUI, a dialog.
	 */
	public static void report(String command, Throwable e) {
		if (e instanceof CancelledException) IJ.log(command + ": " + message(e));
		else if (!interactive() || IJ.isMacro()) IJ.log(command + ": error: " + message(e));
		if (interactive() || e instanceof CancelledException) show(command, e);
	}

	/**
	 * Tells a person at the GUI why {@code command} stopped: the status line for a cancellation, else a dialog.
	 * Inside a macro the dialog is a plain message: IJ.error would hand the message to the running macro
	 * interpreter, which opens its modal "Macro Error" window and throws "Macro canceled" into this thread
	 * (from a SciJava command's thread, that exception would come back to the macro as a stack trace).
	 */
	public static void show(String command, Throwable e) {
		String message = message(e);
		if (e instanceof CancelledException) {
			IJ.showStatus(command + " " + message);
		} else if (IJ.isMacro()) {
			try {
				IJ.showMessage(command, message);
			} catch (RuntimeException escaped) {
				// Esc on the message: ImageJ's way of saying "stop the macro", which abortMacro does anyway.
			}
		} else {
			IJ.error(command, message);
		}
	}

	/**
	 * Stops the macro that ran the failed command, after its current line: the rest of a pipeline (typically
	 * a Save) must not run on what is still the input. Does nothing when no macro is running.
	 * <p>
	 * A running macro interpreter is stopped the way ImageJ stops one whose errors are ignored: it is marked
	 * done and cleaned up ({@code setIgnoreErrors(true)} then {@code abort(message)}). This works from any
	 * thread: from the macro's own thread (the ImageJ 1.x plugins) and from a SciJava command's thread, on
	 * which Fiji's legacy layer runs the command while the macro waits for it. It is not
	 * {@code Interpreter.abort()}, which waits 2 s for the macro thread to finish (it cannot: it is waiting for
	 * us) and then stops every thread named "…Macro$" with Thread.stop, which ImageJ prints as a ThreadDeath
	 * stack trace; nor an exception, which ImageJ 1.x's Executer catches, prints as a stack trace and forgets,
	 * letting the macro go on. Java code that called {@code IJ.run(…)} without an interpreter gets ImageJ's
	 * {@code Macro.abort()}: its IJ.run then throws "Macro canceled".
	 *
	 * @return true if a macro was running (and is now stopped)
	 */
	public static boolean abortMacro(String message) {
		Interpreter macro = Interpreter.getInstance();
		if (macro != null) {
			macro.setIgnoreErrors(true); // the failure has been reported once; no second, modal Macro Error window
			macro.abort(message);
			return true;
		}
		if (IJ.macroRunning()) {
			Macro.abort(); // last: on a "…Macro$" thread it throws "Macro canceled", which ImageJ passes over silently
			return true;
		}
		return false;
	}

	/**
	 * True when ImageJ 1.x's command runner ({@code IJ.runPlugIn}: a menu click, or {@code run(…)} in a macro,
	 * reaching a SciJava command through Fiji's legacy layer) is waiting for this thread or one of its
	 * ancestors. Such a caller turns any exception from the command into a stack-trace window and goes on, so
	 * a command it ran reports its failure itself instead of throwing; anyone else (a script, Java code,
	 * headless Fiji) gets an exception it can see.
	 *
	 * @param parentOf the thread that started a given thread (SciJava's ThreadService knows), or null when unknown
	 */
	public static boolean runByImageJ1(UnaryOperator<Thread> parentOf) {
		return ThreadAncestry.any(parentOf, t -> {
			for (StackTraceElement frame : t.getStackTrace())
				if ("ij.IJ".equals(frame.getClassName()) && "runPlugIn".equals(frame.getMethodName())) return true;
			return false;
		});
	}
}
