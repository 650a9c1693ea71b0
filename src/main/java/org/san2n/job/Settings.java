package org.san2n.job;

import static org.san2n.job.Setting.Group.DENOISING;
import static org.san2n.job.Setting.Group.EXPERT;
import static org.san2n.job.Setting.Group.MAIN;
import static org.san2n.job.Setting.Group.SCAN;
import static org.san2n.job.Setting.Group.TRAINING;
import static org.san2n.job.Setting.Job.DENOISE;
import static org.san2n.job.Setting.Job.TRAIN;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.Method;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.qspace.PairingOptions;
import org.san2n.train.Objective;
import org.san2n.train.TrainingConfig;

/**
 * Every setting of SAN2N Train and SAN2N Denoise, declared once: the command line's options, the SciJava
 * commands' parameters and the ImageJ 1.x dialogs are all read from this list (and tests hold them to it),
 * so an option cannot exist in one front end and not another, or have two defaults.
 */
public final class Settings {

	private static final TrainingConfig T = TrainingConfig.DEFAULTS;
	private static final double BIG = 1e9;
	private static final Set<Setting.Job> BOTH = Set.of(TRAIN, DENOISE), DENOISE_ONLY = Set.of(DENOISE);
	/** The Denoise methods a setting changes something for: all, or those that train or apply a network. */
	private static final Set<Method> EVERY_METHOD = Set.of(Method.values()), NETWORK = Set.of(Method.SAN2N, Method.SAN2N_PAPER);
	/**
	 * SAN2N as published alone: its loss's weights and its angular pairing. san2n trains on recorrupted pairs of
	 * the same voxel, which read neither (and so does SAN2N Train, which trains san2n).
	 */
	private static final Set<Method> PAPER = Set.of(Method.SAN2N_PAPER);
	/** The methods that run MP-PCA (san2n refines its result; san2n-paper's network works alone). */
	private static final Set<Method> MPPCA_RUNS = Set.of(Method.MPPCA, Method.SAN2N);

