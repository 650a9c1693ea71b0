package org.san2n.job;

import java.io.IOException;
import java.util.function.Consumer;

import org.san2n.denoise.Denoised;
import org.san2n.denoise.Denoising;
import org.san2n.denoise.MinimumScan;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.model.ComputeDevice;
import org.san2n.model.ModelFile;
import org.san2n.model.San2nModel;
import org.san2n.noise.NoiseLevels;
import org.san2n.noise.NoisePrior;
import org.san2n.progress.Progress;
import org.san2n.train.San2nTrainer;
import org.san2n.train.StepReport;
import org.san2n.train.TrainingData;
import org.san2n.train.TrainingInputs;

import ai.djl.Device;

/**
 * SAN2N Denoise, the one pipeline behind every front end: mask → σ → pairing → MP-PCA, or train (or load) a
 * network and apply it → output check → Rician bias → the trained model saved when asked. Front ends only
 * turn their inputs into a {@link DenoiseRequest}, a scan and a mask, and show or write the result.
 */
public final class DenoiseJob {

	private DenoiseJob() {}

	/**
	 * @param mask  the brain mask, or null to compute one (median_otsu on the b0s)
	 * @param steps each training step, for a loss display (ignored by MP-PCA)
	 * @return the denoised scan (same geometry and gradients) with its σ and rank maps; nothing is written but the
	 *         requested model
	 * @throws IllegalArgumentException or {@link org.san2n.nifti.NiftiFormatException} for a prior σ
	 *                                  ({@code noise_map_in}) that is not a σ > 0 or a σ map of the scan's grid
	 */
	public static Denoised run(DwiScan scan, BrainMask mask, DenoiseRequest request, Progress progress, Consumer<StepReport> steps)
			throws IOException {
		MinimumScan.require(scan.voxels().shape(), "the scan");
		float[] prior = request.noiseMapIn() == null ? null : NoisePrior.read(request.noiseMapIn(), scan.spatialShape());
		if (prior != null) {
			progress.log("MP-PCA's rank from the known σ given (noise_map_in " + request.noiseMapIn() + "), not from its own estimate");
			progress.record("noise_map_in", request.noiseMapIn());
		}
		if (!request.method().trains()) {
			if (request.sigma() != null)
				progress.log("note: sigma is not used by MP-PCA, which measures σ in every window (it is used by method san2n)");
			return Denoising.mppcaMaps(scan, mask, request.pairing(), request.options(), request.mppca(), prior, progress);
		}
		Device device = ComputeDevice.select(request.device());
		if (request.model() != null) {
			try (San2nModel trained = ModelFile.read(request.model(), device)) {
				return Denoising.withModel(trained, scan, mask, request.pairing(), request.options(), request.mppca(), prior, progress);
			}
		}
		double[] sigma = request.sigma() == null ? null : NoiseLevels.parse(request.sigma(), scan.volumes());
		TrainingData data = TrainingInputs.prepare(scan, mask, sigma, request.pairing(), request.coils(), progress);
		San2nTrainer trainer = new San2nTrainer(request.config(), request.method().objective(), device, progress, steps);
		return Denoising.selfSupervised(data, trainer, request.options(), request.mppca(), prior, progress, trained -> {
			if (request.saveModel() == null) return;
			try {
				ModelFile.write(trained, request.saveModel());
			} catch (IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
	}
}
