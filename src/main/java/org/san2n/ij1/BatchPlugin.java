package org.san2n.ij1;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.san2n.imagej.ImageJProgress;
import org.san2n.imagej.MacroOptions;
import org.san2n.imagej.Recording;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.study.BidsLayout;
import org.san2n.study.ParticipantLevel;
import org.san2n.study.StudyRequest;
import org.san2n.study.StudySummary;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/**
 * Plugins › SAN2N › SAN2N Batch for ImageJ 1.x (plugins.config): a BIDS dataset denoised into BIDS Derivatives by
 * the BIDS App's participant level ({@link ParticipantLevel}). Macro options {@code bids_dir=… output_dir=…
 * [participant_label=[01 02]] [session_label=…] [overwrite] [any SAN2N Denoise setting but the per-scan files]};
 * without options a dialog asks for the folders, the subjects, the sessions and the method (the other settings
 * keep their defaults there; a macro gives them). Progress per scan on ImageJ's bar, Esc stops between units of
 * work; no image window is opened. In Fiji the SciJava command of the same label runs instead.
 */
public final class BatchPlugin implements PlugIn {

	static final String NAME = "SAN2N Batch";
	private static final List<String> STUDY_KEYS = List.of("bids_dir", "output_dir", "participant_label", "session_label", "overwrite");

	@Override
	public void run(String arg) {
		String options = MacroOptions.current();
		ImageJProgress progress = null;
		try {
			Map<String, String> given;
			if (options != null) given = MacroOptions.read(options, Setting.Job.DENOISE);
			else {
				GenericDialog d = new GenericDialog(NAME);
				d.addDirectoryField("BIDS dataset", "");
				d.addDirectoryField("Output folder", "");
				d.addStringField("Subjects (empty: all)", "", 20);
				d.addStringField("Sessions (empty: all)", "", 20);
				d.addChoice(Settings.METHOD_LABEL, org.san2n.denoise.Method.keys(), Settings.get("method").defaultValue());
				d.addCheckbox("Redo complete scans", false);
				d.showDialog();
				if (d.wasCanceled()) {
					Recording.nothing(NAME);
					return;
				}
				given = new LinkedHashMap<>();
				given.put("bids_dir", d.getNextString());
				given.put("output_dir", d.getNextString());
				given.put("participant_label", d.getNextString());
				given.put("session_label", d.getNextString());
				given.put("method", d.getNextChoice());
				if (d.getNextBoolean()) given.put("overwrite", "");
			}
			StudyRequest request = request(given);
			String out = request.outputDir().toString();
			int total = BidsLayout.open(request.bidsDir(), request.outputDir()).scans(request.participants(), request.sessions()).size();
			progress = new ImageJProgress(NAME);
			int[] seen = { 0 };
			List<ParticipantLevel.Outcome> outcomes = ParticipantLevel.run(request, new ScansOnly(progress), step -> {}, o -> {
				seen[0]++;
				IJ.showProgress(seen[0], total);
				IJ.log(NAME + ": " + o.line());
			});
			StudySummary summary = StudySummary.of(outcomes, Path.of(out));
			progress.done(NAME + ": " + summary.line());
			IJ.log(NAME + ": " + summary.line());
			if (summary.failed() > 0) throw new IllegalStateException(summary.withFailures());
			Recording.record(NAME, toRecord(request));
		} catch (Exception | OutOfMemoryError e) {
			Recording.nothing(NAME);
			Reporting.fail(NAME, progress, e);
		}
	}

	/**
	 * The study the options ask for: {@code bids_dir}, {@code output_dir}, {@code participant_label}, {@code session_label},
	 * {@code overwrite} (a bare key or {@code overwrite=true}) and SAN2N Denoise's settings but the per-scan files.
	 *
	 * @throws IllegalArgumentException a folder missing, or a setting refused
	 */
	static StudyRequest request(Map<String, String> given) {
		Map<String, String> settings = new LinkedHashMap<>(given);
		STUDY_KEYS.forEach(settings::remove);
		String bids = given.getOrDefault("bids_dir", ""), out = given.getOrDefault("output_dir", "");
		if (bids.isBlank() || out.isBlank()) throw new IllegalArgumentException("give bids_dir (the BIDS dataset) and output_dir (the derivatives folder)");
		String overwrite = given.get("overwrite");
		return new StudyRequest(Path.of(bids), Path.of(out), labels(given.get("participant_label")), labels(given.get("session_label")),
				overwrite != null && (overwrite.isEmpty() || Boolean.parseBoolean(overwrite)), Settings.values(Setting.Job.DENOISE, settings));
	}

	/**
	 * What the macro recorder writes for a run of {@code request}, with the keys {@link #request} reads (not the dialog's
	 * labels, which GenericDialog would record as {@code bids=}, {@code output=}…): the folders (absolute), the subjects and
	 * sessions when chosen, {@code overwrite} when on, the method and every setting changed from its default.
	 */
	static Map<String, String> toRecord(StudyRequest request) {
		Map<String, String> m = new LinkedHashMap<>();
		m.put("bids_dir", request.bidsDir().toAbsolutePath().normalize().toString());
		m.put("output_dir", request.outputDir().toAbsolutePath().normalize().toString());
		if (!request.participants().isEmpty()) m.put("participant_label", String.join(" ", request.participants()));
		if (!request.sessions().isEmpty()) m.put("session_label", String.join(" ", request.sessions()));
		if (request.overwrite()) m.put("overwrite", "true");
		m.putAll(MacroOptions.toRecord(request.settings(), request.denoise().method().key()));
		return m;
	}

	private static List<String> labels(String text) {
		return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("[\\s,]+"));
	}

	/** The bar counts scans: a scan's own stages only reach the status line. */
	private record ScansOnly(ImageJProgress inner) implements org.san2n.progress.Progress {

		@Override
		public void update(String stage, long done, long total) {}

		@Override
		public void status(String text) {
			inner.status(text);
		}

		@Override
		public boolean isCancelled() {
			return inner.isCancelled();
		}

		@Override
		public void log(String line) {
			inner.log(line);
		}
	}
}
