package org.san2n.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.san2n.imagej.NiftiHyperstacks;
import org.san2n.progress.Progress;
import org.san2n.scijava.DenoiseCommand;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;

import ij.ImagePlus;

/**
 * Resident memory of one JVM across repeated SAN2N Denoise runs, as a Fiji session makes them: the SciJava
 * command run N times in one Context on the same open image, each result closed. Prints, after each run,
 * its time, the process's resident memory (VmRSS) and the live Java heap, then the growth from the first run
 * to the last. Native memory that a run does not give back (a tensor not closed, direct buffers waiting for
 * a collection) shows as RSS that climbs from run to run.
 *
 * <p>
 * Usage: {@code FijiRepeatedRuns DIR [RUNS] [key=value ...]} with DIR holding dwi.nii.gz, bvals, bvecs and
 * mask.nii.gz (as {@code san2n simulate} writes them); the pairs are the command's macro keys (method=san2n
 * steps=200 …). Run by bench/fiji-repeated.sh.
 */
public final class FijiRepeatedRuns {

	private FijiRepeatedRuns() {}

	public static void main(String[] args) throws Exception {
		System.setProperty("ai.djl.offline", "true");
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		Path dir = Path.of(args[0]);
		int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		Map<String, Object> inputs = new HashMap<>();
		ImagePlus image = NiftiHyperstacks.open(dir.resolve("dwi.nii.gz"), Progress.NONE, w -> {});
		inputs.put("image", image);
		inputs.put("bvals", dir.resolve("bvals").toFile());
		inputs.put("bvecs", dir.resolve("bvecs").toFile());
		if (Files.exists(dir.resolve("mask.nii.gz"))) inputs.put("mask", dir.resolve("mask.nii.gz").toString());
		for (int i = 2; i < args.length; i++) {
			String[] kv = args[i].split("=", 2);
			inputs.put(kv[0], kv[1]);
		}
		Context context = new Context(CommandService.class);
		try {
			CommandService commands = context.service(CommandService.class);
			double first = 0, last = 0;
			System.out.printf(Locale.ROOT, "%s, %d volumes; %s%n", dir.resolve("dwi.nii.gz"), image.getNFrames() * image.getNChannels(),
					inputs.keySet().stream().filter(k -> !k.equals("image")).sorted().map(k -> k + "=" + value(inputs.get(k)))
							.reduce((a, b) -> a + " " + b).orElse(""));
			System.out.printf(Locale.ROOT, "%-5s %10s %12s %14s%n", "run", "seconds", "RSS MB", "live heap MB");
			for (int run = 1; run <= runs; run++) {
				long start = System.nanoTime();
				Module m = commands.run(DenoiseCommand.class, true, inputs).get();
				if (m.getOutput("denoised") instanceof ImagePlus out) {
					out.changes = false;
					out.close();
					out.flush();
				} else {
					throw new IllegalStateException("run " + run + " gave no image: " + ((org.scijava.Cancelable) m).getCancelReason());
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				System.gc();
				double rss = residentMegabytes();
				Runtime rt = Runtime.getRuntime();
				double heap = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
				System.out.printf(Locale.ROOT, "%-5d %10.1f %12.0f %14.0f%n", run, seconds, rss, heap);
				if (run == 1) first = rss;
				last = rss;
			}
			System.out.printf(Locale.ROOT, "RSS after run %d minus after run 1: %+.0f MB%n", runs, last - first);
		} finally {
			context.dispose();
		}
		System.exit(0);
	}

	private static String value(Object v) {
		return v instanceof File f ? f.getName() : String.valueOf(v).replaceAll(".*/", "");
	}

	private static double residentMegabytes() throws java.io.IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status")))
			if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
		return Double.NaN;
	}
}
