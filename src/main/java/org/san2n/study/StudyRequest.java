package org.san2n.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.job.SettingValues;
import org.san2n.job.Settings;

/**
 * What a study run is asked to do: which dataset, where its derivatives go, which subjects and sessions, and
 * the denoise settings every scan gets. Immutable; made by a front end (the command line's {@code bids}).
 *
 * @param bidsDir      the BIDS dataset's top folder (read only)
 * @param outputDir    the derivatives dataset's folder (created when missing)
 * @param participants subject labels without {@code sub-} (a leading {@code sub-} is taken off); empty: all
 * @param sessions     session labels without {@code ses-}; empty: all
 * @param overwrite    redo scans whose outputs are complete (otherwise they are skipped)
 * @param settings     the denoise settings (job DENOISE); the per-scan ones ({@link #PER_SCAN}) must be empty
 * @param protocolModels one SAN2N model per protocol ({@link ProtocolModels}): trained on the protocol's first scan
 *                       and applied to its others, instead of a network trained on every scan; needs a method that
 *                       trains and no {@code model} setting
 */
public record StudyRequest(Path bidsDir, Path outputDir, List<String> participants, List<String> sessions, boolean overwrite,
		SettingValues settings, boolean protocolModels) {

	/** A study without protocol models: every scan is denoised on its own. */
	public StudyRequest(Path bidsDir, Path outputDir, List<String> participants, List<String> sessions, boolean overwrite,
			SettingValues settings) {
		this(bidsDir, outputDir, participants, sessions, overwrite, settings, false);
	}

	/**
	 * Settings that name one scan's files: a study finds them per scan (bvals, bvecs, mask) or cannot share one
	 * (save_model, a prior σ map, the maps and QC page written beside one output).
	 */
	public static final Set<String> PER_SCAN = Set.of("bvals", "bvecs", "mask", "save_model", "noise_map_in", "noise_map", "rank_map",
			"residual", "qc");

	/**
	 * The denoise settings a study takes: those every front end offers, but {@link #PER_SCAN}, in declaration order (the
	 * same in the command line and in Fiji's SAN2N Batch).
	 */
	public static final List<Setting> SETTINGS = Settings.of(Setting.Job.DENOISE).stream()
			.filter(s -> s.where() == Setting.FrontEnds.ALL && !PER_SCAN.contains(s.key())).toList();

	public StudyRequest {
		participants = labels(participants, "sub-", "--participant-label");
		sessions = labels(sessions, "ses-", "--session-label");
		if (settings.job() != Setting.Job.DENOISE) throw new IllegalArgumentException("a study takes denoise settings, got " + settings);
		settings = absolute(settings);
		for (String key : PER_SCAN)
			if (!settings.text(key).isEmpty())
				throw new IllegalArgumentException("'" + key + "' names one scan's file; a study finds each scan's own (BIDS names), "
						+ "so it cannot be given for all of them");
		if (protocolModels) {
			DenoiseRequest d = DenoiseRequest.of(settings);
			if (!d.method().trains())
				throw new IllegalArgumentException("--protocol-models trains a SAN2N model per protocol, but the method is "
						+ d.method().key() + ", which trains nothing: add --method san2n");
			if (d.model() != null)
				throw new IllegalArgumentException("--protocol-models trains a model per protocol, and --model " + d.model()
						+ " gives one model for every scan: use one or the other");
		}
	}

	/**
	 * The settings with every path made absolute (against the working folder): a {@code model}, a {@code sigma} file…
	 * A study's jobs run elsewhere (a SLURM node, another folder) and its dataset_description.json records them, so a
	 * path as typed ({@code m.san2n}) would name another file there.
	 */
	static SettingValues absolute(SettingValues settings) {
		Map<String, String> given = new LinkedHashMap<>();
		boolean changed = false;
		for (Setting s : Settings.of(settings.job())) {
			if (!settings.given(s.key())) continue;
			String v = settings.text(s.key());
			boolean path = s.type() == Setting.Type.FILE || s.type() == Setting.Type.NEW_FILE || s.type() == Setting.Type.IMAGE
					|| s.key().equals("sigma") && !org.san2n.noise.NoiseLevels.looksNumeric(v);
			if (path && !v.isEmpty() && !Path.of(v).isAbsolute()) {
				v = org.san2n.io.UndecodableNames.resolve(v).toAbsolutePath().normalize().toString();
				changed = true;
			}
			given.put(s.key(), v);
		}
		return changed ? Settings.values(settings.job(), given) : settings;
	}

	private static List<String> labels(List<String> given, String prefix, String option) {
		List<String> out = new ArrayList<>();
		for (String g : given == null ? List.<String>of() : given) {
			String l = g.startsWith(prefix) ? g.substring(prefix.length()) : g;
			if (!l.matches("[a-zA-Z0-9]+"))
				throw new IllegalArgumentException(option + " '" + g + "': a BIDS label is letters and digits (e.g. 01 or " + prefix + "01)");
			if (!out.contains(l)) out.add(l);
		}
		return List.copyOf(out);
	}

	/** The request every scan is denoised with (checked: throws IllegalArgumentException naming a setting that does not fit). */
	public DenoiseRequest denoise() {
		return DenoiseRequest.of(settings);
	}

	/** The key that records {@link #protocolModels} among the settings (only when on, as earlier studies did not have it). */
	public static final String PROTOCOL_MODELS = "protocol_models";

	/**
	 * The study's settings, key → canonical value, in declaration order, and {@code protocol_models: true} when
	 * asked: what dataset_description.json records.
	 */
	public Map<String, String> settingsRecord() {
		Map<String, String> m = new LinkedHashMap<>();
		for (Setting s : SETTINGS)
			m.put(s.key(), settings.text(s.key()));
		if (protocolModels) m.put(PROTOCOL_MODELS, "true");
		return m;
	}
}
