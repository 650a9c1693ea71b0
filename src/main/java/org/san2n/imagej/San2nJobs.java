package org.san2n.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.san2n.dwi.DwiScan;
import org.san2n.job.DenoiseJob;
import org.san2n.job.DenoiseRequest;
import org.san2n.job.TrainJob;
import org.san2n.job.TrainRequest;
import org.san2n.mask.BrainMask;
import org.san2n.progress.Progress;
import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.GradientTable;
import org.san2n.train.StepReport;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * SAN2N Train and SAN2N Denoise on an open hyperstack, for both ImageJ front ends (SciJava commands and
 * ImageJ 1.x plugins): the image turned into a scan and a mask, the engine's job run, the result turned
 * back into a hyperstack. The input image is only read.
 */
public final class San2nJobs {

	private San2nJobs() {}

	/**
	 * The result image's property holding the run's record as JSON (its method, automatic choices, σ, the checks'
	 * verdicts): what the command line writes as a sidecar. Image › Show Info shows it; a macro reads it with
	 * {@code Property.get("SAN2N record")}.
	 */
	public static final String RECORD = "SAN2N record";

	/** Trains on the hyperstack and writes the model file (atomically, only when training finished). */
	public static void train(ImagePlus image, TrainRequest request, Path model, Progress progress, Consumer<StepReport> steps)
			throws IOException {
		checkModelToWrite("model", model); // before training, not after
		DwiScan scan = scan(image, request.bvals(), request.bvecs(), progress);
		TrainJob.run(scan, mask(request.mask(), scan), request, model, progress, steps);
	}

	/** @return a new float32 hyperstack laid out and calibrated like the input */
	public static ImagePlus denoise(ImagePlus image, DenoiseRequest request, Progress progress, Consumer<StepReport> steps)
			throws IOException {
		return denoiseWithMaps(image, request, progress, steps).denoised();
	}

	/** What a map image's title adds to the result's ({@code NAME-SAN2N-sigma}). */
	public static final String SIGMA_SUFFIX = "-sigma", RANK_SUFFIX = "-rank", RESIDUAL_SUFFIX = "-residual";

	/**
	 * The result of SAN2N Denoise in ImageJ: the denoised hyperstack and the maps asked for by show_noise_map,
	 * show_rank_map and show_residual, in that order, titled {@code NAME-SAN2N-sigma}, {@code -rank}, {@code -residual}.
	 */
	public record Output(ImagePlus denoised, java.util.List<ImagePlus> maps) {

		public Output {
			maps = java.util.List.copyOf(maps);
		}

		/** The map whose title ends in {@code suffix}, or null when it was not asked for. */
		public ImagePlus map(String suffix) {
			return maps.stream().filter(m -> m.getTitle().endsWith(suffix)).findFirst().orElse(null);
		}
	}

	/**
	 * SAN2N Denoise with the maps of what was removed: the σ map (the input's units) and the rank map as 3D float
	 * images of the scan's grid, the residual (input − output) as a hyperstack laid out like the result; all
	 * calibrated like the input. Each is checked (shape, finite) before it is made.
	 */
	public static Output denoiseWithMaps(ImagePlus image, DenoiseRequest request, Progress progress, Consumer<StepReport> steps)
			throws IOException {
		checkModels(request);
		if (request.maps().qc() != null) org.san2n.io.OutputFiles.checkFolder("qc", request.maps().qc());
		DwiScan scan = scan(image, request.bvals(), request.bvecs(), progress);
		VolumeAxis axis = VolumeAxis.detect(image, scan.volumes());
		org.san2n.progress.RunRecord record = new org.san2n.progress.RunRecord();
		Progress recording = new org.san2n.progress.RecordingProgress(progress, record);
		recording.record("software", org.san2n.progress.RunRecord.software());
		recording.record("input", image.getTitle());
		recording.record("method", request.method().key());
		org.san2n.denoise.Denoised result = DenoiseJob.run(scan, mask(request.mask(), scan), request, recording, steps);
		String title = Hyperstacks.baseTitle(image.getTitle()) + "-SAN2N";
		DenoiseRequest.Maps asked = request.maps();
		long[] grid = scan.spatialShape();
		java.util.List<ImagePlus> maps = new java.util.ArrayList<>();
		if (asked.showNoise()) {
			org.san2n.denoise.Denoised.requireFinite("show_noise_map", result.sigmaImage(), grid);
			maps.add(Hyperstacks.mapImage(result.sigma(), grid, title + SIGMA_SUFFIX, image, scan.geometry()));
		}
		if (asked.showRank()) {
			org.san2n.denoise.Denoised.requireFinite("show_rank_map", result.requireRank(), grid);
			maps.add(Hyperstacks.mapImage(result.rank(), grid, title + RANK_SUFFIX, image, scan.geometry()));
		}
		if (asked.showResidual()) {
			var residual = result.residual(scan);
			org.san2n.denoise.Denoised.requireFinite("show_residual", residual, scan.voxels().shape());
			org.san2n.dwi.Voxels voxels = org.san2n.dwi.Voxels.allocate(scan.voxels().shape(), Path.of(System.getProperty("java.io.tmpdir")));
			net.imglib2.loops.LoopBuilder.setImages(residual, voxels.image()).forEachPixel((a, b) -> b.set(a));
			ImagePlus r = Hyperstacks.toImage(scan.withVoxels(voxels), axis, title + RESIDUAL_SUFFIX, image);
			r.resetDisplayRange();
			maps.add(r);
		}
		if (asked.qc() != null) {
			// The same page as the command line's --qc, in the mask the run used (computed again when it was automatic).
			org.san2n.mask.BrainMask brain = mask(request.mask(), scan);
			if (brain == null)
				brain = org.san2n.mask.MedianOtsu.compute(scan, org.san2n.qspace.AngularPairing.pair(scan.gradients(), request.pairing()),
						org.san2n.mask.MedianOtsu.DEFAULT_RADIUS, org.san2n.mask.MedianOtsu.DEFAULT_PASSES, recording);
			recording.record("qc", asked.qc().toAbsolutePath().toString());
			recording.log("QC page: " + org.san2n.figure.QcPage.write(asked.qc(), scan, result, brain, record.toJson()));
		}
		ImagePlus out = Hyperstacks.toImage(result.scan(), axis, title, image);
		out.setProp(RECORD, record.toJson());
		return new Output(out, maps);
	}

