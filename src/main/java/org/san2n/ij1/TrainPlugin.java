package org.san2n.ij1;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.MacroOptions;
import org.san2n.imagej.Recording;
import org.san2n.imagej.San2nJobs;
import org.san2n.imagej.SettingsDialog;
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
	/** Train's own key besides the settings: the model file it writes. */
	static final SettingsDialog.Output MODEL = SettingsDialog.Output.MODEL;

	/** The checked settings, what they ask for, and the model file to write (null when none was given). */
	private record Asked(SettingValues values, TrainRequest request, Path model) {
		static Asked of(Map<String, String> options) {
			Map<String, String> given = new LinkedHashMap<>(options);
			String model = given.remove(MODEL.key());
			SettingValues values = Settings.values(Setting.Job.TRAIN, given);
			return new Asked(values, TrainRequest.of(values), model == null || model.isBlank() ? null : Path.of(model.trim()));
		}
	}

	@Override
	public void run(String arg) {
		ImagePlus image = IJ.getImage();
		String options = MacroOptions.current();
		ImageJProgress progress = null;
		try {
			Asked asked;
			if (options != null) {
				asked = Asked.of(MacroOptions.read(options, Setting.Job.TRAIN));
			} else {
				asked = new SettingsDialog(NAME, image, Setting.Job.TRAIN, MODEL).ask(given -> {
					Asked a = Asked.of(given);
					San2nJobs.checkTrain(image, a.request(), a.model());
					return a;
				});
				if (asked == null) {
					Recording.nothing(NAME);
					return;
				}
			}
			progress = new ImageJProgress(NAME);
			San2nJobs.train(image, asked.request(), asked.model(), progress, Reporting.lossDisplay(NAME, image.getTitle()));
			progress.done(NAME + ": wrote " + asked.model());
			IJ.log(NAME + ": wrote " + asked.model());
			Map<String, String> recorded = MacroOptions.toRecord(asked.values(), null);
			recorded.put(MODEL.key(), asked.model().toString());
			Recording.record(NAME, recorded);
		} catch (Exception | OutOfMemoryError e) {
			Recording.nothing(NAME);
			Reporting.fail(NAME, progress, e);
		}
	}
}
