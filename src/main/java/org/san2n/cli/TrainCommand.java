package org.san2n.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.san2n.denoise.MinimumScan;
import org.san2n.dwi.DwiScan;
import org.san2n.io.DistinctPaths;
import org.san2n.io.OutputFiles;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.job.TrainJob;
import org.san2n.job.TrainRequest;
import org.san2n.model.ComputeDevice;
import org.san2n.model.EpochRecord;
import org.san2n.model.ModelMetadata;
import org.san2n.noise.NoiseLevels;
import org.san2n.train.StepReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: the scan's files and the model file here; every other option comes from {@link Settings}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Train SAN2N on a noisy scan and save the network as a .san2n model file.")
final class TrainCommand implements Callable<Integer> {

	static final java.util.List<Setting> SETTINGS = Settings.of(Setting.Job.TRAIN).stream()
			.filter(s -> !s.key().equals("bvals") && !s.key().equals("bvecs")).toList();

	@Spec
	CommandSpec spec;

	@Mixin
	ScanOptions scan;

	@Option(names = "--model", required = true, paramLabel = "FILE", description = "model file to write (.san2n)")
	Path model;

	@Option(names = "--quiet", description = "no per-epoch loss lines on standard error")
	boolean quiet;

	@Override
	public Integer call() throws Exception {
		TrainRequest request = TrainRequest.of(Settings.values(Setting.Job.TRAIN, DeclaredOptions.given(spec, SETTINGS)));
		Path mask = request.mask().isEmpty() ? null : org.san2n.io.UndecodableNames.resolve(request.mask());
		Map<String, Path> inputs = new LinkedHashMap<>();
		inputs.put("--mask", mask);
		DistinctPaths.require(Map.of("--model", model), scan.inputs(inputs));
		OutputFiles.checkWritable("--model", model);
		if (request.sigma() != null) NoiseLevels.parse(request.sigma(), 0);
		ComputeDevice.select(request.device());
		try (TerminalProgress progress = new TerminalProgress(System.err)) {
			DwiScan dwi = scan.load(progress);
			MinimumScan.require(dwi.voxels().shape(), scan.dwi.toString());
			ModelMetadata meta = TrainJob.run(dwi, Masks.read(mask, dwi), request, model, progress, Masks.epochLines(quiet, progress::log));
			if (meta.history().isEmpty()) {
				// Nothing to train on that could be judged (the log said why): the model gives MP-PCA's result.
				System.out.printf(Locale.ROOT, "wrote %s: %d volumes, width %d, not trained (it gives MP-PCA's result)%n", model,
						meta.channels(), meta.width());
			} else {
				EpochRecord last = meta.history().get(meta.history().size() - 1);
				System.out.printf(Locale.ROOT, "wrote %s: %d volumes, width %d, %d epochs in %s, final loss %.4g%n", model, meta.channels(),
						meta.width(), last.epoch(), StepReport.duration(meta.trainingSeconds()), last.loss().total());
			}
		}
		return 0;
	}
}
