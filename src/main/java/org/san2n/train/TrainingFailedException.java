package org.san2n.train;

import java.util.List;

import org.san2n.model.ValidationReport;

/** Training ended without a network that can be trusted: it diverged, or it did not learn to denoise. */
public final class TrainingFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;
	private final transient List<ValidationReport.Check> history;

	private final long stepsRun;

	public TrainingFailedException(String message, List<ValidationReport.Check> history) {
		this(message, history, 0);
	}

	/** @param stepsRun the optimizer steps taken before the failure */
	public TrainingFailedException(String message, List<ValidationReport.Check> history, long stepsRun) {
		super(message);
		this.history = List.copyOf(history);
		this.stepsRun = stepsRun;
	}

	/** The optimizer steps taken before the failure. */
	public long stepsRun() {
		return stepsRun;
	}

	/** The validation losses up to the failure. */
	public List<ValidationReport.Check> history() {
		return history;
	}
}
