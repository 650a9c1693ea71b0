package org.san2n.scijava;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.MacroOptions;
import org.san2n.imagej.San2nJobs;
import org.san2n.imagej.SettingsDialog;
import org.san2n.job.Setting;
import org.san2n.job.SettingValues;
import org.san2n.job.Settings;
import org.san2n.job.TrainRequest;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;

/** Plugins › SAN2N › SAN2N Train: trains SAN2N on the open scan and writes a .san2n model file. */
@Plugin(type = Command.class, menuPath = "Plugins>SAN2N>SAN2N Train", headless = true,
		description = "Train SAN2N on a noisy DWI hyperstack and save the network as a .san2n model file",
		attrs = @Attr(name = "no-record"))
public final class TrainCommand extends ScanCommand {

	static final String NAME = "SAN2N Train";
	/** Train's own key besides the settings: the model file it writes. */
	static final SettingsDialog.Output MODEL = SettingsDialog.Output.MODEL;

	@Parameter(label = "DWI hyperstack", description = "the noisy scan; its volumes are its frames or its channels")
	ImagePlus image;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	String scan_settings = "— " + Setting.Group.SCAN.title(Setting.Job.TRAIN) + " —";
	@Parameter(label = Settings.BVALS_LABEL, description = Settings.BVALS_HELP, persist = false, required = false)
	File bvals;
	@Parameter(label = Settings.BVECS_LABEL, description = Settings.BVECS_HELP, persist = false, required = false)
	File bvecs;
	@Parameter(label = Settings.MASK_LABEL, description = Settings.MASK_HELP, persist = false, required = false)
	String mask = text("mask");
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	String main_settings = "— " + Setting.Group.MAIN.title(Setting.Job.TRAIN) + " —";
	@Parameter(label = "Save model to", style = FileWidget.SAVE_STYLE, persist = false, description = "model file to write (.san2n)")
	File model;
	@Parameter(label = Settings.DEVICE_LABEL, description = Settings.DEVICE_HELP, persist = false, choices = { "cpu", "gpu", "auto" })
	String device = text("device");
	@Parameter(label = Settings.MAX_MINUTES_LABEL, description = Settings.MAX_MINUTES_HELP, persist = false)
	int max_minutes = integer("max_minutes");
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	String training_settings = "— " + Setting.Group.TRAINING.title(Setting.Job.TRAIN) + " —";
	@Parameter(label = Settings.EPOCHS_LABEL, description = Settings.EPOCHS_HELP, persist = false)
	int epochs = integer("epochs");
	@Parameter(label = Settings.STEPS_LABEL, description = Settings.STEPS_HELP, persist = false)
	int steps = integer("steps");
	@Parameter(label = Settings.BATCH_LABEL, description = Settings.BATCH_HELP, persist = false)
	int batch = integer("batch");
	@Parameter(label = Settings.LR_LABEL, description = Settings.LR_HELP, persist = false, stepSize = "0.0001")
	double lr = number("lr");
	@Parameter(label = Settings.WIDTH_LABEL, description = Settings.WIDTH_HELP, persist = false)
	int width = integer("width");
	@Parameter(label = Settings.PATCH_LABEL, description = Settings.PATCH_HELP, persist = false)
	int patch = integer("patch");
	@Parameter(label = Settings.STRIDE_LABEL, description = Settings.STRIDE_HELP, persist = false)
	int stride = integer("stride");
	@Parameter(label = Settings.SEED_LABEL, description = Settings.SEED_HELP, persist = false)
	long seed = Long.parseLong(text("seed"));
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	String expert_settings = "— " + Setting.Group.EXPERT.title(Setting.Job.TRAIN) + " —";
	@Parameter(label = Settings.SIGMA_LABEL, description = Settings.SIGMA_HELP, persist = false, required = false)
	String sigma = text("sigma");
	@Parameter(label = Settings.COILS_LABEL, description = Settings.COILS_HELP, persist = false)
	int coils = integer("coils");
	@Parameter(label = Settings.LAMBDA1_LABEL, description = Settings.LAMBDA1_HELP, persist = false)
	double lambda1 = number("lambda1");
	@Parameter(label = Settings.LAMBDA2_LABEL, description = Settings.LAMBDA2_HELP, persist = false)
	double lambda2 = number("lambda2");
	@Parameter(label = Settings.BETA_LABEL, description = Settings.BETA_HELP, persist = false)
	double beta = number("beta");
	@Parameter(label = Settings.B0_THRESHOLD_LABEL, description = Settings.B0_THRESHOLD_HELP, persist = false)
	double b0_threshold = number("b0_threshold");
	@Parameter(label = Settings.SHELL_TOLERANCE_LABEL, description = Settings.SHELL_TOLERANCE_HELP, persist = false)
	double shell_tolerance = number("shell_tolerance");
	@Parameter(label = Settings.MAX_ANGLE_LABEL, description = Settings.MAX_ANGLE_HELP, persist = false)
	double max_angle = number("max_angle");


	@Override
	Setting.Job job() {
		return Setting.Job.TRAIN;
	}

	@Override
	String name() {
		return NAME;
	}

	@Override
	ImagePlus image() {
		return image;
	}

	@Override
	SettingsDialog.Output output() {
		return MODEL;
	}

	@Override
	void check(Map<String, String> given) throws IOException {
		String file = given.get(MODEL.key());
		Map<String, String> settings = new LinkedHashMap<>(given);
		settings.remove(MODEL.key());
		San2nJobs.checkTrain(image, TrainRequest.of(Settings.values(Setting.Job.TRAIN, settings)),
				file == null || file.isBlank() ? null : Path.of(file.trim()));
	}

	@Override
	public void run() {
		ImageJProgress progress = new ImageJProgress(NAME);
		try {
			throwIfRefused();
			SettingValues values = Settings.values(Setting.Job.TRAIN, given());
			TrainRequest request = TrainRequest.of(values);
			San2nJobs.train(image, request, model == null ? null : model.toPath(), progress, lossDisplay(NAME, image == null ? "" : image.getTitle()));
			progress.done(NAME + ": wrote " + model);
			log.info(NAME + ": wrote " + model);
			Map<String, String> recorded = MacroOptions.toRecord(values, null);
			recorded.put(MODEL.key(), String.valueOf(model));
			record(recorded);
		} catch (Exception | OutOfMemoryError e) {
			progress.done("");
			fail(NAME, e);
		}
	}
}