	// Labels and help as constants, so that the SciJava commands' annotations can read them too.
	public static final String BVALS_LABEL = "bvals file (empty: stored with the image)";
	public static final String BVALS_HELP = "FSL bvals; in Fiji, empty uses the table stored with the image (Open NIfTI DWI... reads it from beside the file)";
	public static final String BVECS_LABEL = "bvecs file (empty: stored with the image)";
	public static final String BVECS_HELP = "FSL bvecs; empty as for bvals";
	public static final String MASK_LABEL = "Brain mask (file or image title; empty: automatic)";
	public static final String MASK_HELP = "3D brain mask, non-zero = brain: a NIfTI file (or, in Fiji, the title of an open image); empty: median_otsu on the b0s";
	public static final String METHOD_LABEL = "Denoise with";
	public static final String METHOD_HELP = "mppca: MP-PCA, no training (the default; MP-PCA on every other voxel in-plane where neighbouring voxels' noise is correlated); "
			+ "san2n: MP-PCA refined by a network trained on this scan with recorrupted pairs (or apply a model); "
			+ "san2n-paper: SAN2N as published (Noise2Noise pairs of neighbouring voxels and directions, Adam 5e-4, 100 epochs, no mirrors, no Rician correction)";
	public static final String CHECK_LABEL = "Output that fails its check";
	public static final String CHECK_HELP = "an output whose residual does not look like noise (volume means moved, signal removed) is refused and nothing is written; " + "warn: written anyway, with a warning";
	public static final String DEVICE_LABEL = "Device";
	public static final String DEVICE_HELP = "where the network runs; auto: a CUDA GPU when there is one";
	public static final String MODEL_LABEL = "Model to apply (empty: train on the scan)";
	public static final String MODEL_HELP = "a trained .san2n model to apply instead of training on the scan";
	public static final String SAVE_MODEL_LABEL = "Save the trained model to (optional)";
	public static final String SAVE_MODEL_HELP = "also write the model trained on the scan here (.san2n)";
	public static final String EPOCHS_LABEL = "Epochs (0: count steps)";
	public static final String EPOCHS_HELP = "passes over the patch positions (the method's way: the cost grows with the scan); 0: train for 'steps' steps";
	public static final String STEPS_LABEL = "Training steps (0: automatic)";
	/** A constant (annotations quote it): the numbers of {@link Objective#automaticSteps}. */
	public static final String STEPS_HELP = "optimizer steps when epochs is 0; 0: automatic, whatever the scan's size: "
			+ Objective.PROJECTED_STEPS + " for san2n (" + TrainingConfig.DEFAULT_STEPS + " where it trains on every other voxel), "
			+ TrainingConfig.DEFAULT_STEPS + " for san2n-paper; fewer when they would overrun max_minutes on the reference CPU";
	public static final String BATCH_LABEL = "Batch size (0: automatic)";
	public static final String BATCH_HELP = "patch pairs per step; 0: automatic, 8 for san2n, 16 (as published) for san2n-paper "
			+ "(shrunk, with a note, on scans with fewer patch positions)";
	public static final String LR_LABEL = "Learning rate";
	public static final String LR_HELP = "Adam learning rate; halved at 50, 70 and 90 % of the steps";
	public static final String WIDTH_LABEL = "Hidden width (0: automatic)";
	public static final String WIDTH_HELP = "hidden channels of the network; 0: automatic, as many as the scan has volumes, "
			+ "at most " + Objective.RECORRUPTED_WIDTH + " for san2n";
	public static final String PATCH_LABEL = "Patch edge (voxels, even)";
	public static final String PATCH_HELP = "edge of the cubic training patches";
	public static final String STRIDE_LABEL = "Patch stride (voxels)";
	public static final String STRIDE_HELP = "voxels between patch positions";
	public static final String SEED_LABEL = "Seed";
	public static final String SEED_HELP = "fixes initial weights, patch order and sub-sampler draws";
	public static final String OUTSIDE_MASK_LABEL = "Outside the mask";
	public static final String OUTSIDE_MASK_HELP = "voxels outside the brain mask: denoised too, kept as they were, or set to 0";
	public static final String NON_FINITE_LABEL = "NaN/∞ input voxels";
	public static final String NON_FINITE_HELP = "input voxels that are NaN or infinite stay so in the output, or become 0 (a volume that is mostly non-finite is refused)";
	public static final String FLIPS_LABEL = "Mirror averaging (SAN2N)";
	public static final String FLIPS_HELP = "average the network's outputs over the 8 mirror images of the scan (8× inference time)";
	public static final String RICIAN_LABEL = "Rician bias";
	public static final String RICIAN_HELP = "remove the Rician bias of magnitude data from the output (keep it for data that are not magnitude images)";
	public static final String TILE_LABEL = "Inference tile (voxels; 0: automatic)";
	public static final String TILE_HELP = "edge of the cube one inference pass computes (" + DenoiseOptions.MIN_TILE + "–" + DenoiseOptions.MAX_TILE + "); 0: one whose working memory stays near 128 MB";
	public static final String WINDOW_LABEL = "MP-PCA window (odd; 0: automatic)";
	public static final String WINDOW_HELP = "MP-PCA window edge; 0: the smallest cube with at least as many voxels as volumes";
	public static final String MPPCA_STRIDE_LABEL = "MP-PCA stride (0: automatic)";
	public static final String MPPCA_STRIDE_HELP = "voxels between MP-PCA window centres: 1 (every voxel, the best) to 4; 0: automatic, the finest whose estimated time fits max_minutes";
	public static final String MAX_MINUTES_LABEL = "Time budget (minutes)";
	public static final String MAX_MINUTES_HELP = "what the automatic choices are sized to on a reference 2-core CPU (an estimate, not a limit: the same "
			+ "scan gets the same choices and output on any machine, busy or not): MP-PCA's automatic stride is the finest whose windows fit it; "
			+ "SAN2N's automatic training length is cut to the steps that fit it (the denoising pass comes on top)";
	public static final String SIGMA_LABEL = "Noise σ (empty: estimated)";
	public static final String SIGMA_HELP = "noise σ for SAN2N's Rician term: one value, one per volume (commas), or a file of them; empty: estimated per volume";
	public static final String COILS_LABEL = "Receiver coils (0: counted)";
	public static final String COILS_HELP = "receiver coils combined by root-sum-of-squares: the noise floor the bias removal takes off "
			+ "(non-central χ; every method) and san2n-paper's per-volume σ estimate's correction; 0: for the bias removal, counted on the "
			+ "noise outside the head (one coil, Rician, where that background is missing or not pure noise; the log says which), and no "
			+ "correction of san2n-paper's σ estimate";
	public static final String LAMBDA1_LABEL = "λ1 (Neighbor2Neighbor)";
	public static final String LAMBDA1_HELP = "san2n-paper only: weight of the Neighbor2Neighbor regulariser at the last step (ramps up from 0)";
	public static final String LAMBDA2_LABEL = "λ2 (angular terms)";
	public static final String LAMBDA2_HELP = "san2n-paper only: weight of the angular terms at the last step (ramps up from 0)";
	public static final String BETA_LABEL = "β (Rician likelihood)";
	public static final String BETA_HELP = "san2n-paper only: weight of the Rician likelihood term";
	public static final String B0_THRESHOLD_LABEL = "b0 threshold (s/mm²)";
	public static final String B0_THRESHOLD_HELP = "volumes with b at or below this are b0s";
	public static final String SHELL_TOLERANCE_LABEL = "Shell tolerance (s/mm²)";
	public static final String SHELL_TOLERANCE_HELP = "largest jump between sorted b-values inside one shell";
	public static final String MAX_ANGLE_LABEL = "Pairing angle (°; 0: adaptive)";
	public static final String NOISE_MAP_LABEL = "Write the σ map to";
	public static final String NOISE_MAP_HELP = "the noise level σ per voxel that the method used, in the input's units (3D float32 NIfTI, the input's geometry): "
			+ "MP-PCA's σ of the window centred on each voxel (or the prior given by noise_map_in); san2n: its MP-PCA base's; san2n-paper: the one σ it was checked against";
	public static final String RANK_MAP_LABEL = "Write the rank map to";
	public static final String RANK_MAP_HELP = "signal components MP-PCA kept in the window centred on each voxel (3D float32 NIfTI; san2n: its MP-PCA base's; not for san2n-paper)";
	public static final String RESIDUAL_LABEL = "Write the residual to";
	public static final String RESIDUAL_HELP = "input − output of every volume (4D float32 NIfTI, the input's geometry): what was removed; 0 where a voxel stayed NaN/∞";
	public static final String SHOW_NOISE_MAP_LABEL = "Add the σ map";
	public static final String SHOW_NOISE_MAP_HELP = "add the noise level σ per voxel (the input's units) as an image next to the result, calibrated like it";
	public static final String SHOW_RANK_MAP_LABEL = "Add the rank map";
	public static final String SHOW_RANK_MAP_HELP = "add MP-PCA's signal components per voxel (window centred on it) as an image next to the result (not for san2n-paper)";
	public static final String SHOW_RESIDUAL_LABEL = "Add the residual";
	public static final String SHOW_RESIDUAL_HELP = "add input − output, every volume, as a hyperstack next to the result, laid out and calibrated like it";
	public static final String QC_LABEL = "Write a QC page into (folder)";
	public static final String QC_HELP = "a folder (created if missing) for a QC page of the run: index.html, PNGs (input | output | residual | σ map "
			+ "of the b0 and each shell, the residual's histogram against the normal of width σ, the rank map) and qc.json with the same numbers";
	public static final String NOISE_MAP_IN_LABEL = "Known σ (map file or number; empty: MP-PCA's)";
	public static final String NOISE_MAP_IN_HELP = "a noise level measured elsewhere (a σ map as NIfTI on the scan's grid, in its units, e.g. a noise scan's or "
			+ "dwidenoise -noise; or one number) that decides MP-PCA's rank instead of its own estimate: components above the Marchenko–Pastur "
			+ "edge σ²(1+√(M/N))² are kept; voxels where the map is 0 use MP-PCA's own estimate. The noise floor is taken off at it as given (the complex data's σ), where MP-PCA's own σ is first raised from the magnitudes' spread";
	public static final String MAX_ANGLE_HELP = "san2n-paper only: fixed q-space pairing threshold in degrees; 0: adaptive, 1.5 × the shell's median nearest-neighbour angle within 15–40°";

