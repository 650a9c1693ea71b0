package org.san2n.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.san2n.denoise.Denoised;
import org.san2n.dwi.DwiScan;
import org.san2n.io.DistinctPaths;
import org.san2n.mask.BrainMask;
import org.san2n.io.OutputFiles;
import org.san2n.job.DenoiseFiles;
import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.nifti.NiftiWriter;
import org.san2n.noise.NoisePrior;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code denoise}: the scan's files and the output here; every other option comes from {@link Settings}. */
@Command(name = "denoise", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Denoise a DWI scan: MP-PCA (default), SAN2N trained on the scan itself (--method san2n), or a trained --model.",
				"Output: float32 NIfTI with the input's geometry, negative values clipped to 0." })
final class DenoiseCommand implements Callable<Integer> {

	static final java.util.List<Setting> SETTINGS = Settings.offeredBy(Setting.Job.DENOISE, Setting.FrontEnds.COMMAND_LINE).stream()
			.filter(s -> !s.key().equals("bvals") && !s.key().equals("bvecs")).toList();

	@Spec
	CommandSpec spec;

	@Mixin
	ScanOptions scan;

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "denoised scan to write (.nii or .nii.gz)")
	Path out;

	@Option(names = "--no-flips", description = "the same as --flips none")
	boolean noFlips;

	@Option(names = "--no-rician-correction", description = "the same as --rician keep")
	boolean noRicianCorrection;

	@Option(names = "--quiet", description = "no per-epoch loss lines on standard error")
	boolean quiet;

	@Override
	public Integer call() throws Exception {
		Map<String, String> given = DeclaredOptions.given(spec, SETTINGS);
		if (noFlips) given.put("flips", "none");
		if (noRicianCorrection) given.put("rician", "keep");
		DenoiseRequest request = DenoiseRequest.of(Settings.values(Setting.Job.DENOISE, Setting.FrontEnds.COMMAND_LINE, given));
		DenoiseRequest.Maps maps = request.maps();
		// Everything that can be checked without the scan is checked before it is read.
		Path mask = request.mask().isEmpty() ? null : org.san2n.io.UndecodableNames.resolve(request.mask());
		Map<String, Path> outputs = new LinkedHashMap<>();
		outputs.put("--out", out);
		Path sidecar = sidecarOf(out);
		outputs.put("the record beside --out", sidecar);
		outputs.put("--save-model", request.saveModel());
		outputs.put("--noise-map", maps.noise());
		outputs.put("--rank-map", maps.rank());
		outputs.put("--residual", maps.residual());
		Map<String, Path> more = new LinkedHashMap<>();
		more.put("--mask", mask);
		more.put("--model", request.model());
		if (request.noiseMapIn() != null) {
			NoisePrior.check(request.noiseMapIn());
			more.put("--noise-map-in", NoisePrior.file(request.noiseMapIn()));
		}
		// A BIDS input's own sidecar (sub-01_dwi.json beside sub-01_dwi.nii.gz) is metadata the record must not replace.
		more.put("the JSON beside --dwi", sidecarOf(scan.dwi));
		DistinctPaths.require(outputs, scan.inputs(more));
		NiftiWriter.checkName(out);
		OutputFiles.checkWritable("--out", out);
		OutputFiles.checkWritable("the record beside --out", sidecar);
		if (request.saveModel() != null) OutputFiles.checkWritable("--save-model", request.saveModel());
		Path qc = maps.qc();
		if (qc != null) {
			for (var o : outputs.entrySet())
				if (o.getValue() != null && org.san2n.io.DistinctPaths.same(o.getValue(), qc))
					throw new IllegalArgumentException("--qc " + qc + " is " + o.getKey() + ": the QC page needs a folder of its own");
			OutputFiles.checkFolder("--qc", qc);
		}
		for (String option : java.util.List.of("--noise-map", "--rank-map", "--residual")) {
			Path map = outputs.get(option);
			if (map == null) continue;
			NiftiWriter.checkName(map);
			OutputFiles.checkWritable(option, map);
		}
		DenoiseFiles.checkBeforeWork(request);
		long start = System.nanoTime();
		DenoiseFiles.Denoised result;
		org.san2n.progress.RunRecord record = new org.san2n.progress.RunRecord();
		try (TerminalProgress terminal = new TerminalProgress(System.err)) {
			org.san2n.progress.Progress progress = new org.san2n.progress.RecordingProgress(terminal, record);
			result = DenoiseFiles.denoise(new DenoiseFiles.Inputs(scan.dwi, scan.gradients.bvals, scan.gradients.bvecs, mask), request, record,
					terminal, Masks.epochLines(quiet, terminal::log));
			DwiScan dwi = result.input();
			Denoised denoised = result.result();
			// Every map is checked before anything is written: a refused map leaves no output behind.
			long[] grid = dwi.spatialShape();
			var written = new LinkedHashMap<Path, net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType>>();
			if (maps.noise() != null) written.put(maps.noise(), checked("--noise-map " + maps.noise(), denoised.sigmaImage(), grid));
			if (maps.rank() != null) written.put(maps.rank(), checked("--rank-map " + maps.rank(), denoised.requireRank(), grid));
			if (maps.residual() != null)
				written.put(maps.residual(), checked("--residual " + maps.residual(), denoised.residual(dwi), dwi.voxels().shape()));
			written.keySet().forEach(p -> progress.record(p.equals(maps.noise()) ? "noise_map" : p.equals(maps.rank()) ? "rank_map" : "residual",
					p.toAbsolutePath().toString()));
			result.writeTo(out);
			for (var map : written.entrySet())
				NiftiWriter.write(map.getKey(), result.header(), map.getValue());
			if (qc != null) {
				BrainMask brain = mask != null ? BrainMask.read(mask, dwi.spatialShape())
						: org.san2n.mask.MedianOtsu.compute(dwi, org.san2n.qspace.AngularPairing.pair(dwi.gradients(), request.pairing()),
								org.san2n.mask.MedianOtsu.DEFAULT_RADIUS, org.san2n.mask.MedianOtsu.DEFAULT_PASSES, progress);
				progress.record("qc", qc.toAbsolutePath().toString());
				Path page = org.san2n.figure.QcPage.write(qc, dwi, denoised, brain, record.toJson());
				progress.log("QC page: " + page);
			}
			// Written last: a complete record says its output is complete.
			org.san2n.io.AtomicFiles.writeString(sidecar, record.toJson() + "\n");
		}
		long[] shape = result.shape();
		System.out.printf(Locale.ROOT, "wrote %s (%d×%d×%d, %d volumes) in %s%n", out, shape[0], shape[1], shape[2],
				shape.length > 3 ? shape[3] : 1, org.san2n.train.StepReport.duration((System.nanoTime() - start) / 1e9));
		return 0;
	}

	private static <T extends net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType>> T checked(String what, T map,
			long[] shape) {
		Denoised.requireFinite(what, map, shape);
		return map;
	}

	/**
	 * The JSON record beside an output, as BIDS keeps sidecars: the output's name with .json for .nii/.nii.gz
	 * (the run's method, its automatic choices, σ, the checks' verdicts, the software's version).
	 */
	static Path sidecarOf(Path out) {
		String name = out.getFileName().toString();
		String base = name.endsWith(".nii.gz") ? name.substring(0, name.length() - 7)
				: name.endsWith(".nii") || name.endsWith(".hdr") ? name.substring(0, name.length() - 4) : name;
		return out.resolveSibling(base + ".json");
	}
}
