package org.san2n.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.DwiScanLoader;
import org.san2n.progress.Progress;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --dwi, --bvals, --bvecs: the scan every processing command starts from. */
final class ScanOptions {

	@Option(names = "--dwi", required = true, paramLabel = "FILE", description = "4D DWI scan (NIfTI)")
	Path dwi;

	@Mixin
	GradientOptions gradients;

	DwiScan load(Progress progress) throws IOException {
		return DwiScanLoader.load(dwi, gradients.bvals, gradients.bvecs, progress);
	}
}