	public static final List<Setting> ALL = List.of(
			file("bvals", BVALS_LABEL, BVALS_HELP, SCAN, BOTH, EVERY_METHOD),
			file("bvecs", BVECS_LABEL, BVECS_HELP, SCAN, BOTH, EVERY_METHOD),
			image("mask", MASK_LABEL, MASK_HELP, SCAN, BOTH, EVERY_METHOD),
			choice("method", METHOD_LABEL, Method.DEFAULT.key(), words(Method.MPPCA.key(), "MP-PCA (fast, no training)", Method.SAN2N.key(),
					"SAN2N (trains a network on this scan)", Method.SAN2N_PAPER.key(), "SAN2N as published"), METHOD_HELP, MAIN, DENOISE_ONLY,
					EVERY_METHOD),
			choice("check", CHECK_LABEL, "refuse", words("refuse", "Refuse it (no result)", "warn", "Keep it, with a warning"), CHECK_HELP,
					MAIN, DENOISE_ONLY, EVERY_METHOD),
			choice("device", DEVICE_LABEL, "cpu", words("cpu", "CPU", "gpu", "GPU (CUDA)", "auto", "GPU if there is one, else CPU"), DEVICE_HELP,
					MAIN, BOTH, NETWORK),
			integer("max_minutes", MAX_MINUTES_LABEL, Math.round(MpPcaOptions.DEFAULTS.budgetSeconds() / 60), 1, 100_000, MAX_MINUTES_HELP, MAIN,
					BOTH, EVERY_METHOD),
			file("model", MODEL_LABEL, MODEL_HELP, MAIN, DENOISE_ONLY, NETWORK),
			newFile("save_model", SAVE_MODEL_LABEL, SAVE_MODEL_HELP, MAIN, DENOISE_ONLY, NETWORK),
			integer("epochs", EPOCHS_LABEL, T.epochs(), 0, 100_000, EPOCHS_HELP, TRAINING, BOTH, NETWORK),
			integer("steps", STEPS_LABEL, T.steps(), 0, TrainingConfig.MAX_STEPS, STEPS_HELP, TRAINING, BOTH, NETWORK),
			integer("batch", BATCH_LABEL, T.batchSize(), 0, TrainingConfig.MAX_BATCH, BATCH_HELP, TRAINING, BOTH, NETWORK),
			number("lr", LR_LABEL, T.learningRate(), Double.MIN_VALUE, Double.MAX_VALUE, LR_HELP, TRAINING, BOTH, NETWORK),
			integer("width", WIDTH_LABEL, T.hiddenWidth(), 0, TrainingConfig.MAX_WIDTH, WIDTH_HELP, TRAINING, BOTH, NETWORK),
			integer("patch", PATCH_LABEL, T.patchSize(), 4, TrainingConfig.MAX_PATCH, PATCH_HELP, TRAINING, BOTH, NETWORK),
			integer("stride", STRIDE_LABEL, T.stride(), 1, 1024, STRIDE_HELP, TRAINING, BOTH, NETWORK),
			integer("seed", SEED_LABEL, T.seed(), Long.MIN_VALUE, Long.MAX_VALUE, SEED_HELP, TRAINING, BOTH, NETWORK),
			choice("outside_mask", OUTSIDE_MASK_LABEL, "denoise", words("denoise", "Denoised too", "keep", "Kept as they were", "zero", "Set to 0"),
					OUTSIDE_MASK_HELP, DENOISING, DENOISE_ONLY, EVERY_METHOD),
			choice("non_finite", NON_FINITE_LABEL, "keep", words("keep", "Kept NaN/∞", "zero", "Set to 0"), NON_FINITE_HELP, DENOISING, DENOISE_ONLY,
					EVERY_METHOD),
			// san2n-paper averages no mirror images and keeps the Rician bias whatever is asked (Method.options).
			choice("flips", FLIPS_LABEL, "average", words("average", "Average the 8 mirror images (8× time)", "none", "Off"), FLIPS_HELP, DENOISING,
					DENOISE_ONLY, Set.of(Method.SAN2N)),
			choice("rician", RICIAN_LABEL, "remove", words("remove", "Removed", "keep", "Kept"), RICIAN_HELP,
					DENOISING, DENOISE_ONLY, Set.of(Method.MPPCA, Method.SAN2N)),
			integer("tile", TILE_LABEL, 0, 0, DenoiseOptions.MAX_TILE, TILE_HELP, DENOISING, DENOISE_ONLY, NETWORK),
			// MP-PCA runs for SAN2N too (the base its network refines); san2n-paper's network works alone.
			integer("window", WINDOW_LABEL, 0, 0, 15, WINDOW_HELP, DENOISING, DENOISE_ONLY, Set.of(Method.MPPCA, Method.SAN2N)),
			integer("mppca_stride", MPPCA_STRIDE_LABEL, MpPcaOptions.DEFAULTS.stride(), 0, MpPcaOptions.MAX_STRIDE, MPPCA_STRIDE_HELP, DENOISING,
					DENOISE_ONLY, Set.of(Method.MPPCA, Method.SAN2N)),
			// What was removed: files on the command line, images next to the result in ImageJ.
			map(Setting.Type.NEW_FILE, "noise_map", NOISE_MAP_LABEL, NOISE_MAP_HELP, EVERY_METHOD, Setting.FrontEnds.COMMAND_LINE),
			map(Setting.Type.NEW_FILE, "rank_map", RANK_MAP_LABEL, RANK_MAP_HELP, MPPCA_RUNS, Setting.FrontEnds.COMMAND_LINE),
			map(Setting.Type.NEW_FILE, "residual", RESIDUAL_LABEL, RESIDUAL_HELP, EVERY_METHOD, Setting.FrontEnds.COMMAND_LINE),
			new Setting("qc", QC_LABEL, Setting.Type.TEXT, "", 0, 0, List.of(), List.of(), QC_HELP, DENOISING, DENOISE_ONLY, EVERY_METHOD,
					Setting.FrontEnds.ALL),
			map(Setting.Type.BOOLEAN, "show_noise_map", SHOW_NOISE_MAP_LABEL, SHOW_NOISE_MAP_HELP, EVERY_METHOD, Setting.FrontEnds.IMAGEJ),
			map(Setting.Type.BOOLEAN, "show_rank_map", SHOW_RANK_MAP_LABEL, SHOW_RANK_MAP_HELP, MPPCA_RUNS, Setting.FrontEnds.IMAGEJ),
			map(Setting.Type.BOOLEAN, "show_residual", SHOW_RESIDUAL_LABEL, SHOW_RESIDUAL_HELP, EVERY_METHOD, Setting.FrontEnds.IMAGEJ),
			text("sigma", SIGMA_LABEL, SIGMA_HELP, EXPERT, BOTH, NETWORK),
			integer("coils", COILS_LABEL, 0, 0, 128, COILS_HELP, EXPERT, BOTH, EVERY_METHOD),
			number("lambda1", LAMBDA1_LABEL, T.lambda1(), 0, BIG, LAMBDA1_HELP, EXPERT, BOTH, PAPER),
			number("lambda2", LAMBDA2_LABEL, T.lambda2(), 0, BIG, LAMBDA2_HELP, EXPERT, BOTH, PAPER),
			number("beta", BETA_LABEL, T.beta(), 0, BIG, BETA_HELP, EXPERT, BOTH, PAPER),
			// Which volumes are b0s matters to every method (MP-PCA's mask and σ); the pairing angle only to training.
			number("b0_threshold", B0_THRESHOLD_LABEL, PairingOptions.DEFAULTS.b0Threshold(), 0, 10_000, B0_THRESHOLD_HELP, EXPERT, BOTH,
					EVERY_METHOD),
			number("shell_tolerance", SHELL_TOLERANCE_LABEL, PairingOptions.DEFAULTS.shellTolerance(), 0, 10_000, SHELL_TOLERANCE_HELP, EXPERT,
					BOTH, EVERY_METHOD),
			number("max_angle", MAX_ANGLE_LABEL, 0, 0, 90, MAX_ANGLE_HELP, EXPERT, BOTH, PAPER),
			// The prior σ decides MP-PCA's rank (MP-PCA runs for san2n too; san2n-paper has none).
			text("noise_map_in", NOISE_MAP_IN_LABEL, NOISE_MAP_IN_HELP, EXPERT, DENOISE_ONLY, Set.of(Method.MPPCA, Method.SAN2N)));

