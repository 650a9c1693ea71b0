package org.san2n.denoise;

import java.util.Locale;

import org.san2n.train.Objective;
import org.san2n.train.TrainingConfig;

/**
 * The denoisers, by the name the front ends use (CLI {@code --method}, macro key {@code method}).
 *
 * <p>
 * MP-PCA is the default: fast and ahead of every peer on bench/families.sh; on noise correlated between
 * neighbouring voxels it runs on every other voxel in-plane (PolyphaseMpPca). {@code san2n} refines MP-PCA's
 * result with SNet trained on the scan itself with recorrupted pairs (RecorruptedMpPca), unbiased targets
 * of the same voxel and volume; {@code san2n-paper} is the published method, whose targets (other voxels,
 * other directions) average the image. See README, "Which method".
 */
public enum Method {
	/** MP-PCA with overlapping windows and the posterior-mean Rician correction; no training. */
	MPPCA("mppca"),
	/** SAN2N as this project runs it: MP-PCA refined by SNet trained on recorrupted pairs, validation, mirrors, Rician correction. */
	SAN2N("san2n"),
	/** SAN2N as published: spatio-angular Noise2Noise pairs, Adam 5e-4 for 100 epochs, no mirror averaging, no Rician correction. */
	SAN2N_PAPER("san2n-paper");

	public static final Method DEFAULT = MPPCA;

	private final String key;

	Method(String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	public boolean trains() {
		return this != MPPCA;
	}

	/** What this method's network is trained to predict (MP-PCA trains none: null). */
	public Objective objective() {
		return switch (this) {
			case MPPCA -> null;
			case SAN2N -> Objective.RECORRUPTED_MPPCA;
			case SAN2N_PAPER -> Objective.SPATIO_ANGULAR_PAIRS;
		};
	}

	/** The training configuration this method runs with, given what the user asked for. */
	public TrainingConfig config(TrainingConfig asked) {
		if (this != SAN2N_PAPER) return asked;
		// The published rate unless the user gave another (as the published 100 epochs unless epochs or steps are given).
		TrainingConfig paper = asked.learningRate() == TrainingConfig.DEFAULTS.learningRate() ? asked.withLearningRate(5e-4) : asked;
		return asked.automaticLength() ? paper.withEpochs(100) : paper;
	}

	/** The denoising options this method runs with, given what the user asked for. */
	public DenoiseOptions options(DenoiseOptions asked) {
		return this == SAN2N_PAPER ? asked.withFlips(false).withUnbias(false) : asked;
	}

	public static Method parse(String text) {
		String t = text == null ? DEFAULT.key : text.trim().toLowerCase(Locale.ROOT);
		for (Method m : values())
			if (m.key.equals(t) || (m == MPPCA && t.equals("mp-pca"))) return m;
		throw new IllegalArgumentException("method must be mppca, san2n or san2n-paper, got '" + text + "'");
	}

	public static String[] keys() {
		return new String[] { MPPCA.key, SAN2N.key, SAN2N_PAPER.key };
	}
}
