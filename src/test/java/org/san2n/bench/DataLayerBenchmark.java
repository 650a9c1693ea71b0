package org.san2n.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.Voxels;
import org.san2n.mask.BrainMask;
import org.san2n.mask.MedianOtsu;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiReader;
import org.san2n.model.San2nModel;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;
import org.san2n.qspace.AngularPairing;
import org.san2n.qspace.GradientSchemes;
import org.san2n.qspace.GradientTable;
import org.san2n.qspace.PairingOptions;
import org.san2n.qspace.QSpacePairing;
import org.san2n.sampling.PatchBatch;
import org.san2n.sampling.PatchGrid;
import org.san2n.sampling.PatchPairSampler;
import org.san2n.train.San2nTrainer;
import org.san2n.train.TrainingConfig;
import org.san2n.train.TrainingData;

import ai.djl.Device;


/**
 * Measures the data layer on a large scan: NIfTI read time and peak heap, patch pairs per second from
 * the sampler, how that compares with what one CPU training step consumes, and the peak heap while
 * training. The steps are real SAN2N trainer steps (every loss term, Adam), stopped after K.
 *
 * <pre>
 * java -Xmx4g -cp target/san2n.jar org.san2n.bench.DataLayerBenchmark [X Y Z N] [--steps K] [--dir D]
 * </pre>
 */
public final class DataLayerBenchmark {

	private DataLayerBenchmark() {}

	public static void main(String[] args) throws Exception {
		System.setProperty("ai.djl.offline", "true");
		if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
			System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
		int[] size = { 145, 174, 145, 288 };
		int steps = 3, batchSize = 16, patch = 16, stride = 8, width = -1;
		Path dir = Path.of(System.getProperty("java.io.tmpdir"));
		for (int i = 0, k = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--steps" -> steps = Integer.parseInt(args[++i]);
				case "--dir" -> dir = Path.of(args[++i]);
				case "--width" -> width = Integer.parseInt(args[++i]);
				default -> size[k++] = Integer.parseInt(args[i]);
			}
		}
		int n = size[3];
		long voxels = (long) size[0] * size[1] * size[2] * n;
		System.out.printf(Locale.ROOT, "scan %d×%d×%d×%d float32 (%.2f GB); %d cores, max heap %.1f GB%n", size[0], size[1],
				size[2], n, voxels * 4 / 1e9, Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() / 1e9);

