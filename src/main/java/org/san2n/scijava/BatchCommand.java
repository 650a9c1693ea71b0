package org.san2n.scijava;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;
import org.san2n.study.BidsLayout;
import org.san2n.study.BidsScan;
import org.san2n.study.ParticipantLevel;
import org.san2n.study.StudyRequest;
import org.san2n.study.StudySummary;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › SAN2N › SAN2N Batch: every DWI scan of a BIDS dataset denoised into BIDS Derivatives, the BIDS App's
 * participant level ({@link ParticipantLevel}, the same code as {@code san2n bids … participant}, so the same
 * files). No image window is opened: the scans go from file to file. Progress is shown per scan on the status
 * bar (SciJava's StatusService); Cancel (the module's cancel, Esc, or interrupting the thread) is honoured before
 * each scan and between the units of work of the scan being denoised (that scan is not written, those done stay
 * complete). Scans fail independently; when any failed the command fails after the others are done, naming them.
 * Field names are the setting keys (macro keys); the settings are SAN2N Denoise's but the per-scan files.
 * <p>
 * The settings' fields repeat {@link DenoiseCommand}'s rather than sit in a shared superclass: SciJava does harvest a
 * superclass's {@code @Parameter} fields, but puts them before the class's own (ClassUtils.cacheAnnotatedObjects), so
 * the dialogs would lose their order (Denoise's image, scan files, {@code save_model} and map checkboxes after every
 * shared setting; Batch's folders last), and SettingsCommand reads the fields of the concrete class. The labels,
 * help and defaults are not repeated: they come from {@link Settings}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>SAN2N>SAN2N Batch", headless = true,
		description = "Denoise every DWI scan of a BIDS dataset into BIDS Derivatives (as san2n bids … participant)")
public final class BatchCommand extends SettingsCommand {

	static final String NAME = "SAN2N Batch";

	@Parameter
	StatusService status;

	@Parameter(label = "BIDS dataset", description = "the dataset's top folder (with dataset_description.json); read only",
			style = FileWidget.DIRECTORY_STYLE, persist = false)
	File bids_dir;
	@Parameter(label = "Output folder", description = "the derivatives folder (created), e.g. the dataset's derivatives/san2n",
			style = FileWidget.DIRECTORY_STYLE, persist = false)
	File output_dir;
	@Parameter(label = "Subjects (empty: all)", description = "subject labels separated by spaces (01 or sub-01)", persist = false, required = false)
	String participant_label = "";
	@Parameter(label = "Sessions (empty: all)", description = "session labels separated by spaces (1 or ses-1)", persist = false, required = false)
	String session_label = "";
	@Parameter(label = "Redo complete scans", description = "denoise again scans whose outputs are complete (otherwise they are skipped)",
			persist = false)
	boolean overwrite;

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

	/** What the last run did, one line (for scripts and tests that hold the command). */
	String summary = "";

	@Override
	Setting.Job job() {
		return Setting.Job.DENOISE;
	}

	@Override
	List<Setting> settings() {
		return StudyRequest.SETTINGS;
	}

	@Override
	public void run() {
		ij.IJ.resetEscape();
		try {
			if (bids_dir == null || output_dir == null) throw new IllegalArgumentException("choose the BIDS dataset's folder and the output folder");
			StudyRequest request = new StudyRequest(bids_dir.toPath(), output_dir.toPath(), labels(participant_label), labels(session_label), overwrite,
					Settings.values(Setting.Job.DENOISE, given()));
			Path out = output_dir.toPath();
			int total = BidsLayout.open(request.bidsDir(), out).scans(request.participants(), request.sessions()).size();
			int[] seen = { 0 };
			status.showStatus(0, total, NAME + ": " + total + " scans");
			List<ParticipantLevel.Outcome> outcomes = ParticipantLevel.run(request, new StatusProgress(), step -> {}, o -> {
				seen[0]++;
				status.showStatus(seen[0], total, NAME + ": " + seen[0] + "/" + total + " " + o.line());
				log.info(NAME + ": " + o.line());
			});
			StudySummary done = StudySummary.of(outcomes, out);
			summary = done.line();
			status.showStatus(NAME + ": " + summary);
			log.info(NAME + ": " + summary);
			if (done.failed() > 0) throw new IllegalStateException(done.withFailures());
		} catch (CancelledException e) {
			summary = "cancelled; the scan being denoised was not written, the scans done before it are complete (a rerun skips them)";
			status.showStatus(NAME + ": " + summary);
			log.warn(NAME + ": " + summary);
			cancel(summary);
		} catch (Exception | OutOfMemoryError e) {
			status.clearStatus();
			fail(NAME, e);
		}
	}

	private static List<String> labels(String text) {
		return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("[\\s,]+"));
	}

	/** The study's progress in Fiji: stages on the status line, lines in the log, cancelled by the module, Esc or an interrupt. */
	private final class StatusProgress implements Progress {

		@Override
		public void update(String stage, long done, long total) {
			// The bar counts scans (see run); a scan's own stages go to the status line only.
		}

		@Override
		public void status(String text) {
			status.showStatus(NAME + " · " + text);
		}

		@Override
		public boolean isCancelled() {
			return isCanceled() || Thread.currentThread().isInterrupted() || ij.IJ.escapePressed();
		}

		@Override
		public void log(String line) {
			log.info(NAME + ": " + line);
		}
	}
}
