package org.san2n.train;

import java.util.Arrays;

/**
 * Clips a training step's gradient whose global norm (‖g‖₂ over every parameter) is far above the recent
 * steps' ones, to {@link #LIMIT} × their median. Why: recorrupted training on a CPU's steps is a slow, noisy
 * descent (the target's noise is √2·σ), and a single batch of bright patches (b0 signal of CSF) gave a step
 * whose Adam update undid hundreds of steps: on bench/families.py's crossing two30 SNR 10 phantom (seed 4)
 * the held-out loss jumped at step 400 of 1000 and training stopped early at 575 with the weights of step
 * 350; at a learning rate of 3e-3 a jump to 1.6× MP-PCA's loss at step 250. Gradient clipping by norm is the
 * usual guard (Pascanu, Mikolov, Bengio 2013, "On the difficulty of training recurrent neural networks");
 * the threshold follows the run's own median because the norm's scale depends on the scan and grows while
 * the last layer, which starts at 0, grows.
 *
 * <p>
 * Not thread-safe: one per training.
 */
final class GradientGuard {

	/** Norms remembered: the median of the last this many steps is the reference. */
	static final int WINDOW = 50;
	/** A norm above this many times the median is clipped to it. */
	static final double LIMIT = 4;
	/** Steps before any clipping: the first norms say nothing yet about the run's scale. */
	static final int FIRST = 10;

	private final double[] recent = new double[WINDOW];
	private int seen, clipped;

	/**
	 * The factor this step's gradients are multiplied by: 1, or {@link #LIMIT} × the median of the last
	 * {@link #WINDOW} norms divided by {@code norm} when that is smaller. The norm remembered is the clipped
	 * one, so that a run of large steps does not raise the reference by itself.
	 *
	 * @param norm the step's global gradient norm, finite and ≥ 0
	 */
	double factor(double norm) {
		if (!(norm >= 0) || Double.isInfinite(norm)) throw new IllegalArgumentException("gradient norm must be finite and ≥ 0, got " + norm);
		double factor = 1;
		if (seen >= FIRST) {
			double[] last = Arrays.copyOf(recent, Math.min(seen, WINDOW));
			Arrays.sort(last);
			double median = last.length % 2 == 1 ? last[last.length / 2] : (last[last.length / 2 - 1] + last[last.length / 2]) / 2;
			if (norm > LIMIT * median && median > 0) factor = LIMIT * median / norm;
		}
		recent[seen % WINDOW] = norm * factor;
		seen++;
		if (factor < 1) clipped++;
		return factor;
	}

	/** Steps clipped so far (recorded beside the output as {@code training_steps_clipped}). */
	int clipped() {
		return clipped;
	}
}
