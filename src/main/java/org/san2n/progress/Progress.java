package org.san2n.progress;

/**
 * How long engine work reports how far it got and learns that the user asked it to stop. Each front
 * end maps this to its own display (Fiji status bar, IJ.showProgress, a terminal bar).
 */
public interface Progress {

	/** Does nothing and never cancels. */
	Progress NONE = new Progress() {
		@Override
		public void update(String stage, long done, long total) {}

		@Override
		public boolean isCancelled() {
			return false;
		}
	};

	/** @param stage what is being done; done out of total units of it. */
	void update(String stage, long done, long total);

	boolean isCancelled();

	/**
	 * A short line about the current unit of work (e.g. a training step's loss, speed and time left),
	 * shown beside the progress; by default ignored.
	 */
	default void status(String text) {}

	/** A message worth keeping (a default changed for this scan, a warning); by default ignored. */
	default void log(String line) {}

	/**
	 * A fact about the run worth keeping with its output (an automatic choice and what it was, a noise level, a
	 * check's verdict), under a short key (snake_case); a later value replaces an earlier one. By default
	 * ignored; front ends keep them beside the result ({@link RunRecord}).
	 */
	default void record(String key, Object value) {}

	/**
	 * This progress, with every fact {@link #record recorded} under {@code prefix} + its key: for a second run of a
	 * step whose facts would otherwise replace the first's (SAN2N's MP-PCA of the recorrupted scan after the scan's own).
	 */
	default Progress recordingUnder(String prefix) {
		Progress outer = this;
		return new Progress() {
			@Override
			public void update(String stage, long done, long total) {
				outer.update(stage, done, total);
			}

			@Override
			public boolean isCancelled() {
				return outer.isCancelled();
			}

			@Override
			public void status(String text) {
				outer.status(text);
			}

			@Override
			public void log(String line) {
				outer.log(line);
			}

			@Override
			public void record(String key, Object value) {
				outer.record(prefix + key, value);
			}
		};
	}

	/** Throws {@link CancelledException} when the user asked to stop; call between units of work. */
	default void checkCancelled() {
		if (isCancelled()) throw new CancelledException();
	}
}
