package org.san2n.progress;

/** A front end's progress that also keeps what the run records about itself in {@code record}. */
public record RecordingProgress(Progress inner, RunRecord record) implements Progress {

	@Override
	public void update(String stage, long done, long total) {
		inner.update(stage, done, total);
	}

	@Override
	public boolean isCancelled() {
		return inner.isCancelled();
	}

	@Override
	public void status(String text) {
		inner.status(text);
	}

	@Override
	public void log(String line) {
		inner.log(line);
	}

	@Override
	public void record(String key, Object value) {
		record.put(key, value);
		inner.record(key, value);
	}

	@Override
	public void checkCancelled() {
		inner.checkCancelled();
	}
}
