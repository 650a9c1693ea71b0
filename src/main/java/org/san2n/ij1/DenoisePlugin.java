package org.san2n.ij1;

import java.nio.file.Path;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.JobSettings;
import org.san2n.imagej.San2nJobs;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/** Plugins › SAN2N › SAN2N Denoise for ImageJ 1.x (plugins.config): dialog, macro recording, new image. */
public final class DenoisePlugin implements PlugIn {

	static final String NAME = "SAN2N Denoise";

	@Override
	public void run(String arg) {
		ImagePlus image = IJ.getImage();
		TrainingDialog fields = new TrainingDialog(NAME, image);
		GenericDialog dialog = fields.dialog();
		dialog.addChoice("method", org.san2n.denoise.Method.keys(), org.san2n.denoise.Method.DEFAULT.key());
		dialog.addToSameRow();
		dialog.addMessage("mppca: no training (default); san2n: train on this image");
		dialog.addChoice("check", new String[] { "refuse", "warn" }, "refuse");
		dialog.addToSameRow();
		dialog.addMessage("an output that fails its check against the noise level");
		dialog.addFileField("model", "");
		dialog.addToSameRow();
		dialog.addMessage("trained .san2n; empty: train on this image");
		dialog.addFileField("save", "");
		dialog.addToSameRow();
		dialog.addMessage("write the model trained on this image (optional)");
		dialog.addChoice("outside", new String[] { "denoise", "keep", "zero" }, "denoise");
		dialog.addChoice("flips", new String[] { "average", "none" }, "average");
		dialog.addToSameRow();
		dialog.addMessage("mirror averaging (8× inference time)");
		dialog.addChoice("rician", new String[] { "remove", "keep" }, "remove");
		dialog.addToSameRow();
		dialog.addMessage("Rician bias of magnitude data");
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		ImageJProgress progress = null;
		try {
			JobSettings common = fields.read();
			String method = dialog.getNextChoice(), check = dialog.getNextChoice();
			String model = dialog.getNextString(), save = dialog.getNextString();
			String outside = dialog.getNextChoice(), flips = dialog.getNextChoice(), rician = dialog.getNextChoice();
			JobSettings settings = common.withDenoising(outside, flips, rician).withMethod(method, check);
			progress = new ImageJProgress(NAME);
			ImagePlus denoised = San2nJobs.denoise(image, settings, path(model), path(save), progress,
					Reporting.lossDisplay(NAME, image.getTitle()));
			progress.done(NAME + ": done");
			denoised.show();
		} catch (Exception | OutOfMemoryError e) {
			Reporting.fail(NAME, progress, e);
		}
	}

	static Path path(String text) {
		return text == null || text.isBlank() ? null : Path.of(text.trim());
	}
}