	private static final Map<String, Setting> BY_KEY;
	static {
		Map<String, Setting> m = new LinkedHashMap<>();
		for (Setting s : ALL)
			if (m.put(s.key(), s) != null) throw new IllegalStateException("setting " + s.key() + " declared twice");
		BY_KEY = Collections.unmodifiableMap(m);
	}

	private Settings() {}

	public static Setting get(String key) {
		Setting s = BY_KEY.get(key);
		if (s == null) throw new IllegalArgumentException("no setting '" + key + "'");
		return s;
	}

	/** The settings {@code job} takes, in declaration (dialog) order. */
	public static List<Setting> of(Setting.Job job) {
		List<Setting> out = new ArrayList<>();
		for (Setting s : ALL)
			if (s.jobs().contains(job)) out.add(s);
		return out;
	}

	/** The settings {@code job} takes in {@code frontEnd} (COMMAND_LINE or IMAGEJ), in declaration order. */
	public static List<Setting> offeredBy(Setting.Job job, Setting.FrontEnds frontEnd) {
		List<Setting> out = new ArrayList<>();
		for (Setting s : of(job))
			if (s.where().include(frontEnd)) out.add(s);
		return out;
	}

	/**
	 * The settings {@code job} takes that can change what {@code method} does, in declaration order: what a
	 * dialog shows once the method is chosen (Train's is san2n, the network it trains). A null method: all of them.
	 */
	public static List<Setting> of(Setting.Job job, Method method) {
		List<Setting> out = new ArrayList<>();
		for (Setting s : of(job))
			if (method == null || s.appliesTo(method)) out.add(s);
		return out;
	}

