package org.san2n.ij1;

import java.util.Map;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.MacroOptions;
import org.san2n.imagej.Recording;
import org.san2n.imagej.San2nJobs;
import org.san2n.imagej.SettingsDialog;
import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.job.SettingValues;
import org.san2n.job.Settings;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

/** Plugins › SAN2N › SAN2N Denoise for ImageJ 1.x (plugins.config): dialog or macro options, macro recording, new image. */
public final class DenoisePlugin implements PlugIn {

	static final String NAME = "SAN2N Denoise";

	/** The checked settings and what they ask for. */
	private record Asked(SettingValues values, DenoiseRequest request) {
		static Asked of(Map<String, String> given) {
			SettingValues values = Settings.values(Setting.Job.DENOISE, Setting.FrontEnds.IMAGEJ, given);
			return new Asked(values, DenoiseRequest.of(values));
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
				asked = Asked.of(MacroOptions.read(options, Setting.Job.DENOISE));
			} else {
				asked = new SettingsDialog(NAME, image, Setting.Job.DENOISE, null).ask(given -> {
					Asked a = Asked.of(given);
					San2nJobs.checkDenoise(image, a.request());
					return a;
				});
				if (asked == null) {
					Recording.nothing(NAME);
					return;
				}
			}
			progress = new ImageJProgress(NAME);
			San2nJobs.Output result = San2nJobs.denoiseWithMaps(image, asked.request(), progress, Reporting.lossDisplay(NAME, image.getTitle()));
			progress.done(NAME + ": done");
			// The maps first, the result last: it is the current image, which the macro's next command works on.
			result.maps().forEach(ImagePlus::show);
			result.denoised().show();
			Recording.record(NAME, MacroOptions.toRecord(asked.values(), asked.request().method().key()));
		} catch (Exception | OutOfMemoryError e) {
			Recording.nothing(NAME);
			Reporting.fail(NAME, progress, e);
		}
	}
}
