package org.san2n.denoise;

/** No output that passes its checks could be made; nothing is written. The message says what was seen. */
public final class DenoisingFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public DenoisingFailedException(String message) {
		super(message);
	}
}
