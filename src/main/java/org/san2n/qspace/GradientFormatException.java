package org.san2n.qspace;

import java.io.IOException;
import java.nio.file.Path;

/** A bvals/bvecs file that cannot be used; the message names the file and the problem. */
public class GradientFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public GradientFormatException(Path file, String problem) {
		super(file + ": " + problem);
	}
}
