package org.san2n.job;

import java.nio.file.Path;
import java.util.Locale;

import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.Method;
import org.san2n.denoise.OutsideMask;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.qspace.PairingOptions;
import org.san2n.train.TrainingConfig;

/**
 * What SAN2N Denoise is asked to do, from checked {@link SettingValues}: the method and everything it
 * runs with. Immutable; every front end builds one and hands it to {@link DenoiseJob}.
 *
 * @param mask       where the brain mask comes from ("" = automatic; a file, or in Fiji an open image's title)
 * @param noiseMapIn a known noise level for MP-PCA's rank: a NIfTI σ map or one number ({@link org.san2n.noise.NoisePrior}),
 *                   or null for MP-PCA's own estimate
 * @param maps       the maps asked for beside the result
 */
public record DenoiseRequest(Method method, DenoiseOptions options, MpPcaOptions mppca, TrainingConfig config, PairingOptions pairing,
		String sigma, int coils, String device, Path model, Path saveModel, String mask, Path bvals, Path bvecs, String noiseMapIn,
		Maps maps) {

	/**
	 * The maps of what was removed ({@link org.san2n.denoise.Denoised}): files to write (command line; null: not
	 * asked) and images to add next to the result (ImageJ).
	 */
	public record Maps(Path noise, Path rank, Path residual, boolean showNoise, boolean showRank, boolean showResidual, Path qc) {

		public static final Maps NONE = new Maps(null, null, null, false, false, false, null);

		/** True when a rank map is asked for, as a file or an image. */
		public boolean rankAsked() {
			return rank != null || showRank;
		}
	}

	public static DenoiseRequest of(SettingValues v) {
		if (v.job() != Setting.Job.DENOISE) throw new IllegalArgumentException("not denoise settings: " + v);
		Path model = v.file("model"), save = v.file("save_model");
		Method method = method(v, model, save);
		if (!method.trains() && (model != null || save != null))
			throw new IllegalArgumentException("method mppca trains no network: 'model' and 'save_model' need method san2n");
		if (model != null && save != null)
			throw new IllegalArgumentException("a model file is applied as it is: 'save_model' only applies when training on the scan "
					+ "(leave one of them empty)");
		DenoiseOptions options = DenoiseOptions.DEFAULTS.withTile(DenoiseOptions.requireUsefulTile(v.integer("tile")))
				.withOutside(OutsideMask.valueOf(v.text("outside_mask").toUpperCase(Locale.ROOT)))
				.withFlips(v.text("flips").equals("average")).withUnbias(v.text("rician").equals("remove"))
				.withRefuse(v.text("check").equals("refuse")).withZeroNonFinite(v.text("non_finite").equals("zero"))
				.withCoils(v.integer("coils"));
		MpPcaOptions mppca = MpPcaOptions.DEFAULTS.withWindow(v.integer("window")).withStride(v.integer("mppca_stride"))
				.withBudgetMinutes(v.integer("max_minutes"));
		Maps maps = new Maps(v.file("noise_map"), v.file("rank_map"), v.file("residual"), v.flag("show_noise_map"), v.flag("show_rank_map"),
				v.flag("show_residual"), qcFolder(v.text("qc")));
		String prior = v.text("noise_map_in").isEmpty() ? null : v.text("noise_map_in");
		if (method == Method.SAN2N_PAPER && (prior != null || maps.rankAsked()))
			throw new IllegalArgumentException((prior != null ? "noise_map_in" : maps.rank() != null ? "rank_map" : "show_rank_map")
					+ " is MP-PCA's, and san2n-paper runs no MP-PCA: choose method mppca or san2n, or leave it out");
		return new DenoiseRequest(method, method.options(options), mppca, method.config(TrainRequest.config(v)), TrainRequest.pairing(v),
				v.text("sigma").isEmpty() ? null : v.text("sigma"), v.integer("coils"), v.text("device"), model, save, v.text("mask"),
				v.file("bvals"), v.file("bvecs"), prior, maps);
	}

	/**
	 * This request applying the model in {@code file} instead of training on the scan (a study's protocol model).
	 *
	 * @throws IllegalArgumentException the method trains no network, or a model is saved
	 */
	public DenoiseRequest withModel(Path file) {
		if (!method.trains() || saveModel != null)
			throw new IllegalArgumentException("a model is applied by method san2n without save_model, got " + method.key()
					+ (saveModel != null ? " saving " + saveModel : ""));
		return new DenoiseRequest(method, options, mppca, config, pairing, sigma, coils, device, file, null, mask, bvals, bvecs, noiseMapIn, maps);
	}

	/**
	 * This request training on the scan and saving the trained model to {@code file} (a study's protocol model).
	 *
	 * @throws IllegalArgumentException the method trains no network, or a model is applied
	 */
	public DenoiseRequest withSaveModel(Path file) {
		if (!method.trains() || model != null)
			throw new IllegalArgumentException("a model is saved by method san2n training on the scan, got " + method.key()
					+ (model != null ? " applying " + model : ""));
		return new DenoiseRequest(method, options, mppca, config, pairing, sigma, coils, device, null, file, mask, bvals, bvecs, noiseMapIn, maps);
	}

	/** The QC page's folder, or null when none was asked for. */
	static Path qcFolder(String text) {
		return text == null || text.isBlank() ? null : org.san2n.io.UndecodableNames.resolve(text.trim());
	}

	/** Settings that only SAN2N's training reads: changing one while MP-PCA runs would change nothing. */
	static final java.util.Set<String> TRAINING_ONLY = java.util.Set.of("lambda1", "lambda2", "beta", "sigma", "max_angle");

	/**
	 * The method given, or when none was: SAN2N when a model is applied or saved (that is what 'model' and
	 * 'save_model' are for), else the default, MP-PCA. A training setting changed for MP-PCA is refused
	 * rather than silently ignored (the same in every front end: a macro's keys mean one thing).
	 */
	static Method method(SettingValues v, Path model, Path save) {
		Method m = v.given("method") ? Method.parse(v.text("method")) : model != null || save != null ? Method.SAN2N : Method.DEFAULT;
		if (!m.trains())
			for (Setting s : Settings.of(Setting.Job.DENOISE))
				if ((s.group() == Setting.Group.TRAINING || TRAINING_ONLY.contains(s.key())) && v.changed(s.key()))
					throw new IllegalArgumentException(s.key() + " is a SAN2N training setting, but the method is mppca (the default), "
							+ "which trains nothing: choose method " + (s.appliesTo(Method.SAN2N) ? "san2n" : "san2n-paper") + ", or leave "
							+ s.key() + " out");
		if (m == Method.SAN2N) refusePublishedOnly(v, "the method is san2n");
		return m;
	}

	/**
	 * Refuses a changed setting that only SAN2N as published reads (its loss's weights, its angular pairing):
	 * san2n, and SAN2N Train, which trains it, would change nothing for it.
	 */
	static void refusePublishedOnly(SettingValues v, String why) {
		for (Setting s : Settings.of(v.job()))
			if (v.changed(s.key()) && !s.appliesTo(Method.SAN2N) && s.appliesTo(Method.SAN2N_PAPER))
				throw new IllegalArgumentException(s.key() + " is read only by SAN2N as published (san2n-paper), but " + why
						+ ", which trains on recorrupted pairs and does not read it: choose method san2n-paper, or leave " + s.key() + " out");
	}
}
