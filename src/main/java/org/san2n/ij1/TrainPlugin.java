package org.san2n.ij1;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.San2nJobs;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/** Plugins › SAN2N › SAN2N Train for ImageJ 1.x (plugins.config). */
public final class TrainPlugin implements PlugIn {

	static final String NAME = "SAN2N Train";

	@Override
	public void run(String arg) {
		ImagePlus image = IJ.getImage();
		TrainingDialog fields = new TrainingDialog(NAME, image);
		GenericDialog dialog = fields.dialog();
		dialog.addFileField("model", "");
		dialog.addToSameRow();
		dialog.addMessage("model file to write (.san2n)");
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		ImageJProgress progress = null;
		try {
			var settings = fields.read();
			String model = dialog.getNextString();
			progress = new ImageJProgress(NAME);
			San2nJobs.train(image, settings, DenoisePlugin.path(model), progress, Reporting.lossDisplay(NAME, image.getTitle()));
			progress.done(NAME + ": wrote " + model);
			IJ.log(NAME + ": wrote " + model);
		} catch (Exception | OutOfMemoryError e) {
			Reporting.fail(NAME, progress, e);
		}
	}
}
