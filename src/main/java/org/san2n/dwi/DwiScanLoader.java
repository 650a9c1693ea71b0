package org.san2n.dwi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.san2n.nifti.NiftiFormatException;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;
import org.san2n.progress.Progress;
import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.GradientFormatException;
import org.san2n.qspace.GradientTable;

/** Loads a DWI scan from NIfTI and FSL bvals/bvecs, checking that they belong together. */
public final class DwiScanLoader {

	private DwiScanLoader() {}

	public static DwiScan load(Path dwi, Path bvals, Path bvecs, Progress progress) throws IOException {
		GradientTable table = FslGradientReader.read(bvals, bvecs);
		var header = NiftiReader.readHeader(dwi);
		if (header.ndim() != 4)
			throw new NiftiFormatException(dwi, "a DWI scan must be 4D (x, y, z, volumes), but its shape is "
					+ Arrays.toString(header.dims()));
		if (header.dim(3) != table.size())
			throw new GradientFormatException(bvals, table.size() + " gradient entries in " + bvals.getFileName()
					+ "/" + bvecs.getFileName() + " but " + header.dim(3) + " volumes in " + dwi);
		NiftiImage image = NiftiReader.read(dwi, progress);
		return new DwiScan(image.data(), table, image.header());
	}
}
