package org.san2n.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.san2n.progress.Progress;

/**
 * A progress bar on standard error. Ctrl-C (or SIGTERM) asks the running work to stop between units and
 * waits until it has cleaned up (this object closed), so that no temporary file is left behind; then the
 * JVM ends at once ({@link San2nCli#main} halts rather than wait in System.exit for this very hook).
 */
final class TerminalProgress implements Progress, AutoCloseable {

	private final PrintStream out;
	private final boolean interactive;
	private final Thread worker;
	private final Thread hook;
	private volatile boolean cancelled;
	private volatile boolean finished;
	private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
	private String lastStage = "";
	private long lastPrint;
	private int lastPercent = -1;
	private volatile String status = "";
	private final long started = System.nanoTime();

	TerminalProgress(PrintStream out) {
		this.out = out;
		this.interactive = System.console() != null;
		this.worker = Thread.currentThread();
		this.hook = new Thread(this::cancelAndWait, "san2n-cancel");
		Runtime.getRuntime().addShutdownHook(hook);
	}

	@Override
	public synchronized void update(String stage, long done, long total) {
		int percent = total <= 0 ? 100 : (int) (100 * done / total);
		long now = System.nanoTime();
		// Quick work shows no bar at all.
		if (lastStage.isEmpty() && now - started < TimeUnit.SECONDS.toNanos(1)) return;
		boolean newStage = !stage.equals(lastStage);
		if (!newStage && percent == lastPercent) return;
		if (!newStage && done < total && now - lastPrint < TimeUnit.MILLISECONDS.toNanos(interactive ? 100 : 5000))
			return;
		if (newStage && !lastStage.isEmpty() && interactive) out.println();
		lastPrint = now;
		redraw(stage, percent);
	}

	private void redraw(String stage, int percent) {
		lastStage = stage;
		lastPercent = percent;
		int width = 30, filled = width * percent / 100;
		String bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + String.format("%3d%%", percent);
		String line = stage + " " + bar + (status.isEmpty() ? "" : "  " + status);
		if (interactive) out.print("\r" + line + "\u001b[K"); // clear what a longer line left
		else out.println(line);
		out.flush();
	}

	/**
	 * A line of its own (a log line) without breaking the bar: in a terminal the bar is cleared,
	 * the line printed, and the bar drawn again below it.
	 */
	@Override
	public synchronized void log(String line) {
		if (interactive && !lastStage.isEmpty()) {
			out.print("\r\u001b[K" + line + "\n");
			int percent = lastPercent;
			lastPercent = -1; // force the redraw
			redraw(lastStage, percent);
		} else {
			out.println(line);
		}
		out.flush();
	}

	@Override
	public void status(String text) {
		status = text == null ? "" : text;
	}

	@Override
	public boolean isCancelled() {
		return cancelled;
	}

	private void cancelAndWait() {
		if (finished) return;
		cancelled = true;
		try {
			// The work notices between units (seconds at most) and closes this; a unit that never ends is cut off.
			closed.await(30, TimeUnit.SECONDS);
			// Then a moment for the command's last line (San2nCli prints it before it halts).
			worker.join(500);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		finished = true;
		closed.countDown();
		if (interactive && !lastStage.isEmpty()) out.println();
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		} catch (IllegalStateException e) {
			// already shutting down: the hook is running and waits for us
		}
	}
}