	/**
	 * What {@link #denoise} would refuse before reading a voxel: the model to apply, the file to save one
	 * to, the gradient table (given or stored) against the image's frames or channels, the mask. Cheap (the
	 * gradient files are small), so that a dialog can check what was entered and ask again, with the values
	 * kept, instead of starting a run that stops.
	 */
	public static void checkDenoise(ImagePlus image, DenoiseRequest request) throws IOException {
		checkModels(request);
		if (request.maps().qc() != null) org.san2n.io.OutputFiles.checkFolder("qc", request.maps().qc());
		checkScan(image, request.bvals(), request.bvecs(), request.mask());
	}

	/** What {@link #train} would refuse before reading a voxel, as {@link #checkDenoise}. */
	public static void checkTrain(ImagePlus image, TrainRequest request, Path model) throws IOException {
		checkModelToWrite("model", model);
		checkScan(image, request.bvals(), request.bvecs(), request.mask());
	}

	private static void checkModels(DenoiseRequest request) throws IOException {
		if (request.model() != null && !Files.isRegularFile(request.model()))
			throw new IllegalArgumentException(request.model() + ": no such model file");
		if (request.saveModel() != null) org.san2n.io.OutputFiles.checkWritable("save_model", request.saveModel());
	}

	private static void checkModelToWrite(String key, Path model) throws IOException {
		if (model == null) throw new IllegalArgumentException("choose a file to save the trained model to (.san2n)");
		org.san2n.io.OutputFiles.checkWritable(key, model);
	}

	private static void checkScan(ImagePlus image, Path bvals, Path bvecs, String mask) throws IOException {
		VolumeAxis.detect(image, gradients(image, bvals, bvecs).size());
		maskSource(mask);
	}

	/** The hyperstack as a scan, with the gradient files given or the table stored with the image. */
	static DwiScan scan(ImagePlus image, Path bvals, Path bvecs, Progress progress) throws IOException {
		GradientTable table = gradients(image, bvals, bvecs);
		String warning = table.missingDirections(org.san2n.qspace.PairingOptions.DEFAULTS.b0Threshold());
		if (warning != null) progress.log(warning);
		VolumeAxis axis = VolumeAxis.detect(image, table.size());
		progress.update("reading the hyperstack", 0, 1);
		DwiScan scan = Hyperstacks.toScan(image, axis, table);
		progress.update("reading the hyperstack", 1, 1);
		return scan;
	}

	/** The gradient files given, or the table stored with the image. */
	private static GradientTable gradients(ImagePlus image, Path bvals, Path bvecs) throws IOException {
		if (image == null) throw new IllegalArgumentException("no image: open a DWI hyperstack first");
		if ((bvals == null) != (bvecs == null))
			throw new IllegalArgumentException("give both the bvals and the bvecs file, or neither (to use the table stored with the image)");
		GradientTable table = bvals != null ? FslGradientReader.read(bvals, bvecs) : DwiProperties.gradients(image);
		if (table == null)
			throw new IllegalArgumentException("'" + image.getTitle() + "' has no gradient table: give its bvals and bvecs "
					+ "files, or open the scan with Plugins > SAN2N > Open NIfTI DWI..., which reads them from beside the file");
		return table;
	}

	/** The mask named by the settings: none (median_otsu), an open image by title, or a NIfTI file. */
	static BrainMask mask(String spec, DwiScan scan) throws IOException {
		Object source = maskSource(spec);
		if (source instanceof ImagePlus open) return Hyperstacks.toMask(open, scan.spatialShape());
		if (source instanceof Path file) return BrainMask.read(file, scan.spatialShape());
		return null;
	}

	/** Where the mask named by the settings comes from: null (median_otsu), an open image, or a file. */
	private static Object maskSource(String spec) {
		if (spec == null || spec.isBlank() || spec.equals(AUTOMATIC_MASK)) return null;
		ImagePlus open = WindowManager.getImage(spec);
		if (open != null) return open;
		Path file = Path.of(spec);
		if (Files.isRegularFile(file)) return file;
		throw new IllegalArgumentException("mask '" + spec + "' is neither an open image nor a file; leave it empty "
				+ "for an automatic mask (median_otsu)");
	}

	/** What a mask choice may say for "compute one". */
	public static final String AUTOMATIC_MASK = "[median_otsu]";
}
