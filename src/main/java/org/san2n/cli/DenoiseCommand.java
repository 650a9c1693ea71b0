package org.san2n.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.Method;
import org.san2n.denoise.Denoising;
import org.san2n.denoise.OutsideMask;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.model.ComputeDevice;
import org.san2n.model.ModelFile;
import org.san2n.model.San2nModel;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.nifti.NiftiWriter;
import org.san2n.train.San2nTrainer;

import ai.djl.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "denoise", mixinStandardHelpOptions = true,
		description = { "Denoise a DWI scan: MP-PCA (default), SAN2N trained on the scan itself (--method san2n), or a trained --model.",
				"Output: float32 NIfTI with the input's geometry, negative values clipped to 0." })
final class DenoiseCommand implements Callable<Integer> {

	@Mixin
	ScanOptions scan;

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "denoised scan to write (.nii or .nii.gz)")
	Path out;

	@Option(names = "--method", paramLabel = "mppca|san2n|san2n-paper",
			description = "mppca: MP-PCA (Veraart 2016, Cordero-Grande 2019's noise estimator, overlapping windows), no training (default, unless --model, --save-model or a training option is given); "
					+ "san2n: train SAN2N on the scan (or apply --model); san2n-paper: SAN2N as published (Adam 5e-4, 100 epochs, no mirrors, no Rician correction)")
	String method; // null: mppca, or san2n when a model is applied or saved or training options are given

	@Option(names = "--check", paramLabel = "refuse|warn",
			description = "an output whose residual fails the check against the noise level (volume means moved, signal removed) is refused and nothing is written (default: refuse); warn: written anyway, with a warning")
	String check = "refuse";

	@Option(names = "--window", paramLabel = "K", description = "MP-PCA window edge (odd); 0: automatic, the smallest with at least as many voxels as volumes (default: ${DEFAULT-VALUE})")
	int window = 0;

	@Option(names = "--mppca-stride", paramLabel = "S", description = "MP-PCA: voxels between window centres (1–3; default: ${DEFAULT-VALUE})")
	int mppcaStride = MpPcaOptions.DEFAULTS.stride();

	@Option(names = "--model", paramLabel = "FILE", description = "apply this trained model instead of training on the scan")
	Path model;

	@Option(names = "--save-model", paramLabel = "FILE", description = "also write the model trained on the scan (.san2n)")
	Path saveModel;

	@Option(names = "--outside-mask", paramLabel = "denoise|keep|zero",
			description = "voxels outside the mask: denoise them too, keep the input's values, or zero them (default: denoise)")
	String outside = "denoise";

	@Option(names = "--non-finite", paramLabel = "keep|zero",
			description = "input voxels that are NaN or infinite: keep them so in the output, or write 0 there (default: keep); a volume that is mostly non-finite is refused")
	String nonFinite = "keep";

	@Option(names = "--tile", paramLabel = "T", description = "tile edge for inference in voxels; 0: automatic (default: ${DEFAULT-VALUE})")
	int tile = 0;

	// Both are on by default; picocli's negatable booleans with a true default read the other way round.
	@Option(names = "--no-flips", description = "do not average the network's outputs over the 8 mirror images of the scan")
	boolean noFlips;

	@Option(names = "--no-rician-correction",
			description = "keep the Rician bias in the output (for data that are not magnitude images, or already corrected)")
	boolean noRicianCorrection;

	@Mixin
	TrainingOptions training;

	@Override
	public Integer call() throws Exception {
		training.check();
		Map<String, Path> outputs = new LinkedHashMap<>();
		outputs.put("--out", out);
		outputs.put("--save-model", saveModel);
		Map<String, Path> more = new LinkedHashMap<>();
		more.put("--mask", training.mask);
		more.put("--model", model);
		org.san2n.io.DistinctPaths.require(outputs, scan.inputs(more));
		NiftiWriter.checkName(out);
		org.san2n.io.OutputFiles.checkWritable("--out", out);
		if (saveModel != null) org.san2n.io.OutputFiles.checkWritable("--save-model", saveModel);
		if (model != null && saveModel != null)
			throw new IllegalArgumentException("--save-model writes a model trained on the scan; with --model nothing is trained");
		OutsideMask outsideMask;
		try {
			outsideMask = OutsideMask.valueOf(outside.trim().toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("--outside-mask must be denoise, keep or zero, got '" + outside + "'");
		}
		if (!nonFinite.equals("keep") && !nonFinite.equals("zero"))
			throw new IllegalArgumentException("--non-finite must be keep or zero, got '" + nonFinite + "'");
		DenoiseOptions options = DenoiseOptions.DEFAULTS.withTile(DenoiseOptions.requireUsefulTile(tile)).withOutside(outsideMask).withFlips(!noFlips).withUnbias(!noRicianCorrection)
				.withZeroNonFinite(nonFinite.equals("zero"));
		// No --method: MP-PCA, unless the call is about a network (a model to apply or save, training options).
		boolean network = model != null || saveModel != null || !training.config().equals(org.san2n.train.TrainingConfig.DEFAULTS);
		Method chosen = method == null ? (network ? Method.SAN2N : Method.DEFAULT) : Method.parse(method);
		boolean mppca = !chosen.trains();
		if (!check.equals("refuse") && !check.equals("warn"))
			throw new IllegalArgumentException("--check must be refuse or warn, got '" + check + "'");
		options = chosen.options(options.withRefuse(check.equals("refuse")));
		MpPcaOptions mppcaOptions = MpPcaOptions.DEFAULTS.withWindow(window).withStride(mppcaStride);
		if (mppca && (model != null || saveModel != null))
			throw new IllegalArgumentException("--method mppca trains no network: --model and --save-model need --method san2n");
		Device device = mppca ? null : ComputeDevice.select(training.device);
		long start = System.nanoTime();
		DwiScan result;
		DwiScan dwi;
		try (TerminalProgress progress = new TerminalProgress(System.err)) {
			if (mppca) {
				if (training.sigma != null)
					progress.log("note: --sigma is not used by MP-PCA, which measures σ in every window (it is used by --method san2n)");
				dwi = scan.load(progress);
				BrainMask m = training.mask == null ? null : BrainMask.read(training.mask, dwi.spatialShape());
				result = Denoising.mppca(dwi, m, training.pairing.options(), options, mppcaOptions, progress);
			} else if (model != null) {
				try (San2nModel trained = ModelFile.read(model, device)) {
					dwi = scan.load(progress);
					BrainMask m = training.mask == null ? null : BrainMask.read(training.mask, dwi.spatialShape());
					result = Denoising.withModel(trained, dwi, m, training.pairing.options(), options, progress);
				}
			} else {
				dwi = scan.load(progress);
				San2nTrainer trainer = new San2nTrainer(chosen.config(training.config()), device, progress, training.epochLines(progress::log));
				result = Denoising.selfSupervised(training.data(dwi, progress), trainer, options, progress, trained -> {
					if (saveModel != null) {
						try {
							ModelFile.write(trained, saveModel);
						} catch (java.io.IOException e) {
							throw new java.io.UncheckedIOException(e);
						}
					}
				});
			}
			NiftiWriter.write(out, dwi.geometry(), result.image());
		}
		System.out.printf(Locale.ROOT, "wrote %s (%d×%d×%d, %d volumes) in %s%n", out, dwi.width(), dwi.height(), dwi.depth(),
				dwi.volumes(), TrainingOptions.duration((System.nanoTime() - start) / 1e9));
		return 0;
	}
}
