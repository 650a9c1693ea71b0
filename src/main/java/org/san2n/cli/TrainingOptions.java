package org.san2n.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.noise.NoiseEstimator;
import org.san2n.noise.NoiseLevels;
import org.san2n.progress.Progress;
import org.san2n.train.EpochMeans;
import org.san2n.train.StepReport;
import org.san2n.train.TrainingConfig;
import org.san2n.train.TrainingData;
import org.san2n.train.TrainingInputs;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What training needs besides the scan: mask, noise level, pairing, hyperparameters, device. */
final class TrainingOptions {

	private static final TrainingConfig D = TrainingConfig.DEFAULTS;

	@Option(names = "--mask", paramLabel = "FILE", description = "3D brain mask (non-zero = brain); default: median_otsu on the b0s")
	Path mask;

	@Option(names = "--sigma", paramLabel = "S", description = "noise σ: one value, one per volume (commas) or a file; default: estimated per volume")
	String sigma;

	@Option(names = "--coils", paramLabel = "N", description = "receiver coils for the σ estimate's bias correction; 0: none (default: ${DEFAULT-VALUE})")
	int coils = 0;

	@Mixin
	PairsCommand.PairingMixin pairing;

	@Option(names = "--epochs", paramLabel = "N", description = "passes over the patch positions; 0: automatic = 100, or more on small scans so that training takes at least 1000 steps (default: ${DEFAULT-VALUE})")
	int epochs = D.epochs();

	@Option(names = "--batch", paramLabel = "N", description = "patch pairs per step (default: ${DEFAULT-VALUE})")
	int batch = D.batchSize();

	@Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default: ${DEFAULT-VALUE}); halved at 50, 70 and 90 %% of the epochs")
	double learningRate = D.learningRate();

	@Option(names = "--width", paramLabel = "E", description = "hidden channels of the network; 0: one per volume (default: ${DEFAULT-VALUE})")
	int width = D.hiddenWidth();

	@Option(names = "--patch", paramLabel = "P", description = "patch edge in voxels (default: ${DEFAULT-VALUE})")
	int patch = D.patchSize();

	@Option(names = "--stride", paramLabel = "S", description = "voxels between patch positions (default: ${DEFAULT-VALUE})")
	int stride = D.stride();

	@Option(names = "--lambda1", paramLabel = "X", description = "Neighbor2Neighbor regulariser weight λ1 at the last epoch (ramps up from 0; default: ${DEFAULT-VALUE})")
	double lambda1 = D.lambda1();

	@Option(names = "--lambda2", paramLabel = "X", description = "angular terms' weight λ2 at the last epoch (ramps up from 0; default: ${DEFAULT-VALUE})")
	double lambda2 = D.lambda2();

	@Option(names = "--beta", paramLabel = "X", description = "weight β of the Rician likelihood term (default: ${DEFAULT-VALUE})")
	double beta = D.beta();

	@Option(names = "--seed", paramLabel = "S", description = "fixes initial weights, patch order and sub-sampler draws (default: ${DEFAULT-VALUE})")
	long seed = D.seed();

	@Option(names = "--device", paramLabel = "cpu|gpu|auto", description = "where the network runs (default: ${DEFAULT-VALUE})")
	String device = "cpu";

	@Option(names = "--quiet", description = "no per-epoch loss lines on standard error")
	boolean quiet;

	TrainingConfig config() {
		return D.withEpochs(epochs).withBatchSize(batch).withLearningRate(learningRate).withHiddenWidth(width)
				.withPatches(patch, stride).withSeed(seed).withLossWeights(lambda1, lambda2, beta);
	}

	/** Fails on bad numbers (and a missing σ file) before any scan is read. */
	void check() throws IOException {
		config();
		if (sigma != null) NoiseLevels.parse(sigma, 0);
		NoiseEstimator.coilFactor(coils);
		org.san2n.model.ComputeDevice.select(device);
	}

	TrainingData data(DwiScan scan, Progress progress) throws IOException {
		BrainMask m = mask == null ? null : BrainMask.read(mask, scan.spatialShape());
		double[] s = sigma == null ? null : NoiseLevels.parse(sigma, scan.volumes());
		return TrainingInputs.prepare(scan, m, s, pairing.options(), coils, progress);
	}

	/** One line per epoch on standard error, with the epoch's mean loss terms (the bar shows the steps). */
	Consumer<StepReport> epochLines(Consumer<String> out) {
		if (quiet) return r -> {};
		return new EpochMeans(r -> out.accept(r.lossLine()));
	}

	static String duration(double seconds) {
		return StepReport.duration(seconds);
	}
}
