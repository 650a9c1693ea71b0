package org.san2n.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.san2n.io.AtomicFiles;
import org.san2n.io.OutputFiles;
import org.san2n.job.DenoiseFiles;
import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.progress.RunRecord;

/**
 * The participant level of a study as a SLURM job array: one task per subject, each running the BIDS App's
 * participant level for that subject ({@code san2n bids … participant --participant-label X}, the same code as
 * on one machine), and a group-level job after the array. The array's time limit and memory come from the
 * scans' headers ({@link ScanCost}): the subject with the most work sets them (an array has one limit for all
 * its tasks). With protocol models ({@link ProtocolModels}), one training job per protocol whose model is missing
 * ({@code san2n bids … protocol --protocol-label NAME}) comes first, and the array depends on all of them
 * ({@code --dependency=afterok}). Immutable plans; the scripts are written by {@link #write}.
 */
public final class SlurmArray {

	private SlurmArray() {}

	/**
	 * How the jobs run on the cluster.
	 *
	 * @param san2n      the command that starts san2n, java first (e.g. {@code /usr/bin/java -jar /opt/san2n.jar}), one
	 *                   word per element; each job's JVM options go after java
	 * @param jvmOptions JVM options carried into every job ({@code -Xmx…} and {@code -XX:…} only: those the user ran
	 *                   {@code san2n slurm} with, {@link #carriedJvmOptions}); a heap given here ({@code -Xmx},
	 *                   {@code -XX:MaxHeapSize}) is kept and the job's memory raised to hold it
	 * @param partition  the partition ({@code --partition}), or empty for the cluster's default
	 * @param account    the account ({@code --account}), or empty for the user's default
	 * @param maxArraySize the cluster's MaxArraySize ({@code scontrol show config}; SLURM's default
	 *                     {@value #DEFAULT_MAX_ARRAY_SIZE}): an array's indices are 0 to MaxArraySize − 1, so a study with
	 *                     more subjects is split into several arrays of at most this many tasks
	 */
	public record Cluster(List<String> san2n, List<String> jvmOptions, String partition, String account, int maxArraySize) {

		/** Without JVM options: each job's heap from its memory alone; SLURM's default MaxArraySize. */
		public Cluster(List<String> san2n, String partition, String account) {
			this(san2n, List.of(), partition, account, DEFAULT_MAX_ARRAY_SIZE);
		}

		/** SLURM's default MaxArraySize. */
		public Cluster(List<String> san2n, List<String> jvmOptions, String partition, String account) {
			this(san2n, jvmOptions, partition, account, DEFAULT_MAX_ARRAY_SIZE);
		}

		public Cluster {
			if (maxArraySize < 1)
				throw new IllegalArgumentException("this cluster's MaxArraySize is " + maxArraySize + ": it runs no job arrays; run the subjects "
						+ "as jobs of their own (san2n bids BIDS_DIR OUTPUT_DIR participant --participant-label X in a job script each)");
			san2n = List.copyOf(san2n);
			jvmOptions = List.copyOf(jvmOptions);
			if (san2n.isEmpty()) throw new IllegalArgumentException("say how san2n is started (e.g. java -jar san2n.jar)");
			String first = Path.of(san2n.get(0)).getFileName().toString();
			if (!first.equals("java") && !first.equals("java.exe"))
				throw new IllegalArgumentException("the command that starts san2n begins with java (its heap is set per job), got " + san2n.get(0));
			for (String o : jvmOptions)
				if (!o.startsWith("-Xmx") && !o.startsWith("-XX:"))
					throw new IllegalArgumentException("JVM option '" + o + "': only -Xmx and -XX: options are carried into the jobs");
			heapMiB(jvmOptions); // a heap size that cannot be read is refused now
			partition = name("--partition", partition);
			account = name("--account", account);
		}

		private static String name(String option, String value) {
			String v = value == null ? "" : value.trim();
			if (!v.isEmpty() && !v.matches("[A-Za-z0-9_.,-]+"))
				throw new IllegalArgumentException(option + " '" + value + "': SLURM names are letters, digits and _ . - (a list with ,)");
			return v;
		}

