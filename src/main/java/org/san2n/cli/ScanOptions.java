package org.san2n.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.DwiScanLoader;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiReader;
import org.san2n.progress.Progress;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --dwi, --bvals, --bvecs: the scan every processing command starts from. */
final class ScanOptions {

	@Option(names = "--dwi", required = true, paramLabel = "FILE", description = "4D DWI scan (NIfTI)")
	Path dwi;

	@Mixin
	GradientOptions gradients;

	/** The files this scan is read from, and {@code more} (null values allowed), by option name. */
	java.util.Map<String, Path> inputs(java.util.Map<String, Path> more) {
		java.util.Map<String, Path> m = new java.util.LinkedHashMap<>();
		m.put("--dwi", dwi);
		m.put("--bvals", gradients.bvals);
		m.put("--bvecs", gradients.bvecs);
		m.putAll(more);
		return m;
	}

	DwiScan load(Progress progress) throws IOException {
		return DwiScanLoader.load(dwi, gradients.bvals, gradients.bvecs, progress);
	}

	/**
	 * The scan's own header, for outputs on its voxel grid: written with it, they keep its qform, sform, pixdim
	 * (signs included) and units field for field, so every reader places them exactly as it places the scan.
	 * (The scan's format-neutral geometry cannot: a qform with a negative pixdim, which nibabel refuses and
	 * niftilib reads as 1, would come back as another quaternion with positive pixdim.)
	 */
	NiftiHeader header() throws IOException {
		return NiftiReader.readHeader(dwi);
	}
}
