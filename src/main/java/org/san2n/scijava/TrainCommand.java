package org.san2n.scijava;

import java.io.File;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.San2nJobs;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Plugins › SAN2N › SAN2N Train: trains SAN2N on the open scan and writes a .san2n model file. */
@Plugin(type = Command.class, menuPath = "Plugins>SAN2N>SAN2N Train", headless = true,
		description = "Train SAN2N on a noisy DWI hyperstack and save the network as a .san2n model file")
public final class TrainCommand extends TrainingParameters {

	static final String NAME = "SAN2N Train";

	@Parameter(label = "Save model to", style = FileWidget.SAVE_STYLE, persist = false, description = "model file to write (.san2n)")
	File model;

	@Override
	public void run() {
		ImageJProgress progress = new ImageJProgress(NAME);
		try {
			San2nJobs.train(image, settings(), model == null ? null : model.toPath(), progress, lossDisplay(NAME));
			progress.done(NAME + ": wrote " + model);
			log.info(NAME + ": wrote " + model);
		} catch (Exception | OutOfMemoryError e) {
			progress.done("");
			fail(NAME, e);
		}
	}
}