		/**
		 * The memory a job asks for, in MiB: its bound, or more when the heap given in {@link #jvmOptions} and the
		 * native part ({@link #nativeMiB}) need more.
		 */
		public long memoryMiB(long boundMiB, boolean network) {
			long heap = heapMiB(jvmOptions);
			return heap > 0 ? Math.max(boundMiB, heap + nativeMiB(network)) : boundMiB;
		}

		/**
		 * The command a job of {@code memoryMiB} runs: java, the carried options, {@code -Xmx} (its memory less the
		 * native part, unless the options give a heap), then the rest of {@link #san2n}. An explicit {@code -Xmx},
		 * not {@code -XX:MaxRAMPercentage}: a cluster without cgroups shows the JVM the whole node's memory, of which
		 * a percentage could be far more than {@code --mem}.
		 */
		public List<String> command(long memoryMiB, boolean network) {
			List<String> c = new ArrayList<>();
			c.add(san2n.get(0));
			c.addAll(jvmOptions);
			if (heapMiB(jvmOptions) == 0) c.add("-Xmx" + heapFor(memoryMiB, network) + "m");
			c.addAll(san2n.subList(1, san2n.size()));
			return c;
		}
	}

	/** SLURM's default MaxArraySize: array indices 0 to 1000. */
	public static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

