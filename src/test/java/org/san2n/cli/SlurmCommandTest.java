package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.denoise.Method;
import org.san2n.study.ScanCost;
import org.san2n.study.SlurmArray;
import org.san2n.study.SyntheticStudy;

/**
 * san2n slurm on the synthetic study: the scripts it writes (and that they run, as SLURM would run a task), the
 * sbatch calls of --submit (through a stand-in sbatch), and what it refuses. The real cluster is .ci/slurm.sh's.
 */
class SlurmCommandTest {

	@TempDir
	Path dir;

	@Test
	void writesOneTaskPerSubjectWithTimeAndMemoryFromTheHeadersAndTheTasksRun() throws Exception {
		Path bids = SyntheticStudy.write(dir.resolve("bids")), out = bids.resolve("derivatives/san2n");
		San2nCliTest.Result r = San2nCliTest.run("slurm", bids.toString(), out.toString(), "--mppca-stride", "2");
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("3 subjects, 5 scans to denoise (0 complete, left out): an array of 3 tasks"), r.out());
		assertTrue(r.out().contains("sbatch --dependency=afterany:"), r.out());
		String script = Files.readString(out.resolve("code/slurm/participant.sbatch"));
		assertTrue(script.contains("#SBATCH --array=0-2\n") && script.contains("SUBJECTS=(01 02 03)\n"), script);
		// The largest scan: 16×16×8 × 14 volumes (acq-b).
		long mib = (ScanCost.memoryBoundBytes(16L * 16 * 8 * 14, Method.MPPCA) + (1 << 20) - 1) >> 20;
		// The heap: --mem less the JVM's own memory, or the one this JVM was given (surefire's -Xmx), with --mem raised to hold it.
		SlurmArray.Cluster here = new SlurmArray.Cluster(List.of("java"),
				SlurmArray.carriedJvmOptions(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()), "", "");
		long mem = here.memoryMiB(mib, false);
		assertTrue(script.contains("#SBATCH --mem=" + mem + "M\n") && script.contains("#SBATCH --cpus-per-task=2\n"), script);
		assertTrue(script.contains("#SBATCH --time=0:0"), "tiny scans: minutes, " + script);
		String heap = here.command(mem, false).stream().filter(a -> a.startsWith("-Xmx")).findFirst().orElseThrow();
		assertTrue(script.contains(" " + heap + " "), heap + " in " + script);
		assertTrue(new SlurmArray.Cluster(List.of("java"), "", "").command(mib, false).contains("-Xmx" + (mib - 512) + "m"));
		assertTrue(script.contains(" --mppca-stride 2 ") && script.contains(" participant "), "the settings given reach every task: " + script);
		assertTrue(Files.isDirectory(out.resolve("logs/slurm")) && Files.isRegularFile(out.resolve("dataset_description.json")));
		assertTrue(Files.readString(out.resolve("code/slurm/group.sbatch")).contains(" group"));

		// What SLURM would run: task 0 (sub-01) denoises its two scans, task 2 (sub-03, truncated) fails with exit 1.
		assertEquals(0, task(out, 0), "sub-01's task");
		assertTrue(Files.isRegularFile(out.resolve("sub-01/ses-2/dwi/sub-01_ses-2_acq-a_desc-denoised_dwi.json")));
		assertFalse(Files.exists(out.resolve("sub-02")), "task 0 runs sub-01 only");
		assertEquals(1, task(out, 2), "sub-03's task");

