package org.san2n.progress;

/** Thrown between units of work once the user has cancelled; nothing half-written is left behind. */
public class CancelledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CancelledException() {
		super("cancelled by the user");
	}
}
