package org.san2n.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.san2n.denoise.MinimumScan;
import org.san2n.dwi.DwiScan;
import org.san2n.dwi.DwiScanLoader;
import org.san2n.mask.BrainMask;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiReader;
import org.san2n.nifti.NiftiWriter;
import org.san2n.progress.Progress;
import org.san2n.progress.RecordingProgress;
import org.san2n.progress.RunRecord;
import org.san2n.train.StepReport;

/**
 * {@link DenoiseJob} on files: a scan's NIfTI, FSL gradient files and optional mask file in, a denoised NIfTI
 * out, what the run recorded kept in a {@link RunRecord}. Shared by every front end that works on files (the
 * command line's {@code denoise}, the study front ends), so that they denoise a file the same way. The
 * front end checks its outputs before calling (names, folders, no output the same file as an input) and
 * writes the record itself, last.
 */
public final class DenoiseFiles {

	private DenoiseFiles() {}

	/**
	 * A scan on disk.
	 *
	 * @param dwi   3D or 4D NIfTI (x, y, z, volumes)
	 * @param bvals FSL bvals, one b-value (s/mm²) per volume
	 * @param bvecs FSL bvecs, three rows of one direction per volume
	 * @param mask  3D brain mask on the scan's grid (non-zero = brain), or null: computed (median_otsu)
	 */
	public record Inputs(Path dwi, Path bvals, Path bvecs, Path mask) {}

	/**
	 * A denoised scan not yet written: {@link #writeTo} writes it as float32 NIfTI with the input's own header
	 * (qform, sform, pixdim and units field for field).
	 *
	 * @param result what the engine gave: the denoised scan and its σ and rank maps
	 * @param input  the scan as read (for a residual)
	 * @param shape  x, y, z, volumes of the scan
	 */
	public record Denoised(org.san2n.denoise.Denoised result, DwiScan input, NiftiHeader header, long[] shape) {

		public Denoised {
			shape = shape.clone();
		}

		@Override
		public long[] shape() {
			return shape.clone();
		}

		/** The denoised scan. */
		public DwiScan scan() {
			return result.scan();
		}

		/** Writes the scan to {@code out} (.nii or .nii.gz), atomically: a failure leaves no half file. */
		public void writeTo(Path out) throws IOException {
			NiftiWriter.write(out, header, scan().image());
		}
	}

	/**
	 * What can be checked of a request before any scan is read, so that a run never works for an hour and then
	 * refuses its settings: a {@code model} file that is not there, a {@code sigma} that does not parse, a
	 * {@code device} that cannot be had (for the methods that run a network).
	 *
	 * @throws IllegalArgumentException naming the setting and the value
	 * @throws IOException              a sigma file that cannot be read
	 */
	public static void checkBeforeWork(DenoiseRequest request) throws IOException {
		if (request.model() != null && !java.nio.file.Files.isRegularFile(request.model()))
			throw new IllegalArgumentException("--model " + request.model() + ": no such model file");
		if (request.sigma() != null) org.san2n.noise.NoiseLevels.parse(request.sigma(), 0);
		if (request.method().trains()) org.san2n.model.ComputeDevice.select(request.device());
	}

	/**
	 * Reads the scan, denoises it and records {@code software}, {@code input}, {@code method} and the run's
	 * {@code seconds} (reading included) into {@code record}, besides what the engine records (σ, the checks'
	 * verdicts, automatic choices). Nothing is written.
	 *
	 * @param progress the front end's progress (the record is filled through it)
	 * @param steps    each training step, for a loss display (ignored by MP-PCA)
	 * @throws IOException              a file that cannot be read or is malformed (named in the message)
	 * @throws IllegalArgumentException a scan, mask or setting that cannot be denoised (said why)
	 * @throws org.san2n.denoise.DenoisingFailedException the output failed its check and was refused
	 * @throws org.san2n.progress.CancelledException      the user asked to stop
	 */
	public static Denoised denoise(Inputs in, DenoiseRequest request, RunRecord record, Progress progress, Consumer<StepReport> steps)
			throws IOException {
		long start = System.nanoTime();
		Progress recording = new RecordingProgress(progress, record);
		DwiScan dwi = DwiScanLoader.load(in.dwi(), in.bvals(), in.bvecs(), recording);
		long[] shape = dwi.voxels().shape();
		MinimumScan.require(shape, in.dwi().toString());
		recording.record("software", RunRecord.software());
		recording.record("input", in.dwi().toAbsolutePath().toString());
		recording.record("method", request.method().key());
		BrainMask mask = in.mask() == null ? null : BrainMask.read(in.mask(), dwi.spatialShape());
		// Read with the scan, not after the work: an input moved or replaced during an hour's run must not lose or mislabel it.
		NiftiHeader header = NiftiReader.readHeader(in.dwi());
		org.san2n.denoise.Denoised result = DenoiseJob.run(dwi, mask, request, recording, steps);
		recording.record("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
		return new Denoised(result, dwi, header, shape);
	}
}
