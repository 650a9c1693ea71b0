package org.san2n.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.Method;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.denoise.Denoising;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.model.ComputeDevice;
import org.san2n.model.ModelFile;
import org.san2n.model.San2nModel;
import org.san2n.progress.Progress;
import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.GradientTable;
import org.san2n.qspace.PairingOptions;
import org.san2n.train.San2nTrainer;
import org.san2n.train.StepReport;
import org.san2n.train.TrainingData;
import org.san2n.train.TrainingInputs;

import ai.djl.Device;
import ij.ImagePlus;
import ij.WindowManager;

/**
 * SAN2N Train and SAN2N Denoise on an open hyperstack: what both ImageJ front ends (SciJava commands
 * and ImageJ 1.x plugins) run once they have their parameters. The input image is only read.
 */
public final class San2nJobs {

	private San2nJobs() {}

	/** Trains on the hyperstack and writes the model file (atomically, only when training finished). */
	public static void train(ImagePlus image, JobSettings settings, Path model, Progress progress,
			Consumer<StepReport> steps) throws IOException {
		if (model == null) throw new IllegalArgumentException("choose a file to save the trained model to (.san2n)");
		Device device = ComputeDevice.select(settings.device());
		DwiScan scan = scan(image, settings, progress);
		TrainingData data = TrainingInputs.prepare(scan, mask(settings.mask(), scan), null, PairingOptions.DEFAULTS, 0,
				progress);
		try (San2nModel trained = new San2nTrainer(settings.config(), device, progress, steps).train(data)) {
			ModelFile.write(trained, model);
		}
	}

	/**
	 * Denoises the hyperstack: with a trained model when {@code model} is given, otherwise by training on
	 * the image itself (and writing that model to {@code saveModel} when given).
	 *
	 * @return a new float32 hyperstack laid out and calibrated like the input
	 */
	public static ImagePlus denoise(ImagePlus image, JobSettings settings, Path model, Path saveModel, Progress progress,
			Consumer<StepReport> steps) throws IOException {
		if (model != null && saveModel != null)
			throw new IllegalArgumentException("a model file is applied as it is; 'save model' only applies when training "
					+ "on the image (leave one of them empty)");
		if (model != null && !Files.isRegularFile(model))
			throw new IllegalArgumentException(model + ": no such model file");
		Device device = settings.method().trains() || model != null ? ComputeDevice.select(settings.device()) : null;
		DwiScan scan = scan(image, settings, progress);
		VolumeAxis axis = VolumeAxis.detect(image, scan.volumes());
		// A model file can only be applied by SAN2N: giving one chooses it.
		Method method = model != null && settings.method() == Method.MPPCA ? Method.SAN2N : settings.method();
		if (!method.trains() && saveModel != null)
			throw new IllegalArgumentException("MP-PCA trains no model to save: choose method=san2n, or leave 'save' empty");
		DenoiseOptions options = method.options(settings.denoising());
		DwiScan result;
		if (!method.trains()) {
			result = Denoising.mppca(scan, mask(settings.mask(), scan), PairingOptions.DEFAULTS, options, MpPcaOptions.DEFAULTS,
					progress);
		} else if (model != null) {
			try (San2nModel trained = ModelFile.read(model, device)) {
				result = Denoising.withModel(trained, scan, mask(settings.mask(), scan), PairingOptions.DEFAULTS, options,
						progress);
			}
		} else {
			TrainingData data = TrainingInputs.prepare(scan, mask(settings.mask(), scan), null, PairingOptions.DEFAULTS, 0,
					progress);
			San2nTrainer trainer = new San2nTrainer(method.config(settings.config()), device, progress, steps);
			result = Denoising.selfSupervised(data, trainer, options, progress, trained -> {
				if (saveModel != null) {
					try {
						ModelFile.write(trained, saveModel);
					} catch (IOException e) {
						throw new java.io.UncheckedIOException(e);
					}
				}
			});
		}
		return Hyperstacks.toImage(result, axis, Hyperstacks.baseTitle(image.getTitle()) + "-SAN2N", image);
	}

	/** The hyperstack as a scan, with the gradient files given or the table stored with the image. */
	static DwiScan scan(ImagePlus image, JobSettings settings, Progress progress) throws IOException {
		if (image == null) throw new IllegalArgumentException("no image: open a DWI hyperstack first");
		GradientTable table = settings.bvals() != null ? FslGradientReader.read(settings.bvals(), settings.bvecs())
				: DwiProperties.gradients(image);
		if (table == null)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has no gradient table: give its bvals and bvecs "
					+ "files, or open the scan with Plugins > SAN2N > Open NIfTI DWI..., which reads them from beside the file");
		VolumeAxis axis = VolumeAxis.detect(image, table.size());
		progress.update("reading the hyperstack", 0, 1);
		DwiScan scan = Hyperstacks.toScan(image, axis, table);
		progress.update("reading the hyperstack", 1, 1);
		return scan;
	}

	/** The mask named by the settings: none (median_otsu), an open image by title, or a NIfTI file. */
	static BrainMask mask(String spec, DwiScan scan) throws IOException {
		if (spec.isEmpty()) return null;
		ImagePlus open = WindowManager.getImage(spec);
		if (open != null) return Hyperstacks.toMask(open, scan.spatialShape());
		Path file = Path.of(spec);
		if (Files.isRegularFile(file)) return BrainMask.read(file, scan.spatialShape());
		throw new IllegalArgumentException("mask '" + spec + "' is neither an open image nor a file; leave it empty "
				+ "for an automatic mask (median_otsu)");
	}
}
