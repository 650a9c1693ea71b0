package org.san2n.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.study.SlurmArray;
import org.san2n.study.StudyRequest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slurm BIDS_DIR OUTPUT_DIR}: the BIDS App's participant level as a SLURM job array (one task per subject)
 * and its group level as a job after it. The plan and the scripts are {@link SlurmArray}'s; this class reads the
 * command line, prints the plan and, with {@code --submit}, runs {@code sbatch}.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Write (and with --submit, submit) a SLURM job array that runs the BIDS App's participant level, one task per subject, "
				+ "and a group-level job after it.",
				"Time and memory come from the scans' headers: the reference CPU's estimate (twice, and 5 minutes) and the memory bound "
						+ "(MP-PCA: 1 GiB + 3 × the scan as float32; san2n: 1 GiB + 8 × the scan + 0.5 GiB for PyTorch). Scripts in OUTPUT_DIR/code/slurm/, logs in OUTPUT_DIR/logs/slurm/.",
				"Every denoise setting applies to every scan, as for bids.",
				"--protocol-models (with --method san2n): one training job per protocol whose model is missing (bids … protocol), and the "
						+ "array after all of them (--dependency=afterok)." })
final class SlurmCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Mixin
	StudyOptions study;

	@Option(names = "--overwrite", description = "redo scans whose outputs are complete (default: their subjects are left out of the array)")
	boolean overwrite;

	@Option(names = { "--protocol-models", "--protocol_models" }, description = "with --method san2n: one model per protocol, trained by a job "
			+ "of its own that the array depends on (afterok), applied to the protocol's scans (see bids --protocol-models)")
	boolean protocolModels;

	@Option(names = "--submit", description = "submit the jobs with sbatch and print their ids (default: write the scripts and print the sbatch commands)")
	boolean submit;

	@Option(names = "--partition", paramLabel = "P", description = "SLURM partition (default: the cluster's)")
	String partition = "";

	@Option(names = "--account", paramLabel = "A", description = "SLURM account (default: the user's)")
	String account = "";

	@Option(names = "--max-array-size", paramLabel = "N", description = "the cluster's MaxArraySize: more subjects are split into several "
			+ "arrays (default: with --submit, scontrol show config's; else SLURM's default, 1001)")
	int maxArraySize;

	@Option(names = "--sbatch", paramLabel = "COMMAND", description = "the sbatch program (default: sbatch on the PATH)")
	String sbatch = "sbatch";

	@Override
	public Integer call() throws Exception {
		StudyRequest request = new StudyRequest(study.bidsDir, study.outputDir, study.participants, study.sessions, overwrite,
				Settings.values(Setting.Job.DENOISE, DeclaredOptions.given(spec, StudyRequest.SETTINGS)), protocolModels);
		// The cluster's options are checked first: nothing is written for a command line that is refused.
		SlurmArray.Cluster cluster = new SlurmArray.Cluster(san2nCommand(),
				SlurmArray.carriedJvmOptions(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()), partition, account,
				maxArraySize > 0 ? maxArraySize : submit ? clusterMaxArraySize() : SlurmArray.DEFAULT_MAX_ARRAY_SIZE);
		SlurmArray.Plan plan = SlurmArray.plan(request);
		int scans = plan.tasks().stream().mapToInt(t -> t.scans().size()).sum();
		for (String note : plan.notes())
			System.out.println("  note: " + note);
		if (plan.tasks().isEmpty()) {
			System.out.printf(Locale.ROOT, "san2n slurm: all %d chosen scans are complete in %s: nothing to submit (--overwrite redoes them; "
					+ "san2n bids … group tabulates them)%n", plan.complete(), plan.outputDir());
			return 0;
		}
		SlurmArray.Scripts scripts = SlurmArray.write(plan, cluster);
		List<Path> arrays = scripts.participants();
		double longest = plan.tasks().stream().mapToDouble(SlurmArray.Task::seconds).max().orElse(0);
		System.out.printf(Locale.ROOT, "san2n slurm: %d subject%s, %d scan%s to denoise (%d complete, left out): %s, each "
				+ "--cpus-per-task=%d --mem=%dM --time=%d:%02d:00 (longest task %.0f s on the reference CPU)%n", plan.tasks().size(),
				plan.tasks().size() == 1 ? "" : "s", scans, scans == 1 ? "" : "s", plan.complete(),
				arrays.size() == 1 ? "an array of " + plan.tasks().size() + " task" + (plan.tasks().size() == 1 ? "" : "s")
						: arrays.size() + " arrays of at most " + cluster.maxArraySize() + " tasks (this cluster's MaxArraySize) for "
								+ plan.tasks().size() + " tasks",
				SlurmArray.CPUS, cluster.memoryMiB(plan.memoryMiB(), request.denoise().method().trains()),
				plan.timeMinutes() / 60, plan.timeMinutes() % 60, longest);
		for (SlurmArray.Training t : plan.trainings())
			System.out.printf(Locale.ROOT, "  protocol %s (%d scans): its model is trained by a job of its own on %s, --mem=%dM --time=%d:%02d:00%n",
					t.protocol().name(), t.protocol().scans().size(), t.protocol().scans().get(0).relative(), cluster.memoryMiB(t.memoryMiB(), true),
					t.timeMinutes() / 60,
					t.timeMinutes() % 60);
		System.out.println("  wrote " + String.join(", ", java.util.stream.Stream.concat(scripts.protocols().stream(), arrays.stream())
				.map(Path::toString).toList()) + " and " + scripts.group() + "; logs go to " + scripts.logs());
		if (!submit) {
			System.out.println("  submit with:");
			StringBuilder line = new StringBuilder("    ");
			List<String> ids = new ArrayList<>(), arrayIds = new ArrayList<>();
			for (int i = 0; i < scripts.protocols().size(); i++) {
				line.append("t").append(i).append("=$(").append(sbatch).append(" --parsable ").append(scripts.protocols().get(i)).append(") && ");
				ids.add("${t" + i + "%%;*}");
			}
			for (int a = 0; a < arrays.size(); a++) {
				String var = arrays.size() == 1 ? "jid" : "a" + (a + 1);
				line.append(var).append("=$(").append(sbatch).append(" --parsable ").append(ids.isEmpty() ? ""
						: "--dependency=afterok:" + String.join(":", ids) + " --kill-on-invalid-dep=yes ").append(arrays.get(a)).append(") && ");
				arrayIds.add("${" + var + "%%;*}");
			}
			line.append(sbatch).append(" --dependency=afterany:").append(String.join(":", arrayIds)).append(' ').append(scripts.group());
			System.out.println(line);
			System.out.println("  (or run san2n slurm again with --submit)");
			return 0;
		}
		List<String> done = new ArrayList<>(); // what is in the queue, in order ("participant array 41")
		List<String> trainings = new ArrayList<>(), arrayIds = new ArrayList<>();
		List<String> dependency = new ArrayList<>();
		try {
			for (int i = 0; i < scripts.protocols().size(); i++) {
				String id = submit(List.of(sbatch, "--parsable", scripts.protocols().get(i).toString()), SBATCH_TIMEOUT);
				trainings.add(id);
				done.add("protocol training job " + id + " (" + plan.trainings().get(i).protocol().name() + ")");
			}
			// afterok: a task needs its protocol's model. When a training job fails, the array is cancelled rather than left pending
			// for ever (--kill-on-invalid-dep), so the group job (afterany) still runs and reports the scans.
			if (!trainings.isEmpty()) dependency = List.of("--dependency=afterok:" + String.join(":", trainings), "--kill-on-invalid-dep=yes");
			for (Path array : arrays) {
				List<String> command = new ArrayList<>(List.of(sbatch, "--parsable"));
				command.addAll(dependency);
				command.add(array.toString());
				String id = submit(command, SBATCH_TIMEOUT);
				arrayIds.add(id);
				done.add("participant array " + id);
			}
			// afterany, not afterok: the group table is where failed scans are reported, so it runs when a task failed too.
			String group = submit(List.of(sbatch, "--parsable", "--dependency=afterany:" + String.join(":", arrayIds), scripts.group().toString()),
					SBATCH_TIMEOUT);
			if (!trainings.isEmpty()) System.out.println("submitted: protocol training job" + (trainings.size() == 1 ? " " : "s ")
					+ String.join(", ", trainings) + " (" + String.join(", ", plan.trainings().stream().map(t -> t.protocol().name()).toList()) + ")");
			if (arrays.size() == 1) System.out.println("submitted: participant array " + arrayIds.get(0) + " (" + plan.tasks().size() + " task"
					+ (plan.tasks().size() == 1 ? "" : "s") + ")" + (trainings.isEmpty() ? "" : " after the training jobs") + ", group job " + group
					+ " (after the array)");
			else System.out.println("submitted: participant arrays " + String.join(", ", arrayIds) + " (" + String.join(" + ",
					SlurmArray.arrays(plan, cluster.maxArraySize()).stream().map(a -> String.valueOf(a.size())).toList()) + " tasks)"
					+ (trainings.isEmpty() ? "" : " after the training jobs") + ", group job " + group + " (after the arrays)");
			return 0;
		} catch (IOException e) {
			if (done.isEmpty()) throw e;
			// Some jobs are in the queue: say which, and what is left to submit by hand (or scancel them and run this again).
			List<String> left = new ArrayList<>();
			for (int i = trainings.size(); i < scripts.protocols().size(); i++)
				left.add(sbatch + " --parsable " + scripts.protocols().get(i));
			String after = trainings.size() < scripts.protocols().size() ? "--dependency=afterok:<the training jobs' ids> --kill-on-invalid-dep=yes "
					: dependency.isEmpty() ? "" : String.join(" ", dependency) + " ";
			for (int a = arrayIds.size(); a < arrays.size(); a++)
				left.add(sbatch + " --parsable " + after + arrays.get(a));
			left.add(sbatch + " --dependency=afterany:" + (arrayIds.size() == arrays.size() ? String.join(":", arrayIds) : "<the arrays' ids>") + " "
					+ scripts.group());
			throw new IOException(e.getMessage() + "\n  submitted so far: " + String.join(", ", done) + "\n  still to submit:\n    "
					+ String.join("\n    ", left) + "\n  (or scancel " + String.join(" ", done.stream().map(d -> d.replaceAll("\\D*(\\d+).*", "$1"))
							.toList()) + " and run san2n slurm … --submit again)", e);
		}
	}

	/**
	 * This cluster's MaxArraySize, from {@code scontrol show config} (the scontrol beside --sbatch, or on the PATH); SLURM's
	 * default ({@value SlurmArray#DEFAULT_MAX_ARRAY_SIZE}) when it cannot be read, said on standard error.
	 */
	private int clusterMaxArraySize() throws InterruptedException {
		Path given = Path.of(sbatch);
		String scontrol = given.getParent() == null ? "scontrol" : given.resolveSibling("scontrol").toString();
		try {
			java.util.OptionalInt n = SlurmArray.maxArraySize(run(List.of(scontrol, "show", "config"), java.time.Duration.ofSeconds(30)));
			if (n.isPresent()) return n.getAsInt();
			System.err.println("san2n slurm: " + scontrol + " show config has no MaxArraySize; taking SLURM's default, "
					+ SlurmArray.DEFAULT_MAX_ARRAY_SIZE);
		} catch (IOException e) {
			System.err.println("san2n slurm: cannot read MaxArraySize (" + e.getMessage() + "); taking SLURM's default, "
					+ SlurmArray.DEFAULT_MAX_ARRAY_SIZE + " (--max-array-size N says it)");
		}
		return SlurmArray.DEFAULT_MAX_ARRAY_SIZE;
	}

	/** How long one sbatch may take before it is given up (a sbatch that hangs on an unreachable controller). */
	static final java.time.Duration SBATCH_TIMEOUT = java.time.Duration.ofMinutes(5);

	/** The command that starts this san2n: {@code java -jar THE_JAR}, or from its classes when it does not run from a jar. */
	static List<String> san2nCommand() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		try {
			Path here = Path.of(SlurmCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			if (Files.isRegularFile(here)) return List.of(java, "-jar", here.toAbsolutePath().toString());
		} catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
			// fall through to the class path
		}
		return List.of(java, "-cp", System.getProperty("java.class.path"), San2nCli.class.getName());
	}

	/**
	 * Runs sbatch and returns the job id it prints ({@code --parsable}: {@code ID[;CLUSTER]}). Its output goes to a
	 * temporary file, so that waiting for it ends at {@code timeout} (reading a pipe to its end would wait for ever on
	 * a sbatch that hangs).
	 */
	static String submit(List<String> command, java.time.Duration timeout) throws IOException, InterruptedException {
		String output = run(command, timeout);
		String id = output.isEmpty() ? "" : output.lines().reduce((a, b) -> b).orElse("").split(";")[0].trim();
		if (!id.matches("\\d+")) throw new IOException(String.join(" ", command) + " printed no job id: " + output);
		return id;
	}

	/** Runs a SLURM command and returns what it printed; an exit status other than 0 or no end within {@code timeout} is an IOException. */
	static String run(List<String> command, java.time.Duration timeout) throws IOException, InterruptedException {
		Path log = Files.createTempFile("san2n-sbatch", ".out");
		try {
			Process p;
			try {
				p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			} catch (IOException e) {
				throw new IOException("cannot run " + command.get(0) + " (" + e.getMessage() + "): is this a SLURM login node? The scripts are written; "
						+ "submit them where sbatch runs", e);
			}
			if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly();
				throw new IOException(String.join(" ", command) + " did not end within " + timeout.toSeconds() + " s"
						+ (timeout.toSeconds() % 60 == 0 ? " (" + timeout.toMinutes() + " minutes)" : "") + "; is the SLURM controller reachable (squeue)?");
			}
			String output = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).trim();
			if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + output);
			return output;
		} finally {
			Files.deleteIfExists(log);
		}
	}
}
