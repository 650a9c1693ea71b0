package org.san2n.ij1;

import java.nio.file.Path;

import org.san2n.imagej.Hyperstacks;
import org.san2n.imagej.NiftiHyperstacks;

import ij.IJ;
import ij.ImagePlus;
import ij.io.SaveDialog;
import ij.plugin.PlugIn;

/**
 * Plugins › SAN2N › Save as NIfTI...: the current image as float32 NIfTI with the geometry it was
 * opened with, and its gradient table as NAME.bval/NAME.bvec beside it.
 */
public final class SaveNiftiPlugin implements PlugIn {

	static final String NAME = "Save as NIfTI";

	@Override
	public void run(String arg) {
		ImagePlus image = IJ.getImage();
		SaveDialog dialog = new SaveDialog("Save as NIfTI", Hyperstacks.baseTitle(image.getTitle()), ".nii.gz");
		if (dialog.getFileName() == null) return;
		Path file = Path.of(dialog.getDirectory(), dialog.getFileName());
		try {
			IJ.showStatus(NAME + ": writing " + file.getFileName());
			NiftiHyperstacks.save(image, file);
			IJ.showStatus(NAME + ": wrote " + file);
		} catch (Exception | OutOfMemoryError e) {
			Reporting.fail(NAME, null, e);
		}
	}
}