	/**
	 * What a front end was given (key → text; keys left out take their defaults), checked against the
	 * declaration: an unknown key is refused with the nearest known one, a bad value with its range.
	 */
	public static SettingValues values(Setting.Job job, Map<String, String> given) {
		return values(job, Setting.FrontEnds.ALL, given);
	}

	/**
	 * As {@link #values(Setting.Job, Map)} for one front end: a key that only another front end offers is
	 * refused, saying where it belongs (a macro's {@code noise_map=F} would otherwise write nothing).
	 */
	public static SettingValues values(Setting.Job job, Setting.FrontEnds frontEnd, Map<String, String> given) {
		for (String key : given.keySet()) {
			Setting s = BY_KEY.get(key);
			if (s != null && s.jobs().contains(job) && !s.where().include(frontEnd))
				throw new IllegalArgumentException("'" + key + "' is a setting of the " + (s.where() == Setting.FrontEnds.IMAGEJ ? "ImageJ/Fiji commands"
						: "command line") + ", not of " + (frontEnd == Setting.FrontEnds.IMAGEJ ? "ImageJ/Fiji" : "the command line")
						+ twin(key));
		}
		Map<String, String> checked = new LinkedHashMap<>();
		List<Setting> mine = of(job);
		for (String key : given.keySet())
			if (mine.stream().noneMatch(s -> s.key().equals(key)))
				throw new IllegalArgumentException("unknown setting '" + key + "'" + nearest(key, mine));
		for (Setting s : mine)
			checked.put(s.key(), s.check(given.get(s.key())));
		java.util.Set<String> keys = new java.util.HashSet<>();
		given.forEach((k, v) -> {
			if (v != null && !v.isBlank()) keys.add(k);
		});
		return new SettingValues(job, checked, keys);
	}

