package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as its own process: signals and the locale are the operating system's, not a test's. */
class ProcessTest {

	static Process start(Path dir, List<String> env, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), San2nCli.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile())
				.redirectOutput(dir.resolve("stdout.txt").toFile());
		for (String kv : env)
			pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		return pb.start();
	}

	@Test
	void sigtermDuringTrainingEndsWithinSecondsAndWritesNothing(@TempDir Path dir) throws Exception {
		San2nCliTest.Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "24", "24", "12", "--directions", "12",
				"--b0", "2", "--shells", "1000");
		assertEquals(0, s.code(), s.err());
		Process p = start(dir, List.of(), "denoise", "--dwi", "dwi.nii.gz", "--bvals", "bvals", "--bvecs", "bvecs", "--out", "out.nii.gz",
				"--method", "san2n", "--epochs", "1000", "--patch", "8", "--stride", "2");
		Path err = dir.resolve("stderr.txt");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!Files.readString(err, StandardCharsets.UTF_8).contains("epoch") && System.nanoTime() < deadline && p.isAlive())
			Thread.sleep(200);
		assertTrue(p.isAlive(), "still training when signalled: " + Files.readString(err));
		long signalled = System.nanoTime();
		p.destroy(); // SIGTERM, as a batch system's time limit sends
		assertTrue(p.waitFor(5, TimeUnit.SECONDS), "ended within 5 s of SIGTERM");
		double seconds = (System.nanoTime() - signalled) / 1e9;
		assertEquals(130, p.exitValue(), Files.readString(err));
		assertTrue(seconds < 5, seconds + " s");
		assertTrue(Files.readString(err).contains("cancelled; no output was written"), Files.readString(err));
		assertFalse(Files.exists(dir.resolve("out.nii.gz")));
		try (var files = Files.list(dir)) {
			assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file left");
		}
	}

	@Test
	void aPathJavaCannotMapInTheCLocaleGetsOneClearLine(@TempDir Path dir) throws Exception {
		Process p = start(dir, List.of("LC_ALL=C", "LANG=C"), "info", "sc\u00e4n.nii.gz");
		assertTrue(p.waitFor(30, TimeUnit.SECONDS));
		String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
		assertEquals(2, p.exitValue(), err);
		assertTrue(err.strip().lines().count() <= 2, err);
		assertTrue(err.contains("LC_ALL=C.UTF-8"), err);
	}

	/**
	 * A file whose name is not valid UTF-8 (a Latin-1 "é", byte 0xE9, made on another system), given in a UTF-8
	 * locale: Java decodes the argument to U+FFFD, which names no file; it must still be opened. The bytes reach
	 * the command line through the shell, as they would from a user's terminal or script.
	 */
	@Test
	void aFileNameThatIsNotValidUtf8IsOpenedAndAMissingOneSaysWhy(@TempDir Path dir) throws Exception {
		San2nCliTest.Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "12", "12", "8", "--directions", "8",
				"--b0", "2", "--shells", "1000");
		assertEquals(0, s.code(), s.err());
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String script = "cp dwi.nii.gz \"$(printf 'caf\\351.nii.gz')\" && mkdir \"$(printf 'd\\351')\" && cp bvals bvecs \"$(printf 'd\\351')\" && "
				+ "\"$JAVA\" -cp \"$CP\" " + San2nCli.class.getName() + " denoise --dwi \"$(printf 'caf\\351.nii.gz')\" "
				+ "--bvals \"$(printf 'd\\351/bvals')\" --bvecs \"$PWD/$(printf 'd\\351/bvecs')\" --out out.nii.gz; echo \"exit $?\"; "
				+ "\"$JAVA\" -cp \"$CP\" " + San2nCli.class.getName() + " info \"$(printf 'm\\351ssing.nii.gz')\"; echo \"exit $?\"";
		ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile())
				.redirectOutput(dir.resolve("stdout.txt").toFile());
		pb.environment().put("JAVA", java);
		pb.environment().put("CP", System.getProperty("java.class.path"));
		pb.environment().put("LC_ALL", "C.UTF-8");
		Process p = pb.start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		String out = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
		String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
		List<String> codes = out.lines().filter(l -> l.startsWith("exit ")).toList();
		assertEquals(List.of("exit 0", "exit 1"), codes, out + err);
		assertTrue(Files.exists(dir.resolve("out.nii.gz")), err);
		assertTrue(err.contains("m\uFFFDssing.nii.gz: no such file") && err.contains("not valid UTF-8") && err.contains("rename"), err);
	}

	/**
	 * What the engine prints on its own, on a CPU run: nothing. Meaningful on a machine with a CUDA runtime but
	 * no usable driver (DJL's CUDA probe then warned twice at every start) and on any machine for PyTorch's
	 * C++ deprecation notice (printed at DJL's first NDArray.set). No JVM flag is given: San2nCli sets none
	 * for this, and the same code runs in Fiji.
	 */
	@Test
	void aCpuRunPrintsNothingFromTheEngine(@TempDir Path dir) throws Exception {
		San2nCliTest.Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "24", "24", "12", "--directions", "12",
				"--b0", "2", "--shells", "1000");
		assertEquals(0, s.code(), s.err());
		Process p = start(dir, List.of(), "denoise", "--dwi", "dwi.nii.gz", "--bvals", "bvals", "--bvecs", "bvecs", "--out", "out.nii.gz",
				"--method", "san2n", "--steps", "2", "--check", "warn", "--quiet");
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), err);
		for (String noise : List.of("CudaUtils", "GPU count", "driver version", "AutoNonVariableTypeMode", "[W"))
			assertFalse(err.contains(noise), "'" + noise + "' on stderr:\n" + err);
		Process devices = start(dir, List.of(), "devices");
		assertTrue(devices.waitFor(60, TimeUnit.SECONDS));
		String devicesErr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
		assertEquals(0, devices.exitValue(), devicesErr);
		assertEquals("", devicesErr.strip());
	}

	@Test
	void aGpuAskedForAndNotFoundIsOneLine(@TempDir Path dir) throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(org.san2n.model.ComputeDevice.engine().getGpuCount() == 0, "this machine has a GPU");
		San2nCliTest.Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "24", "24", "12", "--directions", "12",
				"--b0", "2", "--shells", "1000");
		assertEquals(0, s.code(), s.err());
		Process p = start(dir, List.of(), "denoise", "--dwi", "dwi.nii.gz", "--bvals", "bvals", "--bvecs", "bvecs", "--out", "out.nii.gz",
				"--method", "san2n", "--device", "gpu");
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8).strip();
		assertEquals(1, p.exitValue(), err);
		assertEquals(1, err.lines().count(), err);
		assertTrue(err.startsWith("san2n denoise: error: device gpu: "), err);
		assertFalse(Files.exists(dir.resolve("out.nii.gz")));
	}
}
