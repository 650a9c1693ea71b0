package org.san2n;

import java.util.ArrayList;
import java.util.List;

import org.san2n.progress.Progress;

/** A progress that never cancels and keeps the log lines the engine says, for tests of what it says. */
public final class LoggedProgress implements Progress {

	public final List<String> lines = new ArrayList<>();

	@Override
	public void update(String stage, long done, long total) {}

	@Override
	public boolean isCancelled() {
		return false;
	}

	@Override
	public void log(String line) {
		lines.add(line);
	}
}
