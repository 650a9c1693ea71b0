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
				"--method", "san2n", "--epochs", "1000");
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
}
