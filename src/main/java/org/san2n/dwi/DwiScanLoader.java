package org.san2n.dwi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.san2n.nifti.NiftiFormatException;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiReader;
import org.san2n.progress.Progress;
import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.GradientFormatException;
import org.san2n.qspace.GradientTable;

/**
 * Loads a DWI scan from NIfTI and FSL bvals/bvecs, checking that they belong together. Large scans
 * are streamed into a memory-mapped file instead of the heap.
 */
public final class DwiScanLoader {

	private DwiScanLoader() {}

	public static DwiScan load(Path dwi, Path bvals, Path bvecs, Progress progress) throws IOException {
		GradientTable table = FslGradientReader.read(bvals, bvecs);
		String warning = table.missingDirections(org.san2n.qspace.PairingOptions.DEFAULTS.b0Threshold());
		if (warning != null) progress.log(bvecs + ": " + warning);
		NiftiReader.Source source = NiftiReader.source(dwi);
		NiftiHeader header = source.header();
		if (header.ndim() != 4)
			throw new NiftiFormatException(dwi, "a DWI scan must be 4D (x, y, z, volumes), but its shape is "
					+ Arrays.toString(header.dims()));
		if (header.dim(3) != table.size())
			throw new GradientFormatException(bvals, table.size() + " gradient entries in " + bvals.getFileName()
					+ "/" + bvecs.getFileName() + " but " + header.dim(3) + " volumes in " + dwi);
		// A scan larger than a quarter of the heap goes to a memory-mapped file (see Voxels.allocate).
		Voxels voxels = Voxels.allocate(header.dims(), Path.of(System.getProperty("java.io.tmpdir")));
		source.readInto(voxels::set, progress);
		return new DwiScan(voxels, table, header.geometry());
	}
}
