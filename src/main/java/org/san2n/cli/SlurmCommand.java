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
						+ "(1 GiB + 3 × the scan as float32; + 0.5 GiB for san2n). Scripts in OUTPUT_DIR/code/slurm/, logs in OUTPUT_DIR/logs/slurm/.",
				"Every denoise setting applies to every scan, as for bids." })
final class SlurmCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "BIDS_DIR", description = "the BIDS dataset (read only)")
	Path bidsDir;

	@Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "the derivatives folder (created; e.g. BIDS_DIR/derivatives/san2n)")
	Path outputDir;

	@Option(names = { "--participant-label", "--participant_label" }, arity = "1..*", paramLabel = "LABEL",
			description = "subjects to run (01 or sub-01); default: all")
	List<String> participants = new ArrayList<>();

	@Option(names = { "--session-label", "--session_label" }, arity = "1..*", paramLabel = "LABEL",
			description = "sessions to run (1 or ses-1); default: all")
	List<String> sessions = new ArrayList<>();

	@Option(names = "--overwrite", description = "redo scans whose outputs are complete (default: their subjects are left out of the array)")
	boolean overwrite;

	@Option(names = "--submit", description = "submit the jobs with sbatch and print their ids (default: write the scripts and print the sbatch commands)")
	boolean submit;

	@Option(names = "--partition", paramLabel = "P", description = "SLURM partition (default: the cluster's)")
	String partition = "";

	@Option(names = "--account", paramLabel = "A", description = "SLURM account (default: the user's)")
	String account = "";

	@Option(names = "--sbatch", paramLabel = "COMMAND", description = "the sbatch program (default: sbatch on the PATH)")
	String sbatch = "sbatch";

	@Override
	public Integer call() throws Exception {
		StudyRequest request = new StudyRequest(bidsDir, outputDir, participants, sessions, overwrite,
				Settings.values(Setting.Job.DENOISE, DeclaredOptions.given(spec, StudyRequest.SETTINGS)));
		// The cluster's options are checked first: nothing is written for a command line that is refused.
		SlurmArray.Cluster cluster = new SlurmArray.Cluster(san2nCommand(), partition, account);
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
		double longest = plan.tasks().stream().mapToDouble(SlurmArray.Task::seconds).max().orElse(0);
		System.out.printf(Locale.ROOT, "san2n slurm: %d subject%s, %d scan%s to denoise (%d complete, left out): an array of %d task%s, each "
				+ "--cpus-per-task=%d --mem=%dM --time=%d:%02d:00 (longest task %.0f s on the reference CPU)%n", plan.tasks().size(),
				plan.tasks().size() == 1 ? "" : "s", scans, scans == 1 ? "" : "s", plan.complete(), plan.tasks().size(),
				plan.tasks().size() == 1 ? "" : "s", SlurmArray.CPUS, plan.memoryMiB(), plan.timeMinutes() / 60, plan.timeMinutes() % 60, longest);
		System.out.println("  wrote " + scripts.participant() + " and " + scripts.group() + "; logs go to " + scripts.logs());
		if (!submit) {
			System.out.println("  submit with:");
			System.out.println("    jid=$(" + sbatch + " --parsable " + scripts.participant() + ") && " + sbatch + " --dependency=afterany:${jid%%;*} "
					+ scripts.group());
			System.out.println("  (or run san2n slurm again with --submit)");
			return 0;
		}
		String array = submit(List.of(sbatch, "--parsable", scripts.participant().toString()));
		// afterany, not afterok: the group table is where failed scans are reported, so it runs when a task failed too.
		String group = submit(List.of(sbatch, "--parsable", "--dependency=afterany:" + array, scripts.group().toString()));
		System.out.println("submitted: participant array " + array + " (" + plan.tasks().size() + " task" + (plan.tasks().size() == 1 ? "" : "s")
				+ "), group job " + group + " (after the array)");
		return 0;
	}

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

	/** Runs sbatch and returns the job id it prints ({@code --parsable}: {@code ID[;CLUSTER]}). */
	private static String submit(List<String> command) throws IOException, InterruptedException {
		Process p;
		try {
			p = new ProcessBuilder(command).redirectErrorStream(true).start();
		} catch (IOException e) {
			throw new IOException("cannot run " + command.get(0) + " (" + e.getMessage() + "): is this a SLURM login node? The scripts are written; "
					+ "submit them where sbatch runs", e);
		}
		String output;
		try (var in = p.getInputStream()) {
			output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
		}
		if (!p.waitFor(5, TimeUnit.MINUTES)) {
			p.destroy();
			throw new IOException(String.join(" ", command) + " did not end within 5 minutes");
		}
		String id = output.isEmpty() ? "" : output.lines().reduce((a, b) -> b).orElse("").split(";")[0].trim();
		if (p.exitValue() != 0 || !id.matches("\\d+"))
			throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + output);
		return id;
	}
}
