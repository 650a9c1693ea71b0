package org.san2n.denoise;

import java.util.List;

/**
 * No output that passes its checks could be made; nothing is written. The verdict says in a short line what
 * failed and what to do; the details (each attempt, each check) follow it, so that a terminal that has shown
 * hundreds of lines of progress ends with a line a person can read, not one of a thousand characters.
 */
public final class DenoisingFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String verdict;
	private final List<String> details;

	/**
	 * @param verdict what failed and what to do, short (under about 170 characters)
	 * @param details what was seen, one entry per attempt or check
	 */
	public DenoisingFailedException(String verdict, List<String> details) {
		// One line for the front ends that show a message as one (a log line, a dialog): the verdict first.
		super(verdict + (details.isEmpty() ? "" : " Details: " + String.join(" | ", details)));
		this.verdict = verdict;
		this.details = List.copyOf(details);
	}

	/** What failed and what to do, in one short line. */
	public String verdict() {
		return verdict;
	}

	/** What was seen, one line each. */
	public List<String> details() {
		return details;
	}
}
