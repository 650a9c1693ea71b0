package org.san2n.train;

import java.util.List;

import org.san2n.model.ValidationReport;

/** Training ended without a network that can be trusted: it diverged, or it did not learn to denoise. */
public final class TrainingFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;
	private final transient List<ValidationReport.Check> history;

	public TrainingFailedException(String message, List<ValidationReport.Check> history) {
		super(message);
		this.history = List.copyOf(history);
	}

	/** The validation losses up to the failure. */
	public List<ValidationReport.Check> history() {
		return history;
	}
}
