package org.san2n.train;

/** The loss terms of one step, in the scan's own intensity units (as the reference computes them). */
public record LossTerms(double l1, double l2, double lq, double lq2, double lr, double total) {

	public static final LossTerms ZERO = new LossTerms(0, 0, 0, 0, 0, 0);

	public LossTerms plus(LossTerms o) {
		return new LossTerms(l1 + o.l1, l2 + o.l2, lq + o.lq, lq2 + o.lq2, lr + o.lr, total + o.total);
	}

	public LossTerms divide(double n) {
		return new LossTerms(l1 / n, l2 / n, lq / n, lq2 / n, lr / n, total / n);
	}

	/** False for a skipped step: its loss, or a gradient from it, was not finite. */
	public boolean finite() {
		return Double.isFinite(total);
	}

	/** These terms marked as a skipped step (total NaN) because the gradient was not finite. */
	public LossTerms notFinite() {
		return new LossTerms(l1, l2, lq, lq2, lr, Double.NaN);
	}
}
