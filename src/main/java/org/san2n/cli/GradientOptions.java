package org.san2n.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.GradientTable;

import picocli.CommandLine.Option;

/** --bvals, --bvecs: the FSL gradient table. */
final class GradientOptions {

	@Option(names = "--bvals", required = true, paramLabel = "FILE", description = "FSL bvals")
	Path bvals;

	@Option(names = "--bvecs", required = true, paramLabel = "FILE", description = "FSL bvecs")
	Path bvecs;

	GradientTable read() throws IOException {
		return FslGradientReader.read(bvals, bvecs);
	}
}
