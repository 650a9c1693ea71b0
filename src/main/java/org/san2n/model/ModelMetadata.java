package org.san2n.model;

import java.util.List;

import org.san2n.qspace.GradientTable;
import org.san2n.train.TrainingConfig;

/**
 * What a model file says about itself besides its weights: enough to check that it fits a scan and to
 * reproduce the run.
 *
 * @param scale     the intensity the network's units are measured in, for the training scan
 * @param partner   the q-space partner of each volume used in training
 * @param validation how training was watched (null in files written before it was)
 * @param check     the check of the denoised training scan (null when the model was only trained)
 * @param objective what the network was trained to predict ({@link org.san2n.train.Objective}); null in files
 *                  written before there was a choice (the published spatio-angular pairs)
 */
public record ModelMetadata(String format, int formatVersion, String method, String software, int channels, int width,
		double[] bvals, double[][] bvecs, int[] partner, double[] angle, double[] sigma, double scale,
		String normalisation, TrainingConfig config, List<EpochRecord> history, double trainingSeconds,
		String created, ValidationReport validation, OutputCheck check, String objective, int inPlaneStep, int projection) {

	public static final String FORMAT = "san2n-model";
	/**
	 * 2: the training objective is recorded (a recorrupted model takes 2N channels; version-1 readers would misread it).
	 * 3: the network was trained on every other voxel in-plane ({@link #everyOtherVoxel}); a version-2 reader would apply
	 * it to every voxel. Only such models are written as version 3, so the others stay readable by version-2 readers.
	 * 4: the network starts with a q-space projection ({@link #projection}); a version-3 reader would build it without
	 * one. Only such models are written as version 4.
	 */
	public static final int FORMAT_VERSION = 4;
	/** The version of a model trained on every voxel, without a q-space projection. */
	public static final int EVERY_VOXEL_VERSION = 2;
	/** The version of a model trained on every other voxel in-plane, without a q-space projection. */
	public static final int EVERY_OTHER_VOXEL_VERSION = 3;
	/** The version of a model with a q-space projection. */
	public static final int PROJECTED_VERSION = 4;

	/** The oldest version that describes a network with a q-space projection of {@code projection} channels (0: none). */
	public static int versionFor(int projection) {
		return projection > 0 ? PROJECTED_VERSION : EVERY_VOXEL_VERSION;
	}
	public static final String METHOD = "SAN2N (Jiang et al., ISBI 2024) with adaptive q-space pairing";

	/** This metadata with the check of the scan the model denoised. */
	public ModelMetadata withCheck(OutputCheck c) {
		return new ModelMetadata(format, formatVersion, method, software, channels, width, bvals, bvecs, partner, angle, sigma,
				scale, normalisation, config, history, trainingSeconds, created, validation, c, objective, inPlaneStep, projection);
	}

	/** This metadata for a network trained on every {@code step}-th voxel along x and y (1: every voxel). */
	public ModelMetadata withInPlaneStep(int step) {
		if (step != 1 && step != 2) throw new IllegalArgumentException("a network is trained on every voxel or every other in-plane, not every " + step);
		return new ModelMetadata(format, step == 2 ? Math.max(formatVersion, EVERY_OTHER_VOXEL_VERSION) : formatVersion, method, software,
				channels, width, bvals, bvecs, partner, angle, sigma, scale, normalisation, config, history, trainingSeconds, created,
				validation, check, objective, step, projection);
	}

	/**
	 * True when the network was trained on every other voxel in-plane (the four components x, y even or odd; files of
	 * earlier builds: x and y even only), as SAN2N trains on a scan whose noise is correlated between neighbouring
	 * voxels: it is applied to each of the four such components of a scan.
	 * Files written before this was recorded (inPlaneStep 0) were trained on every voxel.
	 */
	public boolean everyOtherVoxel() {
		return inPlaneStep == 2;
	}

	/** The training objective, also for files written before it was recorded. */
	public org.san2n.train.Objective trainedFor() {
		return org.san2n.train.Objective.of(objective);
	}

	public GradientTable gradients() {
		return new GradientTable(bvals, bvecs);
	}
}
