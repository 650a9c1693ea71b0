package org.san2n.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.san2n.dwi.DwiScan;
import org.san2n.model.ComputeDevice;
import org.san2n.model.EpochRecord;
import org.san2n.model.ModelFile;
import org.san2n.model.San2nModel;
import org.san2n.train.San2nTrainer;
import org.san2n.train.TrainingData;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
		description = "Train SAN2N on a noisy scan and save the network as a .san2n model file.")
final class TrainCommand implements Callable<Integer> {

	@Mixin
	ScanOptions scan;

	@Mixin
	TrainingOptions training;

	@Option(names = "--model", required = true, paramLabel = "FILE", description = "model file to write (.san2n)")
	Path model;

	@Override
	public Integer call() throws Exception {
		training.check();
		org.san2n.io.DistinctPaths.require(Map.of("--model", model), scan.inputs(training.mask == null ? Map.of() : Map.of("--mask", training.mask)));
		org.san2n.io.OutputFiles.checkWritable("--model", model);
		try (TerminalProgress progress = new TerminalProgress(System.err)) {
			DwiScan dwi = scan.load(progress);
			TrainingData data = training.data(dwi, progress);
			San2nTrainer trainer = new San2nTrainer(training.config(), ComputeDevice.select(training.device), progress,
					training.epochLines(progress::log));
			try (San2nModel trained = trainer.train(data)) {
				ModelFile.write(trained, model);
				EpochRecord last = trained.metadata().history().get(trained.metadata().history().size() - 1);
				System.out.printf(Locale.ROOT, "wrote %s: %d volumes, width %d, %d epochs in %s, final loss %.4g%n", model,
						trained.metadata().channels(), trained.metadata().width(), last.epoch(),
						TrainingOptions.duration(trained.metadata().trainingSeconds()), last.loss().total());
			}
		}
		return 0;
	}
}
