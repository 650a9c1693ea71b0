package org.san2n.scijava;

import java.io.File;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.San2nJobs;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;

/**
 * Plugins › SAN2N › SAN2N Denoise: a denoised copy of the open scan, by a trained model or by training
 * on the scan itself.
 */
@Plugin(type = Command.class, menuPath = "Plugins>SAN2N>SAN2N Denoise", headless = true,
		description = "Denoise a DWI hyperstack with SAN2N (self-supervised, or with a trained model)")
public final class DenoiseCommand extends TrainingParameters {

	static final String NAME = "SAN2N Denoise";

	@Parameter(label = "Method", choices = { "mppca", "san2n", "san2n-paper" },
			description = "mppca: MP-PCA, no training (the default: best on our benchmark); san2n: train SAN2N on this image "
					+ "(or apply a model file); san2n-paper: SAN2N exactly as published")
	String method = "mppca";

	@Parameter(label = "Failed output check", choices = { "refuse", "warn" },
			description = "an output whose residual does not look like noise (volume means moved, signal removed) is refused, "
					+ "or kept with a warning")
	String check = "refuse";

	@Parameter(label = "Model file", required = false, persist = false,
			description = "a trained .san2n model to apply; empty: train on this image")
	File model;

	@Parameter(label = "Save model to", required = false, persist = false, style = FileWidget.SAVE_STYLE,
			description = "when training on this image, also write the model here (.san2n)")
	File save;

	@Parameter(label = "Outside the mask", choices = { "denoise", "keep", "zero" },
			description = "voxels outside the brain mask: denoised too, kept as they were, or set to 0")
	String outside = "denoise";

	@Parameter(label = "Mirror averaging", choices = { "average", "none" },
			description = "average the network's outputs for the 8 mirror images of the scan (8× inference time)")
	String flips = "average";

	@Parameter(label = "Rician bias", choices = { "remove", "keep" },
			description = "remove the Rician bias of magnitude data from the output (σ estimated from the scan)")
	String rician = "remove";

	@Parameter(type = ItemIO.OUTPUT, label = "Denoised")
	ImagePlus denoised;

	@Override
	public void run() {
		ImageJProgress progress = new ImageJProgress(NAME);
		try {
			denoised = San2nJobs.denoise(image, settings().withDenoising(outside, flips, rician).withMethod(method, check), model == null ? null : model.toPath(),
					save == null ? null : save.toPath(), progress, lossDisplay(NAME));
			progress.done(NAME + ": done");
		} catch (Exception | OutOfMemoryError e) {
			progress.done("");
			fail(NAME, e);
		}
	}
}