		Path file = Files.createTempFile(dir, "san2n-bench-", ".nii");
		try {
			long t0 = System.nanoTime();
			writeSynthetic(file, size);
			System.out.printf(Locale.ROOT, "write   %.1f s (synthetic scan, streamed)%n", seconds(t0));

			System.gc();
			resetPeaks();
			long before = heapUsed();
			t0 = System.nanoTime();
			// As DwiScanLoader does: on the heap if small beside it, else in a memory-mapped file.
			NiftiReader.Source source = NiftiReader.source(file);
			Voxels stored = Voxels.allocate(source.header().dims(), dir);
			source.readInto(stored::set, Progress.NONE);
			double readSeconds = seconds(t0);
			long peak = heapPeak();
			System.out.printf(Locale.ROOT, "read    %.1f s (%.0f MB/s) into %s; peak heap %.2f GB = %.2f × the scan (heap before %.2f GB)%n",
					readSeconds, voxels * 4 / 1e6 / readSeconds, stored.onHeap() ? "the heap" : "a memory-mapped file",
					peak / 1e9, (peak - before) / (voxels * 4.0), before / 1e9);

			DwiScan scan = new DwiScan(stored, scheme(n), source.header().geometry());
			t0 = System.nanoTime();
			BrainMask mask = MedianOtsu.compute(scan, new int[] { 0 }, 2, 1, Progress.NONE);
			QSpacePairing pairing = AngularPairing.pair(scan.gradients(), PairingOptions.DEFAULTS);
			PatchGrid grid = PatchGrid.over(mask, patch, stride);
			System.out.printf(Locale.ROOT, "setup   %.1f s: mask (median radius 2, 1 pass) %d voxels, %d patch positions, %d self-paired%n",
					seconds(t0), mask.count(), grid.positions(), pairing.selfPaired().length);

			PatchPairSampler sampler = new PatchPairSampler(scan, pairing, grid);
			int batches = Math.min(sampler.batchesPerEpoch(batchSize), 40);
			Iterator<PatchBatch> epoch = sampler.epoch(1, 1, batchSize);
			epoch.next(); // warm-up
			t0 = System.nanoTime();
			for (int b = 1; b < batches; b++)
				epoch.next();
			double pairsPerSecond = (batches - 1) * batchSize / seconds(t0);
			System.out.printf(Locale.ROOT, "sampler %.0f patch pairs/s (%d×%d³ each, batch %d)%n", pairsPerSecond, n, patch,
					batchSize);

			System.gc();
			resetPeaks();
			double stepSeconds = trainingSteps(scan, mask, pairing, width, steps, batchSize);
			long trainingPeak = heapPeak();
			double consumed = batchSize / stepSeconds;
			System.out.printf(Locale.ROOT, "step    %.2f s per CPU training step (SAN2N trainer, SNet width %d, batch %d) = %.1f patch pairs/s consumed%n",
					stepSeconds, width < 0 ? n : width, batchSize, consumed);
			System.out.printf(Locale.ROOT, "ratio   sampler / training = %.0f× (target ≥ 20×)%n", pairsPerSecond / consumed);
			System.out.printf(Locale.ROOT, "heap    peak %.2f GB while training (scan %.2f GB, %s)%n", trainingPeak / 1e9,
					voxels * 4 / 1e9, stored.onHeap() ? "on the heap" : "memory-mapped, off the heap");
		} finally {
			Files.deleteIfExists(file);
		}
	}

	/** 18 b0s and three shells sharing the remaining volumes, as an HCP-like scheme. */
	private static GradientTable scheme(int n) {
		Random random = new Random(1);
		int b0s = Math.max(1, n / 16);
		int per = (n - b0s + 2) / 3;
		double[] b = new double[n];
		double[][] g = new double[n][];
		int v = 0;
		for (int i = 0; i < b0s; i++)
			g[v++] = new double[3];
		for (double shell : new double[] { 1000, 2000, 3000 }) {
			double[][] dirs = GradientSchemes.halfSphere(per, random);
			for (int i = 0; i < per && v < n; i++) {
				b[v] = shell;
				g[v++] = dirs[i];
			}
		}
		return new GradientTable(b, g);
	}

	/** A brain-sized blob with noise, streamed to disk a volume at a time. */
	private static void writeSynthetic(Path file, int[] size) throws IOException {
		long[] dims = { size[0], size[1], size[2], size[3] };
		double[][] affine = { { 1.25, 0, 0, -90 }, { 0, 1.25, 0, -126 }, { 0, 0, 1.25, -72 }, { 0, 0, 0, 1 } };
		NiftiHeader header = NiftiHeader.forAffine(dims, affine, new double[] { 1 });
		int plane = size[0] * size[1];
		ByteBuffer buf = ByteBuffer.allocate(plane * 4).order(ByteOrder.LITTLE_ENDIAN);
		SplittableRandom random = new SplittableRandom(7);
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			out.write(org.san2n.nifti.NiftiHeaders.encode(header));
			for (int v = 0; v < size[3]; v++)
				for (int z = 0; z < size[2]; z++) {
					buf.clear();
					for (int y = 0; y < size[1]; y++)
						for (int x = 0; x < size[0]; x++) {
							double u = 2.0 * x / size[0] - 1, w = 2.0 * y / size[1] - 1, s = 2.0 * z / size[2] - 1;
							double inside = u * u + w * w + s * s < 0.7 ? 1000 : 0;
							buf.putFloat((float) Math.abs(inside + 50 * (random.nextDouble() - 0.5)));
						}
					out.write(buf.array(), 0, plane * 4);
				}
		}
	}

	/** The fastest of {@code steps} real SAN2N training steps (after one warm-up step), then stops the trainer. */
	private static double trainingSteps(DwiScan scan, BrainMask mask, QSpacePairing pairing, int width, int steps, int batchSize) {
		double[] sigma = new double[scan.volumes()];
		java.util.Arrays.fill(sigma, 15);
		TrainingData data = new TrainingData(scan, mask, pairing, sigma);
		TrainingConfig config = TrainingConfig.DEFAULTS.withEpochs(1).withBatchSize(batchSize).withHiddenWidth(Math.max(0, width));
		long[] last = { System.nanoTime() };
		double[] best = { Double.POSITIVE_INFINITY };
		int[] done = { 0 };
		Progress stopAfter = new Progress() {
			@Override
			public void update(String stage, long d, long total) {}

			@Override
			public boolean isCancelled() {
				return done[0] > steps;
			}
		};
		try (San2nModel model = new San2nTrainer(config, Device.cpu(), stopAfter, r -> {
			long now = System.nanoTime();
			if (done[0]++ > 0) best[0] = Math.min(best[0], (now - last[0]) / 1e9); // step 0 warms up
			last[0] = now;
		}).train(data)) {
			// an epoch shorter than the steps asked for ends here
		} catch (CancelledException e) {
			// stopped after the steps we time
		}
		return best[0];
	}

	private static void resetPeaks() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
	}

	private static long heapPeak() {
		long sum = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
		return sum;
	}

	private static long heapUsed() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static double seconds(long t0) {
		return (System.nanoTime() - t0) / 1e9;
	}
}
