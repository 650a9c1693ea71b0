package org.san2n.ij1;

import java.util.Map;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.San2nJobs;
import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.job.SettingValues;
import org.san2n.job.Settings;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

/** Plugins › SAN2N › SAN2N Denoise for ImageJ 1.x (plugins.config): dialog, macro recording, new image. */
public final class DenoisePlugin implements PlugIn {

	static final String NAME = "SAN2N Denoise";

	@Override
	public void run(String arg) {
		ImagePlus image = IJ.getImage();
		SettingsDialog fields = new SettingsDialog(NAME, image, Setting.Job.DENOISE);
		if (!fields.show()) {
			Recording.nothing(NAME);
			return;
		}
		ImageJProgress progress = null;
		try {
			SettingValues values = Settings.values(Setting.Job.DENOISE, fields.read());
			DenoiseRequest request = DenoiseRequest.of(values);
			progress = new ImageJProgress(NAME);
			ImagePlus denoised = San2nJobs.denoise(image, request, progress, Reporting.lossDisplay(NAME, image.getTitle()));
			progress.done(NAME + ": done");
			denoised.show();
			Map<String, String> recorded = MacroOptions.toRecord(values, request.method().key());
			Recording.record(NAME, recorded);
		} catch (Exception | OutOfMemoryError e) {
			Recording.nothing(NAME);
			Reporting.fail(NAME, progress, e);
		}
	}
}
