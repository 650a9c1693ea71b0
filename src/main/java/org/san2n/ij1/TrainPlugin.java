package org.san2n.ij1;

import java.nio.file.Path;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.San2nJobs;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.job.TrainRequest;

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
		SettingsDialog fields = new SettingsDialog(NAME, image, Setting.Job.TRAIN);
		GenericDialog dialog = fields.withSettings();
		dialog.addFileField("model", "");
		dialog.addToSameRow();
		dialog.addMessage("model file to write (.san2n)");
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		ImageJProgress progress = null;
		try {
			TrainRequest request = TrainRequest.of(Settings.values(Setting.Job.TRAIN, fields.read()));
			String model = dialog.getNextString();
			progress = new ImageJProgress(NAME);
			San2nJobs.train(image, request, model == null || model.isBlank() ? null : Path.of(model.trim()), progress,
					Reporting.lossDisplay(NAME, image.getTitle()));
			progress.done(NAME + ": wrote " + model);
			IJ.log(NAME + ": wrote " + model);
		} catch (Exception | OutOfMemoryError e) {
			Reporting.fail(NAME, progress, e);
		}
	}
}
