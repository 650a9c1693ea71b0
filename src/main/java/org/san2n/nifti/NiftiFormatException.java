package org.san2n.nifti;

import java.io.IOException;
import java.nio.file.Path;

/** A NIfTI file that cannot be read or written; the message names the file and the problem. */
public class NiftiFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public NiftiFormatException(Path file, String problem) {
		super(file + ": " + problem);
	}

	public NiftiFormatException(Path file, String problem, Throwable cause) {
		super(file + ": " + problem, cause);
	}
}
