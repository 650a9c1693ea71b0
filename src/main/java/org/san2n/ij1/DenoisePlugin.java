package org.san2n.ij1;

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
		if (!fields.show()) return;
		ImageJProgress progress = null;
		try {
			SettingValues values = Settings.values(Setting.Job.DENOISE, fields.read());
			DenoiseRequest request = DenoiseRequest.of(values);
			progress = new ImageJProgress(NAME);
			ImagePlus denoised = San2nJobs.denoise(image, request, progress, Reporting.lossDisplay(NAME, image.getTitle()));
			progress.done(NAME + ": done");
			denoised.show();
		} catch (Exception | OutOfMemoryError e) {
			Reporting.fail(NAME, progress, e);
		}
	}
}