		// Again: sub-01 is complete and left out.
		r = San2nCliTest.run("slurm", bids.toString(), out.toString(), "--mppca-stride", "2");
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("2 subjects, 3 scans to denoise (2 complete, left out)"), r.out());
		assertTrue(Files.readString(out.resolve("code/slurm/participant.sbatch")).contains("SUBJECTS=(02 03)\n"));
		// Other settings for the same derivatives are refused before anything is written.
		r = San2nCliTest.run("slurm", bids.toString(), out.toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("mppca_stride 2") && r.err().contains("one set of settings"), r.err());
	}

	private static int task(Path out, int id) throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder("bash", out.resolve("code/slurm/participant.sbatch").toString()).redirectErrorStream(true)
				.redirectOutput(out.resolveSibling("task" + id + ".log").toFile());
		pb.environment().put("SLURM_ARRAY_TASK_ID", String.valueOf(id));
		Process p = pb.start();
		assertTrue(p.waitFor(3, TimeUnit.MINUTES));
		return p.exitValue();
	}

	@Test
	void submitRunsSbatchForTheArrayThenTheGroupJobAfterIt() throws Exception {
		Path bids = SyntheticStudy.write(dir.resolve("bids")), out = dir.resolve("out"), calls = dir.resolve("calls");
		Path fake = dir.resolve("sbatch");
		// A stand-in sbatch: records its arguments, answers job ids 41 then 42 as --parsable does ("ID;CLUSTER").
		Files.writeString(fake, "#!/bin/bash\necho \"$*\" >> " + calls + "\nn=$(wc -l < " + calls + ")\necho \"$((40 + n));cluster\"\n");
		fake.toFile().setExecutable(true);
		San2nCliTest.Result r = San2nCliTest.run("slurm", bids.toString(), out.toString(), "--participant-label", "01", "02", "--submit",
				"--partition", "short", "--account", "lab1", "--sbatch", fake.toString());
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("submitted: participant array 41 (2 tasks), group job 42 (after the array)"), r.out());
		List<String> lines = Files.readAllLines(calls);
		assertEquals(List.of("--parsable " + out.resolve("code/slurm/participant.sbatch"),
				"--parsable --dependency=afterany:41 " + out.resolve("code/slurm/group.sbatch")), lines);
		String script = Files.readString(out.resolve("code/slurm/participant.sbatch"));
		assertTrue(script.contains("#SBATCH --partition=short\n#SBATCH --account=lab1\n") && script.contains("SUBJECTS=(01 02)"), script);
		assertTrue(Files.readString(out.resolve("code/slurm/group.sbatch")).contains(" group --participant-label 01 02"));

		// An sbatch that is not there: the message says so and that the scripts are written.
		r = San2nCliTest.run("slurm", bids.toString(), out.toString(), "--submit", "--sbatch", dir.resolve("no-sbatch").toString());
		assertEquals(1, r.code());
		assertTrue(r.err().contains("cannot run " + dir.resolve("no-sbatch")) && r.err().contains("scripts are written"), r.err());
	}

	@Test
	void protocolModelsAreTrainedByAJobEachThatTheArrayRunsAfter() throws Exception {
		Path bids = org.san2n.study.ProtocolStudy.write(dir.resolve("bids")), out = dir.resolve("out"), calls = dir.resolve("calls");
		Path fake = dir.resolve("sbatch");
		Files.writeString(fake, "#!/bin/bash\necho \"$*\" >> " + calls + "\nn=$(wc -l < " + calls + ")\necho \"$((40 + n));cluster\"\n");
		fake.toFile().setExecutable(true);
		List<String> args = new java.util.ArrayList<>(List.of("slurm", bids.toString(), out.toString(), "--protocol-models", "--submit",
				"--sbatch", fake.toString()));
		List<String> settings = List.of(BidsProtocolModelsTest.QUICK).subList(0, BidsProtocolModelsTest.QUICK.length - 1); // no --quiet
		args.addAll(settings);
		San2nCliTest.Result r = San2nCliTest.run(args.toArray(String[]::new));
		assertEquals(0, r.code(), r.out() + r.err());
		Path code = out.resolve("code/slurm"), p = code.resolve("protocol-acq-p_dwi.sbatch"), q = code.resolve("protocol-acq-p_dwi_2.sbatch");
		assertEquals(List.of("--parsable " + p, "--parsable " + q,
				"--parsable --dependency=afterok:41:42 --kill-on-invalid-dep=yes " + code.resolve("participant.sbatch"),
				"--parsable --dependency=afterany:43 " + code.resolve("group.sbatch")), Files.readAllLines(calls));
		assertTrue(r.out().contains("submitted: protocol training jobs 41, 42 (acq-p_dwi, acq-p_dwi_2)"), r.out());
		assertTrue(r.out().contains("submitted: participant array 43 (4 tasks) after the training jobs, group job 44"), r.out());
		assertTrue(r.out().contains("protocol acq-p_dwi (3 scans): its model is trained by a job of its own on sub-01/dwi/sub-01_acq-p_dwi.nii.gz"),
				r.out());
		String training = Files.readString(q), participant = Files.readString(code.resolve("participant.sbatch"));
		assertTrue(training.contains("#SBATCH --job-name=san2n-protocol-acq-p_dwi_2\n") && training.contains(" protocol --protocol-models ")
				&& training.contains(" --epochs 2 ") && training.endsWith(" --protocol-label acq-p_dwi_2\n"), training);
		assertTrue(participant.contains(" participant --protocol-models ") && participant.contains(" --epochs 2 "), participant);
		// A training job's memory is a SAN2N run's bound; a task applies a model, which needs the same bound.
		long mib = (ScanCost.memoryBoundBytes(16L * 16 * 8 * 10, Method.SAN2N) + (1 << 20) - 1) >> 20;
		assertTrue(training.contains("#SBATCH --mem=" + mib + "M\n"), training);

		// What SLURM would run: the training job of acq-p_dwi_2 (sub-04's table), then sub-04's task, which applies it.
		ProcessBuilder pb = new ProcessBuilder("bash", q.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("train.log").toFile());
		Process job = pb.start();
		assertTrue(job.waitFor(3, TimeUnit.MINUTES));
		assertEquals(0, job.exitValue(), Files.readString(dir.resolve("train.log")));
		assertTrue(Files.isRegularFile(out.resolve("models/acq-p_dwi_2.san2n")));
		assertFalse(Files.exists(out.resolve("models/acq-p_dwi.san2n")), "one job, one protocol");
		// Planned again: acq-p_dwi_2's model is there (no job), sub-04 is complete (trained on: denoised by its training).
		List<String> again = new java.util.ArrayList<>(args.subList(0, 4));
		again.addAll(settings);
		r = San2nCliTest.run(again.toArray(String[]::new));
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("3 subjects, 3 scans to denoise (1 complete, left out)"), r.out());
		assertTrue(Files.isRegularFile(p) && !Files.exists(q), "only the missing model's job is written");
		assertTrue(r.out().contains("t0=$(") && r.out().contains("--dependency=afterok:${t0%%;*} --kill-on-invalid-dep=yes"), r.out());
	}

	@Test
	void refusesAPartitionThatIsNotASlurmNameAndSettingsThatCannotRun() throws Exception {
		Path bids = SyntheticStudy.write(dir.resolve("bids"));
		San2nCliTest.Result r = San2nCliTest.run("slurm", bids.toString(), dir.resolve("out").toString(), "--partition", "a b");
		assertEquals(1, r.code());
		assertTrue(r.err().contains("--partition 'a b'"), r.err());
		assertFalse(Files.exists(dir.resolve("out/code")), "nothing written");
		// Settings that cannot run are refused before any script or folder is written.
		r = San2nCliTest.run("slurm", bids.toString(), dir.resolve("out").toString(), "--steps", "300");
		assertEquals(1, r.code());
		assertTrue(r.err().contains("steps is a SAN2N training setting"), r.err());
		assertFalse(Files.exists(dir.resolve("out")), "nothing written");
		// An output folder that an #SBATCH --output line cannot hold: refused before it is created or written to.
		for (String name : List.of("out dir", "out%j", "out'x")) {
			r = San2nCliTest.run("slurm", bids.toString(), dir.resolve(name).toString());
			assertEquals(1, r.code(), name);
			assertTrue(r.err().contains("OUTPUT_DIR " + dir.resolve(name)) && r.err().contains("#SBATCH --output"), r.err());
			assertFalse(Files.exists(dir.resolve(name)), name + ": nothing written");
		}
	}

	@Test
	void aFailedGroupSubmissionSaysWhatIsQueuedAndWhatIsLeftToSubmit() throws Exception {
		Path bids = SyntheticStudy.write(dir.resolve("bids")), out = dir.resolve("out"), calls = dir.resolve("calls");
		Path fake = dir.resolve("sbatch");
		// The array goes in (41); the group job's sbatch fails.
		Files.writeString(fake, "#!/bin/bash\necho \"$*\" >> " + calls + "\nn=$(wc -l < " + calls + ")\n"
				+ "if [ $n = 2 ]; then echo 'sbatch: error: Batch job submission failed: Socket timed out' >&2; exit 1; fi\necho \"$((40 + n))\"\n");
		fake.toFile().setExecutable(true);
		San2nCliTest.Result r = San2nCliTest.run("slurm", bids.toString(), out.toString(), "--submit", "--sbatch", fake.toString());
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("Socket timed out") && r.err().contains("submitted so far: participant array 41"), r.err());
		assertTrue(r.err().contains("still to submit:") && r.err().contains(fake + " --dependency=afterany:41 " + out.resolve("code/slurm/group.sbatch")),
				r.err());
	}

	@Test
	void aSbatchThatHangsIsGivenUpAtTheTimeout() throws Exception {
		Path fake = dir.resolve("sbatch");
		// It hangs, and a child of it holds its output open (as a stuck sbatch's would).
		Files.writeString(fake, "#!/bin/bash\nsleep 60 &\nsleep 60\n");
		fake.toFile().setExecutable(true);
		long start = System.nanoTime();
		java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
				() -> SlurmCommand.submit(List.of(fake.toString(), "--parsable", "x.sbatch"), java.time.Duration.ofSeconds(1)));
		assertTrue((System.nanoTime() - start) / 1e9 < 20, "given up after the timeout, not after sbatch ends");
		assertTrue(e.getMessage().contains("did not end within 1 s"), e.getMessage());
	}

	@Test
	void moreSubjectsThanTheClustersMaxArraySizeAreSplitIntoSeveralArrays() throws Exception {
		Path bids = SyntheticStudy.write(dir.resolve("bids")), out = dir.resolve("out"), calls = dir.resolve("calls");
		Path fake = dir.resolve("sbatch"), scontrol = dir.resolve("scontrol");
		Files.writeString(fake, "#!/bin/bash\necho \"$*\" >> " + calls + "\nn=$(wc -l < " + calls + ")\necho \"$((40 + n))\"\n");
		// This cluster's arrays hold indices 0 and 1 only (read from scontrol show config when submitting).
		Files.writeString(scontrol, "#!/bin/bash\necho 'MaxArrayCount = 0'\necho 'MaxArraySize            = 2'\necho 'MaxJobCount = 10000'\n");
		fake.toFile().setExecutable(true);
		scontrol.toFile().setExecutable(true);
		San2nCliTest.Result r = San2nCliTest.run("slurm", bids.toString(), out.toString(), "--submit", "--sbatch", fake.toString());
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("2 arrays of at most 2 tasks (this cluster's MaxArraySize) for 3 tasks"), r.out());
		Path code = out.resolve("code/slurm");
		assertEquals(List.of("--parsable " + code.resolve("participant-1.sbatch"), "--parsable " + code.resolve("participant-2.sbatch"),
				"--parsable --dependency=afterany:41:42 " + code.resolve("group.sbatch")), Files.readAllLines(calls));
		assertTrue(r.out().contains("submitted: participant arrays 41, 42 (2 + 1 tasks), group job 43 (after the arrays)"), r.out());
		String first = Files.readString(code.resolve("participant-1.sbatch")), second = Files.readString(code.resolve("participant-2.sbatch"));
		assertTrue(first.contains("#SBATCH --array=0-1\n") && first.contains("SUBJECTS=(01 02)\n"), first);
		assertTrue(second.contains("#SBATCH --array=0\n") && second.contains("SUBJECTS=(03)\n"), second);
		assertFalse(Files.exists(code.resolve("participant.sbatch")));
		// Planned again in one array (--max-array-size): the parts of the split are gone.
		r = San2nCliTest.run("slurm", bids.toString(), out.toString(), "--max-array-size", "1001");
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(Files.exists(code.resolve("participant.sbatch")) && !Files.exists(code.resolve("participant-1.sbatch")));
		assertEquals(java.util.OptionalInt.of(1001), SlurmArray.maxArraySize("AuthType = auth/munge\nMaxArraySize            = 1001\n"));
		assertEquals(java.util.OptionalInt.empty(), SlurmArray.maxArraySize("MaxArrayCount = 3\n"));
	}
}
