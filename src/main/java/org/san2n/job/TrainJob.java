package org.san2n.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.san2n.denoise.Denoising;
import org.san2n.denoise.Method;
import org.san2n.denoise.MinimumScan;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.model.ComputeDevice;
import org.san2n.model.ModelFile;
import org.san2n.model.ModelMetadata;
import org.san2n.model.San2nModel;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.noise.NoiseLevels;
import org.san2n.progress.Progress;
import org.san2n.train.San2nTrainer;
import org.san2n.train.TrainingData;
import org.san2n.train.StepReport;
import org.san2n.train.TrainingInputs;

/** SAN2N Train, the one pipeline behind every front end: mask → σ → pairing → training → the model file. */
public final class TrainJob {

	private TrainJob() {}

	/**
	 * Trains on the scan and writes the model (atomically, only when training finished).
	 *
	 * @param mask the brain mask, or null to compute one
	 * @return what the model file says of the run
	 */
	public static ModelMetadata run(DwiScan scan, BrainMask mask, TrainRequest request, Path model, Progress progress,
			Consumer<StepReport> steps) throws IOException {
		if (model == null) throw new IllegalArgumentException("choose a file to save the trained model to (.san2n)");
		MinimumScan.require(scan.voxels().shape(), "the scan");
		var device = ComputeDevice.select(request.device());
		double[] sigma = request.sigma() == null ? null : NoiseLevels.parse(request.sigma(), scan.volumes());
		var data = TrainingInputs.prepare(scan, mask, sigma, request.pairing(), request.coils(), progress);
		// SAN2N's objective: MP-PCA refined by a network trained on recorrupted pairs (Method.SAN2N).
		TrainingData voxels = Denoising.trainingVoxels(data, progress);
		boolean everyOther = voxels != data;
		// Where the noise is correlated, as SAN2N Denoise trains: on all four in-plane components, stacked.
		data = everyOther ? Denoising.recorruptedComponents(data, request.config().seed(), request.config().patchSize(), MpPcaOptions.DEFAULTS,
				null, progress).data() : Denoising.recorrupted(voxels, request.config().seed(), MpPcaOptions.DEFAULTS, progress).data();
		San2nTrainer trainer = new San2nTrainer(request.config(), Method.SAN2N.objective(), device, progress, steps);
		try (San2nModel trained = (everyOther ? trainer.forEveryOtherVoxel() : trainer).train(data)) {
			if (everyOther) trained.recordTrainedOnEveryOtherVoxel();
			ModelFile.write(trained, model);
			return trained.metadata();
		}
	}
}