	/** The MaxArraySize of {@code scontrol show config}'s output ({@code MaxArraySize = 1001}), or empty when it has none. */
	public static java.util.OptionalInt maxArraySize(String config) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*MaxArraySize\\s*=\\s*(\\d+)\\s*$").matcher(config);
		return m.find() ? java.util.OptionalInt.of(Integer.parseInt(m.group(1))) : java.util.OptionalInt.empty();
	}

	/** Memory of a JVM outside its heap, MiB: metaspace, code cache, GC structures, thread stacks, direct buffers. */
	public static final long JVM_NATIVE_MIB = 512;
	/** PyTorch's memory outside the JVM's heap, MiB (its library, the network, a batch, the inference tiles). */
	public static final long PYTORCH_MIB = ScanCost.PYTORCH_BYTES >> 20;

	/** Memory a job needs beside its Java heap, MiB: the JVM's own, and PyTorch's for a network. */
	public static long nativeMiB(boolean network) {
		return JVM_NATIVE_MIB + (network ? PYTORCH_MIB : 0);
	}

	/** The Java heap of a job of {@code memoryMiB}: its memory less the native part (at least 256 MiB). */
	public static long heapFor(long memoryMiB, boolean network) {
		return Math.max(256, memoryMiB - nativeMiB(network));
	}

	/**
	 * The JVM options of {@code inputArguments} (e.g. {@code ManagementFactory.getRuntimeMXBean().getInputArguments()})
	 * that a job carries: {@code -Xmx…} and {@code -XX:…}; the others (system properties, agents, class paths) stay here.
	 */
	public static List<String> carriedJvmOptions(List<String> inputArguments) {
		return inputArguments.stream().filter(a -> a.startsWith("-Xmx") || a.startsWith("-XX:")).toList();
	}

	/** The heap the options give ({@code -Xmx} or {@code -XX:MaxHeapSize}, the last one wins as in java), MiB; 0 when none. */
	static long heapMiB(List<String> options) {
		long heap = 0;
		for (String o : options) {
			String size = o.startsWith("-Xmx") ? o.substring(4) : o.startsWith("-XX:MaxHeapSize=") ? o.substring(16) : null;
			if (size == null) continue;
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([kKmMgGtT]?)").matcher(size);
			if (!m.matches()) throw new IllegalArgumentException("JVM option '" + o + "': a heap size is digits with k, m, g or t");
			long n = Long.parseLong(m.group(1));
			heap = switch (m.group(2).toLowerCase(Locale.ROOT)) {
				case "k" -> n >> 10;
				case "m" -> n;
				case "g" -> n << 10;
				case "t" -> n << 20;
				default -> n >> 20;
			};
			heap = Math.max(heap, 1);
		}
		return heap;
	}

	/**
	 * One array task: a subject's scans that have work to do.
	 *
	 * @param seconds the scans' estimated seconds on the reference CPU, summed (they run one after another)
	 * @param memory  the largest scan's memory bound in bytes (one scan is in memory at a time)
	 */
	public record Task(String subject, List<BidsScan> scans, double seconds, long memory) {

		public Task {
			scans = List.copyOf(scans);
		}
	}

	/**
	 * A protocol's training job: its model trained on its first scan ({@link ParticipantLevel#protocols}).
	 *
	 * @param seconds the first scan's estimate on the reference CPU, training on it ({@link ScanCost})
	 * @param memory  its memory bound in bytes
	 */
	public record Training(ProtocolModels.Protocol protocol, double seconds, long memory) {

		/** The job's time limit in minutes ({@link #timeLimitMinutes}). */
		public long timeMinutes() {
			return timeLimitMinutes(seconds);
		}

		/** The job's memory in MiB. */
		public long memoryMiB() {
			return (memory + (1 << 20) - 1) >> 20;
		}
	}

	/**
	 * The jobs to submit.
	 *
	 * @param trainings    the protocols' training jobs (empty without protocol models, or when every model is there)
	 * @param tasks        the array's tasks, one per subject with work to do, in the dataset's order
	 * @param complete     scans skipped because their outputs are complete (a rerun; {@code --overwrite} redoes them)
	 * @param notes        scans whose cost is unknown (an unreadable header, a bad name): their task reports them
	 * @param timeMinutes  the array's time limit ({@link #timeLimitMinutes} of the longest task)
	 * @param memoryMiB    the array's memory per task (the largest bound of any task), MiB
	 */
	public record Plan(StudyRequest request, Path outputDir, List<Training> trainings, List<Task> tasks, int complete, List<String> notes,
			long timeMinutes, long memoryMiB) {

		public Plan {
			trainings = List.copyOf(trainings);
			tasks = List.copyOf(tasks);
			notes = List.copyOf(notes);
		}
	}

	/** CPUs a task asks for: the reference CPU's threads, which the time estimate is for. */
	public static final int CPUS = org.san2n.budget.ReferenceCpu.THREADS;
	/** The group level's limits: it reads the sidecars only. */
	public static final long GROUP_MINUTES = 15, GROUP_MEMORY_MIB = 1024;

	/**
	 * The time limit for work estimated at {@code referenceSeconds} on the reference CPU: twice the estimate and
	 * 5 minutes (a cluster's cores may be slower than the reference, and a time limit that is hit loses the scan
	 * being denoised), in whole minutes.
	 *
	 * @throws IllegalArgumentException a negative or non-finite estimate
	 */
	public static long timeLimitMinutes(double referenceSeconds) {
		if (!(referenceSeconds >= 0) || Double.isInfinite(referenceSeconds))
			throw new IllegalArgumentException("an estimate in seconds is ≥ 0 and finite, got " + referenceSeconds);
		return (long) Math.ceil((2 * referenceSeconds + 300) / 60);
	}

	/**
	 * Plans the study's array from its scans' headers (no voxel is read), and writes or checks the derivatives'
	 * {@code dataset_description.json} (so settings that would be refused are refused now, not in every task).
	 *
	 * @throws IllegalArgumentException settings that cannot run, labels the dataset does not have, an output folder
	 *                                  that is refused (as {@link ParticipantLevel#run}), or a dataset with no scans
	 * @throws IOException              the dataset or the output folder cannot be read or written
	 */
	public static Plan plan(StudyRequest request) throws IOException {
		DenoiseRequest denoise = request.denoise();
		DenoiseFiles.checkBeforeWork(denoise);
		Path out = ParticipantLevel.outputFolder(request);
		checkLogFolder(out); // before anything is written there
		BidsLayout layout = BidsLayout.open(request.bidsDir(), out);
		List<BidsScan> scans = layout.scans(request.participants(), request.sessions());
		if (scans.isEmpty()) throw new IllegalArgumentException("BIDS_DIR " + request.bidsDir() + " has no DWI scans (sub-*/[ses-*/]dwi/*_dwi.nii[.gz])"
				+ (request.participants().isEmpty() && request.sessions().isEmpty() ? "" : " for the chosen subjects and sessions"));
		OutputFiles.checkFolder("OUTPUT_DIR", out);
		List<String> notes = new ArrayList<>();
		Derivatives.describe(out, layout, request.settingsRecord());
		List<Training> trainings = new ArrayList<>();
		ProtocolModels.Grouping grouping = null;
		if (request.protocolModels()) {
			grouping = ProtocolModels.group(layout, scans, out);
			for (ProtocolModels.Protocol p : grouping.protocols()) {
				if (Files.isRegularFile(p.model(out))) continue;
				try {
					ScanCost cost = ScanCost.of(p.scans().get(0).file(), denoise);
					trainings.add(new Training(p, cost.seconds(), cost.memory()));
				} catch (IOException | IllegalArgumentException | ArithmeticException e) {
					// Its job will say why; its limits are those of a scan that cannot be costed.
					notes.add(p.scans().get(0).relative() + ": its header cannot be read (" + e.getMessage() + "); protocol " + p.name()
							+ "'s training job will report it");
					trainings.add(new Training(p, 0, ScanCost.memoryBoundBytes(1, denoise.method())));
				}
			}
		}
		// A scan of a protocol is denoised by its model (its cost: MP-PCA and inference, no training).
		DenoiseRequest applied = request.protocolModels() ? denoise.withModel(out.resolve(ProtocolModels.FOLDER)) : denoise;
		Map<String, List<BidsScan>> bySubject = new LinkedHashMap<>();
		Map<String, double[]> costs = new LinkedHashMap<>();
		int complete = 0;
		for (BidsScan scan : scans) {
			if (scan.problem() == null && !request.overwrite() && Derivatives.of(scan, out).complete()) {
				complete++;
				continue;
			}
			bySubject.computeIfAbsent(scan.subject(), s -> new ArrayList<>()).add(scan);
			double[] c = costs.computeIfAbsent(scan.subject(), s -> new double[2]);
			if (scan.problem() != null) {
				notes.add(scan.relative() + ": " + scan.problem());
				continue;
			}
			try {
				ScanCost cost = ScanCost.of(scan.file(), grouping != null && grouping.of(scan) != null ? applied : denoise);
				c[0] += cost.seconds();
				c[1] = Math.max(c[1], cost.memory());
			} catch (IOException | IllegalArgumentException | ArithmeticException e) {
				notes.add(scan.relative() + ": its header cannot be read (" + e.getMessage() + "); its task will report it");
			}
		}
		List<Task> tasks = new ArrayList<>();
		double longest = 0;
		long memory = 0;
		for (var e : bySubject.entrySet()) {
			double[] c = costs.get(e.getKey());
			tasks.add(new Task(e.getKey(), e.getValue(), c[0], (long) c[1]));
			longest = Math.max(longest, c[0]);
			memory = Math.max(memory, (long) c[1]);
		}
		// A task whose scans could not be costed still runs san2n (to report them): the smallest bound.
		memory = Math.max(memory, ScanCost.memoryBoundBytes(1, denoise.method()));
		return new Plan(request, out, trainings, tasks, complete, notes, timeLimitMinutes(longest), (memory + (1 << 20) - 1) >> 20);
	}

	/**
	 * Refuses an output folder whose path an {@code #SBATCH --output} line cannot hold: sbatch takes no quotes there (a
	 * space, a quote or a backslash would cut or garble the path) and expands {@code %} ({@code %j}, {@code %A}…).
	 *
	 * @throws IllegalArgumentException such a path, naming it and the character
	 */
	static void checkLogFolder(Path outputDir) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\s\"'\\\\%]").matcher(outputDir.toString());
		if (m.find())
			throw new IllegalArgumentException("OUTPUT_DIR " + outputDir + " has " + (Character.isWhitespace(m.group().charAt(0)) ? "a space"
					: "'" + m.group() + "'") + " in its path, which the jobs' #SBATCH --output line cannot hold (sbatch takes no quotes there "
					+ "and expands %): choose a folder without spaces, quotes, backslashes or %");
	}

	/**
	 * The job scripts, written.
	 *
	 * @param protocols the training jobs' scripts, in the order of {@link Plan#trainings}
	 */
	public record Scripts(List<Path> protocols, List<Path> participants, Path group, Path logs) {

		public Scripts {
			protocols = List.copyOf(protocols);
			participants = List.copyOf(participants);
		}
	}

	/** The tasks in arrays of at most {@code maxArraySize} (SLURM's MaxArraySize: indices 0 to it − 1), in order. */
	public static List<List<Task>> arrays(Plan plan, int maxArraySize) {
		List<List<Task>> out = new ArrayList<>();
		for (int i = 0; i < plan.tasks().size(); i += maxArraySize)
			out.add(plan.tasks().subList(i, Math.min(plan.tasks().size(), i + maxArraySize)));
		return out;
	}

	/**
	 * Writes the protocols' training jobs' scripts ({@code protocol-<name>.sbatch}), the participant array's and the
	 * group job's into {@code OUTPUT_DIR/code/slurm/} (replaced when there) and creates {@code OUTPUT_DIR/logs/slurm/}
	 * for their logs.
	 *
	 * @throws IllegalArgumentException a plan without tasks (nothing to submit)
	 * @throws IOException              a file cannot be written
	 */
	public static Scripts write(Plan plan, Cluster cluster) throws IOException {
		if (plan.tasks().isEmpty()) throw new IllegalArgumentException("every chosen scan's outputs are complete: there is nothing to submit "
				+ "(--overwrite redoes them)");
		checkLogFolder(plan.outputDir());
		Path code = Files.createDirectories(plan.outputDir().resolve("code").resolve("slurm"));
		Path logs = Files.createDirectories(plan.outputDir().resolve("logs").resolve("slurm"));
		Path group = code.resolve("group.sbatch");
		List<Path> protocols = new ArrayList<>();
		// A training script of an earlier plan whose model is there now, or a participant array of an earlier split, would be
		// submitted by mistake by hand: gone.
		for (String glob : List.of("protocol-*.sbatch", "participant*.sbatch"))
			try (var old = Files.newDirectoryStream(code, glob)) {
				for (Path f : old)
					Files.delete(f);
			}
		for (Training t : plan.trainings()) {
			Path f = code.resolve("protocol-" + t.protocol().name() + ".sbatch");
			AtomicFiles.writeString(f, protocolScript(plan, t, cluster, logs));
			f.toFile().setExecutable(true);
			protocols.add(f);
		}
		List<List<Task>> arrays = arrays(plan, cluster.maxArraySize());
		List<Path> participants = new ArrayList<>();
		for (int a = 0; a < arrays.size(); a++) {
			Path f = code.resolve(arrays.size() == 1 ? "participant.sbatch" : "participant-" + (a + 1) + ".sbatch");
			AtomicFiles.writeString(f, participantScript(plan, arrays.get(a), arrays.size() == 1 ? "" : (a + 1) + " of " + arrays.size(), cluster, logs));
			f.toFile().setExecutable(true);
			participants.add(f);
		}
		AtomicFiles.writeString(group, groupScript(plan, cluster, logs));
		group.toFile().setExecutable(true);
		return new Scripts(protocols, participants, group, logs);
	}

	/**
	 * A participant array's script: {@code sbatch} reads its {@code #SBATCH} lines.
	 *
	 * @param tasks the array's tasks (all the plan's, or one part of them when the study is split)
	 * @param part  "2 of 3" for one array of a split study, "" otherwise
	 */
	static String participantScript(Plan plan, List<Task> tasks, String part, Cluster cluster, Path logs) {
		boolean network = plan.request().denoise().method().trains();
		long memory = cluster.memoryMiB(plan.memoryMiB(), network);
		StringBuilder s = header(cluster, "san2n-participant", tasks.size() == 1 ? "0" : "0-" + (tasks.size() - 1),
				plan.timeMinutes(), memory, CPUS, logs.resolve("participant_%A_%a.out"));
		s.append("# The BIDS App's participant level, one subject per task (written by ").append(RunRecord.software()).append(").\n");
		if (!part.isEmpty())
			s.append(String.format(Locale.ROOT, "# Array %s: the study's %d subjects are more than this cluster's MaxArraySize (%d) allows in one "
					+ "array; the group job runs after all of them.%n", part, plan.tasks().size(), cluster.maxArraySize()));
		s.append(String.format(Locale.ROOT, "# Time: twice the longest task's estimate on the reference CPU (%d CPUs) and 5 minutes; memory: the largest "
				+ "scan's bound (%s).%n", CPUS, ScanCost.memoryBoundText(plan.request().denoise().method())));
		if (plan.request().protocolModels())
			s.append("# With protocol models: each scan is denoised by its protocol's model (" + ProtocolModels.FOLDER + "/<protocol>.san2n), "
					+ "trained by the protocol-<name>.sbatch jobs this array runs after (sbatch --dependency=afterok).\n");
		s.append("# task  subject  scans  estimate (reference CPU)  memory bound\n");
		for (int i = 0; i < tasks.size(); i++) {
			Task t = tasks.get(i);
			s.append(String.format(Locale.ROOT, "#  %3d  sub-%s  %d  %.0f s  %.2f GiB%n", i, t.subject(), t.scans().size(), t.seconds(),
					t.memory() / (double) ScanCost.GIB));
		}
		s.append("set -u\nSUBJECTS=(");
		for (int i = 0; i < tasks.size(); i++)
			s.append(i == 0 ? "" : " ").append(quote(tasks.get(i).subject()));
		s.append(")\n");
		s.append("SUBJECT=${SUBJECTS[${SLURM_ARRAY_TASK_ID:?this script is a SLURM array task (sbatch sets SLURM_ARRAY_TASK_ID)}]}\n");
		s.append(heapComment(cluster, memory, network));
		List<String> args = new ArrayList<>(cluster.command(memory, network));
		args.addAll(bidsArguments(plan, "participant"));
		s.append("exec ").append(String.join(" ", args.stream().map(SlurmArray::quote).toList())).append(" --participant-label \"$SUBJECT\"\n");
		return s.toString();
	}

	/** A protocol's training job's script: the BIDS App's protocol level for that protocol, before the array (afterok). */
	static String protocolScript(Plan plan, Training t, Cluster cluster, Path logs) {
		ProtocolModels.Protocol p = t.protocol();
		long memory = cluster.memoryMiB(t.memoryMiB(), true);
		StringBuilder s = header(cluster, "san2n-protocol-" + p.name(), null, t.timeMinutes(), memory, CPUS,
				logs.resolve("protocol-" + p.name() + "_%j.out"));
		s.append("# Protocol ").append(p.name()).append(": its SAN2N model (").append(ProtocolModels.FOLDER).append('/').append(p.name())
				.append(".san2n), trained on its first scan, ").append(p.scans().get(0).relative()).append(" (written by ")
				.append(RunRecord.software()).append(").\n");
		s.append(String.format(Locale.ROOT, "# %d scan%s of %d volumes; the participant array runs after this job (sbatch --dependency=afterok). "
				+ "Estimate %.0f s on the reference CPU.%n", p.scans().size(), p.scans().size() == 1 ? "" : "s", p.table().size(), t.seconds()));
		s.append("set -u\n");
		s.append(heapComment(cluster, memory, true));
		List<String> args = new ArrayList<>(cluster.command(memory, true));
		args.addAll(bidsArguments(plan, "protocol"));
		args.add("--protocol-label");
		args.add(p.name());
		s.append("exec ").append(String.join(" ", args.stream().map(SlurmArray::quote).toList())).append("\n");
		return s.toString();
	}

	/** The group job's script: it runs after the array (its dependency is given when it is submitted). */
	static String groupScript(Plan plan, Cluster cluster, Path logs) {
		long memory = cluster.memoryMiB(GROUP_MEMORY_MIB, false);
		StringBuilder s = header(cluster, "san2n-group", null, GROUP_MINUTES, memory, 1, logs.resolve("group_%j.out"));
		s.append("# The BIDS App's group level: group_dwi.tsv over every scan, after the participant array (sbatch --dependency=afterany:ARRAY).\n");
		s.append("set -u\n");
		List<String> args = new ArrayList<>(cluster.command(memory, false));
		args.addAll(bidsArguments(plan, "group"));
		s.append("exec ").append(String.join(" ", args.stream().map(SlurmArray::quote).toList())).append("\n");
		return s.toString();
	}

	/** Why the job's java has the heap it has (a comment line). */
	private static String heapComment(Cluster cluster, long memoryMiB, boolean network) {
		return heapMiB(cluster.jvmOptions()) > 0
				? "# Java heap: " + heapMiB(cluster.jvmOptions()) + " MiB, as san2n slurm was run with (--mem raised to hold it and "
						+ nativeMiB(network) + " MiB outside the heap).\n"
				: "# Java heap: --mem less " + nativeMiB(network) + " MiB outside it (the JVM's own" + (network ? " and PyTorch's" : "") + ").\n";
	}

	private static StringBuilder header(Cluster cluster, String name, String array, long minutes, long memoryMiB, int cpus, Path log) {
		StringBuilder s = new StringBuilder("#!/bin/bash\n");
		s.append("#SBATCH --job-name=").append(name).append('\n');
		if (array != null) s.append("#SBATCH --array=").append(array).append('\n');
		s.append("#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=").append(cpus).append('\n');
		s.append("#SBATCH --mem=").append(memoryMiB).append("M\n");
		s.append(String.format(Locale.ROOT, "#SBATCH --time=%d:%02d:00%n", minutes / 60, minutes % 60));
		// sbatch does not take quotes in #SBATCH lines; a path with spaces is refused when the plan is written.
		s.append("#SBATCH --output=").append(log).append('\n');
		if (!cluster.partition().isEmpty()) s.append("#SBATCH --partition=").append(cluster.partition()).append('\n');
		if (!cluster.account().isEmpty()) s.append("#SBATCH --account=").append(cluster.account()).append('\n');
		return s;
	}

	/**
	 * The BIDS App's arguments for {@code level}: the dataset, the output folder, the sessions, {@code --overwrite}
	 * and every setting the user gave (the others keep their defaults), as the command line spells them.
	 */
	static List<String> bidsArguments(Plan plan, String level) {
		StudyRequest r = plan.request();
		List<String> a = new ArrayList<>(List.of("bids", r.bidsDir().toAbsolutePath().normalize().toString(), plan.outputDir().toString(), level));
		// The protocol level groups the chosen scans (their names come from them): the same choice as the plan's.
		if ((level.equals("group") || level.equals("protocol")) && !r.participants().isEmpty()) {
			a.add("--participant-label");
			a.addAll(r.participants());
		}
		if (!r.sessions().isEmpty()) {
			a.add("--session-label");
			a.addAll(r.sessions());
		}
		if (!level.equals("group")) {
			if (r.overwrite() && level.equals("participant")) a.add("--overwrite");
			if (r.protocolModels()) a.add("--protocol-models");
			a.add("--quiet");
			for (Setting s : StudyRequest.SETTINGS)
				if (r.settings().given(s.key())) {
					a.add(s.option());
					a.add(r.settings().text(s.key()));
				}
		}
		return a;
	}

	/** A word for bash: as it is when it is plain, else in single quotes. */
	static String quote(String word) {
		if (word.matches("[A-Za-z0-9_./:=@%+,-]+")) return word;
		return "'" + word.replace("'", "'\\''") + "'";
	}
}
