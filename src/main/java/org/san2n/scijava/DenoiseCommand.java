package org.san2n.scijava;

import java.io.File;
import java.io.IOException;
import java.util.Map;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.MacroOptions;
import org.san2n.imagej.San2nJobs;
import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.job.SettingValues;
import org.san2n.job.Settings;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;

/**
 * Plugins › SAN2N › SAN2N Denoise: a denoised copy of the open scan (MP-PCA by default; SAN2N trained on it,
 * or a trained model). The result becomes the current image, as a macro expects of a command that makes one.
 * Field names are the setting keys (macro keys); the fields follow the declaration's order and groups. A
 * person sees SAN2N's own dialog, not these fields ({@link SettingsPreprocessor}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>SAN2N>SAN2N Denoise", headless = true,
		description = "Denoise a DWI hyperstack: MP-PCA (default) or SAN2N (self-supervised, or a trained model)",
		attrs = @Attr(name = "no-record"))
public final class DenoiseCommand extends ScanCommand {

	static final String NAME = "SAN2N Denoise";

	@Parameter(label = "DWI hyperstack", description = "the noisy scan; its volumes are its frames or its channels")
	ImagePlus image;

	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	String scan_settings = "— " + Setting.Group.SCAN.title(Setting.Job.DENOISE) + " —";
	@Parameter(label = Settings.BVALS_LABEL, description = Settings.BVALS_HELP, persist = false, required = false)
	File bvals;
	@Parameter(label = Settings.BVECS_LABEL, description = Settings.BVECS_HELP, persist = false, required = false)
	File bvecs;
	@Parameter(label = Settings.MASK_LABEL, description = Settings.MASK_HELP, persist = false, required = false)
	String mask = text("mask");
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	String main_settings = "— " + Setting.Group.MAIN.title(Setting.Job.DENOISE) + " —";
	@Parameter(label = Settings.METHOD_LABEL, description = Settings.METHOD_HELP, persist = false, choices = { "mppca", "san2n", "san2n-paper" })
	String method = text("method");
	@Parameter(label = Settings.CHECK_LABEL, description = Settings.CHECK_HELP, persist = false, choices = { "refuse", "warn" })
	String check = text("check");
	@Parameter(label = Settings.DEVICE_LABEL, description = Settings.DEVICE_HELP, persist = false, choices = { "cpu", "gpu", "auto" })
	String device = text("device");
	@Parameter(label = Settings.MAX_MINUTES_LABEL, description = Settings.MAX_MINUTES_HELP, persist = false)
	int max_minutes = integer("max_minutes");
	@Parameter(label = Settings.MODEL_LABEL, description = Settings.MODEL_HELP, persist = false, required = false)
	File model;
	@Parameter(label = Settings.SAVE_MODEL_LABEL, description = Settings.SAVE_MODEL_HELP, persist = false, required = false, style = FileWidget.SAVE_STYLE)
	File save_model;
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	String training_settings = "— " + Setting.Group.TRAINING.title(Setting.Job.DENOISE) + " —";
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
	String denoising_settings = "— " + Setting.Group.DENOISING.title(Setting.Job.DENOISE) + " —";
	@Parameter(label = Settings.OUTSIDE_MASK_LABEL, description = Settings.OUTSIDE_MASK_HELP, persist = false, choices = { "denoise", "keep", "zero" })
	String outside_mask = text("outside_mask");
	@Parameter(label = Settings.NON_FINITE_LABEL, description = Settings.NON_FINITE_HELP, persist = false, choices = { "keep", "zero" })
	String non_finite = text("non_finite");
	@Parameter(label = Settings.FLIPS_LABEL, description = Settings.FLIPS_HELP, persist = false, choices = { "average", "none" })
	String flips = text("flips");
	@Parameter(label = Settings.RICIAN_LABEL, description = Settings.RICIAN_HELP, persist = false, choices = { "remove", "keep" })
	String rician = text("rician");
	@Parameter(label = Settings.TILE_LABEL, description = Settings.TILE_HELP, persist = false)
	int tile = integer("tile");
	@Parameter(label = Settings.WINDOW_LABEL, description = Settings.WINDOW_HELP, persist = false)
	int window = integer("window");
	@Parameter(label = Settings.MPPCA_STRIDE_LABEL, description = Settings.MPPCA_STRIDE_HELP, persist = false)
	int mppca_stride = integer("mppca_stride");
	@Parameter(label = Settings.QC_LABEL, description = Settings.QC_HELP, persist = false, required = false)
	String qc = text("qc");
	@Parameter(label = Settings.SHOW_NOISE_MAP_LABEL, description = Settings.SHOW_NOISE_MAP_HELP, persist = false)
	boolean show_noise_map = flag("show_noise_map");
	@Parameter(label = Settings.SHOW_RANK_MAP_LABEL, description = Settings.SHOW_RANK_MAP_HELP, persist = false)
	boolean show_rank_map = flag("show_rank_map");
	@Parameter(label = Settings.SHOW_RESIDUAL_LABEL, description = Settings.SHOW_RESIDUAL_HELP, persist = false)
	boolean show_residual = flag("show_residual");
	@Parameter(visibility = ItemVisibility.MESSAGE, persist = false, required = false)
	String expert_settings = "— " + Setting.Group.EXPERT.title(Setting.Job.DENOISE) + " —";
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
	@Parameter(label = Settings.NOISE_MAP_IN_LABEL, description = Settings.NOISE_MAP_IN_HELP, persist = false, required = false)
	String noise_map_in = text("noise_map_in");


	@Parameter(type = ItemIO.OUTPUT, label = "Denoised")
	ImagePlus denoised;

	/** The maps asked for with show_noise_map, show_rank_map, show_residual (null when not asked). */
	@Parameter(type = ItemIO.OUTPUT, label = "σ map", required = false)
	ImagePlus noise_map_image;
	@Parameter(type = ItemIO.OUTPUT, label = "Rank map", required = false)
	ImagePlus rank_map_image;
	@Parameter(type = ItemIO.OUTPUT, label = "Residual", required = false)
	ImagePlus residual_image;



	@Override
	Setting.Job job() {
		return Setting.Job.DENOISE;
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
	void check(Map<String, String> given) throws IOException {
		San2nJobs.checkDenoise(image, DenoiseRequest.of(Settings.values(Setting.Job.DENOISE, Setting.FrontEnds.IMAGEJ, given)));
	}

	@Override
	public void run() {
		ImageJProgress progress = new ImageJProgress(NAME);
		try {
			throwIfRefused();
			SettingValues values = Settings.values(Setting.Job.DENOISE, Setting.FrontEnds.IMAGEJ, given());
			DenoiseRequest request = DenoiseRequest.of(values);
			San2nJobs.Output result = San2nJobs.denoiseWithMaps(image, request, progress, lossDisplay(NAME, image == null ? "" : image.getTitle()));
			denoised = result.denoised();
			noise_map_image = result.map(San2nJobs.SIGMA_SUFFIX);
			rank_map_image = result.map(San2nJobs.RANK_SUFFIX);
			residual_image = result.map(San2nJobs.RESIDUAL_SUFFIX);
			progress.done(NAME + ": done");
			record(MacroOptions.toRecord(values, request.method().key()));
		} catch (Exception | OutOfMemoryError e) {
			progress.done("");
			fail(NAME, e);
		}
	}

}
