package org.san2n.job;

import java.nio.file.Path;

import org.san2n.noise.NoiseEstimator;
import org.san2n.qspace.PairingOptions;
import org.san2n.train.TrainingConfig;

/** What SAN2N Train is asked to do, from checked {@link SettingValues}. Immutable; run by {@link TrainJob}. */
public record TrainRequest(TrainingConfig config, PairingOptions pairing, String sigma, int coils, String device, String mask, Path bvals,
		Path bvecs) {

	public static TrainRequest of(SettingValues v) {
		if (v.job() != Setting.Job.TRAIN) throw new IllegalArgumentException("not train settings: " + v);
		DenoiseRequest.refusePublishedOnly(v, "SAN2N Train trains san2n");
		return new TrainRequest(config(v), pairing(v), v.text("sigma").isEmpty() ? null : v.text("sigma"), v.integer("coils"),
				v.text("device"), v.text("mask"), v.file("bvals"), v.file("bvecs"));
	}

	static TrainingConfig config(SettingValues v) {
		NoiseEstimator.coilFactor(v.integer("coils"));
		return TrainingConfig.DEFAULTS.withLength(v.integer("epochs"), v.integer("steps")).withBudgetMinutes(v.integer("max_minutes")).withBatchSize(v.integer("batch")).withLearningRate(v.number("lr"))
				.withHiddenWidth(v.integer("width")).withPatches(v.integer("patch"), v.integer("stride")).withSeed(v.longValue("seed"))
				.withLossWeights(v.number("lambda1"), v.number("lambda2"), v.number("beta"));
	}

	static PairingOptions pairing(SettingValues v) {
		double angle = v.number("max_angle");
		return new PairingOptions(v.number("b0_threshold"), v.number("shell_tolerance"), angle == 0 ? Double.NaN : angle);
	}
}
