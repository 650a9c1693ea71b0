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
		// Saving over the scan it came from is a person's choice to make, knowingly (a macro has made it).
		Path source = org.san2n.imagej.DwiProperties.source(image);
		if (source != null && ij.Macro.getOptions() == null && org.san2n.io.DistinctPaths.same(file, source)
				&& !IJ.showMessageWithCancel(NAME, "Replace " + file + ",\nthe file '" + image.getTitle() + "' was opened from?"))
			return;
		try {
			IJ.showStatus(NAME + ": writing " + file.getFileName());
			NiftiHyperstacks.save(image, file);
			IJ.showStatus(NAME + ": wrote " + file);
		} catch (Exception | OutOfMemoryError e) {
			Reporting.fail(NAME, null, e);
		}
	}
}
