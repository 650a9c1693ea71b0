package org.san2n.ij1;

import java.nio.file.Path;
import java.util.Map;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.San2nJobs;
import org.san2n.job.Setting;
import org.san2n.job.SettingValues;
import org.san2n.job.Settings;
import org.san2n.job.TrainRequest;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

/** Plugins › SAN2N › SAN2N Train for ImageJ 1.x (plugins.config). */
public final class TrainPlugin implements PlugIn {

	static final String NAME = "SAN2N Train";

	@Override
	public void run(String arg) {
		ImagePlus image = IJ.getImage();
		SettingsDialog fields = new SettingsDialog(NAME, image, Setting.Job.TRAIN);
		fields.addFile("model", "model file to write (.san2n)");
		if (!fields.show()) {
			Recording.nothing(NAME);
			return;
		}
		ImageJProgress progress = null;
		try {
			Map<String, String> given = fields.read();
			String model = given.remove("model");
			SettingValues values = Settings.values(Setting.Job.TRAIN, given);
			TrainRequest request = TrainRequest.of(values);
			Path file = model == null || model.isBlank() ? null : Path.of(model.trim());
			progress = new ImageJProgress(NAME);
			San2nJobs.train(image, request, file, progress, Reporting.lossDisplay(NAME, image.getTitle()));
			progress.done(NAME + ": wrote " + file);
			IJ.log(NAME + ": wrote " + file);
			Map<String, String> recorded = MacroOptions.toRecord(values, null);
			recorded.put("model", file.toString());
			Recording.record(NAME, recorded);
		} catch (Exception | OutOfMemoryError e) {
			Recording.nothing(NAME);
			Reporting.fail(NAME, progress, e);
		}
	}
}
