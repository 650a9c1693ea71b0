package org.san2n.ij1;

import java.nio.file.Path;

import org.san2n.imagej.DwiProperties;
import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.NiftiHyperstacks;

import ij.IJ;
import ij.ImagePlus;
import ij.io.OpenDialog;
import ij.plugin.PlugIn;

/**
 * Plugins › SAN2N › Open NIfTI DWI...: a NIfTI scan as a hyperstack (volumes as frames), with its
 * calibration and the gradient table from bval/bvec files beside it.
 */
public final class OpenNiftiPlugin implements PlugIn {

	static final String NAME = "Open NIfTI DWI";

	@Override
	public void run(String arg) {
		OpenDialog dialog = new OpenDialog("Open NIfTI DWI", arg);
		if (dialog.getPath() == null) return;
		Path file = Path.of(dialog.getPath());
		ImageJProgress progress = new ImageJProgress(NAME);
		try {
			ImagePlus image = NiftiHyperstacks.open(file, progress, warning -> IJ.log(NAME + ": " + warning));
			progress.done("");
			if (image.getNFrames() > 1 && DwiProperties.gradients(image) == null)
				IJ.log(NAME + ": no bvals/bvecs beside " + file.getFileName() + " (looked for NAME.bval/NAME.bvec and "
						+ "bvals/bvecs); give them to SAN2N Train and SAN2N Denoise");
			image.show();
		} catch (Exception | OutOfMemoryError e) {
			Reporting.fail(NAME, progress, e);
		}
	}
}
