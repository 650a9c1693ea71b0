package org.san2n.scijava;

/**
 * SAN2N Train or SAN2N Denoise did not give a result; the message is the one line the log shows
 * ({@code "SAN2N Denoise: …"}). A script that ran the command through CommandService sees it as the cause of
 * the future's ExecutionException (SciJava's ModuleRunner wraps it once more, as "Module threw exception").
 */
public final class CommandFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	CommandFailedException(String message, Throwable cause) {
		super(message, cause);
	}
}