	/** What to use instead of a map setting of the other front end. */
	private static String twin(String key) {
		if (key.startsWith("show_")) return ": give " + get(key.substring(5)).option() + " FILE";
		if (BY_KEY.containsKey("show_" + key)) return ": give show_" + key + " to add it as an image, then save that image";
		return "";
	}

	private static String nearest(String key, List<Setting> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (Setting s : known) {
			int d = distance(key, s.key());
			if (d < bestDistance) {
				bestDistance = d;
				best = s.key();
			}
		}
		return best != null && bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
	}

	private static int distance(String a, String b) {
		int[] row = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++)
			row[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			int previous = row[0];
			row[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int here = row[j];
				row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), previous + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
				previous = here;
			}
		}
		return row[b.length()];
	}

	private static Setting file(String key, String label, String help, Setting.Group group, Set<Setting.Job> jobs, Set<Method> methods) {
		return new Setting(key, label, Setting.Type.FILE, "", 0, 0, List.of(), List.of(), help, group, jobs, methods, Setting.FrontEnds.ALL);
	}

	private static Setting newFile(String key, String label, String help, Setting.Group group, Set<Setting.Job> jobs, Set<Method> methods) {
		return new Setting(key, label, Setting.Type.NEW_FILE, "", 0, 0, List.of(), List.of(), help, group, jobs, methods, Setting.FrontEnds.ALL);
	}

	private static Setting image(String key, String label, String help, Setting.Group group, Set<Setting.Job> jobs, Set<Method> methods) {
		return new Setting(key, label, Setting.Type.IMAGE, "", 0, 0, List.of(), List.of(), help, group, jobs, methods, Setting.FrontEnds.ALL);
	}

	/** A map of the result: a file to write (command line) or an image to add (ImageJ), for Denoise. */
	private static Setting map(Setting.Type type, String key, String label, String help, Set<Method> methods, Setting.FrontEnds where) {
		return new Setting(key, label, type, type == Setting.Type.BOOLEAN ? "false" : "", 0, 0, List.of(), List.of(), help, DENOISING,
				DENOISE_ONLY, methods, where);
	}

	private static Setting text(String key, String label, String help, Setting.Group group, Set<Setting.Job> jobs, Set<Method> methods) {
		return new Setting(key, label, Setting.Type.TEXT, "", 0, 0, List.of(), List.of(), help, group, jobs, methods, Setting.FrontEnds.ALL);
	}

	/** @param words choice → what a dialog shows for it, in the order shown */
	private static Setting choice(String key, String label, String defaultValue, Map<String, String> words, String help, Setting.Group group,
			Set<Setting.Job> jobs, Set<Method> methods) {
		return new Setting(key, label, Setting.Type.CHOICE, defaultValue, 0, 0, List.copyOf(words.keySet()), List.copyOf(words.values()), help,
				group, jobs, methods, Setting.FrontEnds.ALL);
	}

	/** Choice, label, choice, label, … in order. */
	private static Map<String, String> words(String... choiceThenLabel) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < choiceThenLabel.length; i += 2)
			m.put(choiceThenLabel[i], choiceThenLabel[i + 1]);
		return m;
	}

	private static Setting integer(String key, String label, long defaultValue, long min, long max, String help, Setting.Group group,
			Set<Setting.Job> jobs, Set<Method> methods) {
		return new Setting(key, label, Setting.Type.INTEGER, Long.toString(defaultValue), min, max, List.of(), List.of(), help, group, jobs,
				methods, Setting.FrontEnds.ALL);
	}

	private static Setting number(String key, String label, double defaultValue, double min, double max, String help, Setting.Group group,
			Set<Setting.Job> jobs, Set<Method> methods) {
		return new Setting(key, label, Setting.Type.NUMBER, Double.toString(defaultValue), min, max, List.of(), List.of(), help, group, jobs,
				methods, Setting.FrontEnds.ALL);
	}
}
