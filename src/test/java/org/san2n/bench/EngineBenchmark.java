package org.san2n.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.TiledDenoiser;
import org.san2n.model.San2nModel;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.progress.Progress;
import org.san2n.qspace.AngularPairing;
import org.san2n.qspace.PairingOptions;
import org.san2n.train.San2nTrainer;
import org.san2n.train.TrainingConfig;
import org.san2n.train.TrainingData;

import ai.djl.Device;

/**
 * Engine throughput on this machine: training patch pairs per second (full SAN2N steps) and inference
 * voxels×volumes per second, on a phantom of the given size. Prints one line per number and, with
 * {@code --json}, one JSON object last (read by bench/engine-vs-pytorch.sh).
 *
 * <p>
 * Usage: {@code EngineBenchmark [X Y Z] [--directions D] [--steps S] [--width E] [--json]}
 */
public final class EngineBenchmark {

	private EngineBenchmark() {}

	public static void main(String[] args) throws java.io.IOException {
		System.setProperty("ai.djl.offline", "true");
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
		int[] size = { 64, 64, 32 };
		int directions = 30, steps = 30, width = 0;
		boolean json = false;
		List<String> rest = new ArrayList<>(Arrays.asList(args));
		for (int i = 0; i < rest.size(); i++) {
			switch (rest.get(i)) {
			case "--directions" -> directions = Integer.parseInt(rest.get(++i));
			case "--steps" -> steps = Integer.parseInt(rest.get(++i));
			case "--width" -> width = Integer.parseInt(rest.get(++i));
			case "--json" -> json = true;
			default -> {
				size = new int[] { Integer.parseInt(rest.get(i)), Integer.parseInt(rest.get(i + 1)), Integer.parseInt(rest.get(i + 2)) };
				i += 2;
			}
			}
		}
		PhantomSpec spec = new PhantomSpec(size, new double[] { 1000, 2000 }, directions, 3, 15, 1);
		BrainPhantom.Phantom p = BrainPhantom.simulate(spec);
		int n = spec.volumes();
		double[] sigma = new double[n];
		Arrays.fill(sigma, p.sigma());
		TrainingData data = new TrainingData(p.noisy(), p.mask(), AngularPairing.pair(p.noisy().gradients(), PairingOptions.DEFAULTS),
				sigma);

		// Enough epochs for `steps` steps; the first 3 steps warm up and are not timed.
		TrainingConfig config = TrainingConfig.DEFAULTS.withHiddenWidth(width).withBatchSize(org.san2n.train.Objective.PUBLISHED_BATCH);
		int perEpoch = org.san2n.sampling.PatchGrid.over(p.mask(), config.patchSize(), config.stride()).positions() / config.batchSize();
		config = config.withEpochs(Math.max(1, (steps + 3 + perEpoch - 1) / perEpoch));
		long[] times = new long[(int) ((long) perEpoch * config.epochs()) + 1];
		int[] count = { 0 };
		San2nTrainer trainer = new San2nTrainer(config, Device.cpu(), Progress.NONE, r -> times[count[0]++] = System.nanoTime());
		double pairsPerSecond, voxelsPerSecond;
		try (San2nModel model = trainer.train(data)) {
			int timed = count[0] - 3;
			pairsPerSecond = timed * (double) config.batchSize() / ((times[count[0] - 1] - times[2]) / 1e9);
			TiledDenoiser.denoise(model, p.noisy(), null, model.metadata().scale(), DenoiseOptions.DEFAULTS, Progress.NONE); // warm
			int repeats = 3;
			long t0 = System.nanoTime();
			for (int i = 0; i < repeats; i++)
				TiledDenoiser.denoise(model, p.noisy(), null, model.metadata().scale(), DenoiseOptions.DEFAULTS, Progress.NONE);
			double seconds = (System.nanoTime() - t0) / 1e9 / repeats;
			voxelsPerSecond = p.noisy().volumeSize() * (double) n / seconds;
		}
		System.out.printf(Locale.ROOT, "scan     %d×%d×%d×%d, SNet width %d, batch %d of %d³ patches, %d threads%n", size[0], size[1],
				size[2], n, config.width(n, org.san2n.train.Objective.SPATIO_ANGULAR_PAIRS), config.batchSize(), config.patchSize(), Runtime.getRuntime().availableProcessors());
		System.out.printf(Locale.ROOT, "train    %.1f patch pairs/s (full SAN2N steps, %d timed)%n", pairsPerSecond, count[0] - 3);
		System.out.printf(Locale.ROOT, "denoise  %.3g voxels×volumes/s (whole scan, tiled)%n", voxelsPerSecond);
		if (json)
			System.out.printf(Locale.ROOT, "{\"x\": %d, \"y\": %d, \"z\": %d, \"volumes\": %d, \"train_pairs_per_s\": %.4f, "
					+ "\"denoise_voxel_volumes_per_s\": %.1f}%n", size[0], size[1], size[2], n, pairsPerSecond, voxelsPerSecond);
	}
}
