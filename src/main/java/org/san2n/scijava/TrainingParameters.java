package org.san2n.scijava;

import java.io.File;

import org.san2n.imagej.JobSettings;
import org.san2n.imagej.LossDisplay;
import org.san2n.imagej.Failures;
import org.san2n.train.EpochMeans;
import org.san2n.train.TrainingConfig;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import ij.ImagePlus;

/**
 * The inputs SAN2N Train and SAN2N Denoise share, with the engine's defaults. Field names are the
 * macro keys, the same as the ImageJ 1.x dialogs' ({@code org.san2n.ij1}), so one macro line works in
 * Fiji and in plain ImageJ.
 */
abstract class TrainingParameters extends ContextCommand {

	private static final TrainingConfig D = TrainingConfig.DEFAULTS;

	@Parameter
	LogService log;

	@Parameter(label = "DWI hyperstack", description = "the noisy scan; its volumes are its frames or its channels")
	ImagePlus image;

	@Parameter(label = "bvals file", required = false, persist = false,
			description = "FSL bvals; empty: the table stored with the image (Open NIfTI DWI... reads it from beside the file)")
	File bvals;

	@Parameter(label = "bvecs file", required = false, persist = false, description = "FSL bvecs; empty: as for bvals")
	File bvecs;

	@Parameter(label = "Brain mask", required = false, persist = false,
			description = "title of an open 3D image or a NIfTI file (non-zero = brain); empty: median_otsu on the b0s")
	String mask = "";

	@Parameter(label = "Epochs", description = "0: automatic (100, or more on small scans so that training takes at least 1000 steps)", min = "0")
	int epochs = D.epochs();

	@Parameter(label = "Batch size", description = "patch pairs per step", min = "1")
	int batch = D.batchSize();

	@Parameter(label = "Learning rate", description = "Adam; halved at 50, 70 and 90 % of the epochs", stepSize = "0.0001")
	double lr = D.learningRate();

	@Parameter(label = "Width", description = "hidden channels; 0: one per volume", min = "0")
	int width = D.hiddenWidth();

	@Parameter(label = "Patch size", description = "patch edge in voxels (even)", min = "2")
	int patch = D.patchSize();

	@Parameter(label = "Stride", description = "voxels between patch positions", min = "1")
	int stride = D.stride();

	@Parameter(label = "Seed", description = "fixes initial weights, patch order and sub-sampler draws")
	long seed = D.seed();

	@Parameter(label = "Device", choices = { "cpu", "gpu", "auto" })
	String device = "cpu";

	TrainingConfig config() {
		return D.withEpochs(epochs).withBatchSize(batch).withLearningRate(lr).withHiddenWidth(width)
				.withPatches(patch, stride).withSeed(seed);
	}

	JobSettings settings() {
		return JobSettings.of(path(bvals), path(bvecs), mask, config(), device, "denoise");
	}

	EpochMeans lossDisplay(String command) {
		return LossDisplay.of(command, image.getTitle(), log::info);
	}

	/** Reports a failure the SciJava way (cancel reason, log) and the ImageJ way (dialog in a GUI). */
	void fail(String command, Throwable e) {
		String message = Failures.message(e);
		if (Failures.interactive()) Failures.report(command, e);
		log.error(command + ": " + message);
		cancel(message);
	}

	private static String path(File f) {
		return f == null ? null : f.getPath();
	}
}
