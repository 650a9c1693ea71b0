package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output that is an input (by name, by another spelling, by a link) is refused before anything is read or written. */
class SamePathTest {

	@TempDir
	static Path dir;
	static String dwi, bvals, bvecs, mask;

	@BeforeAll
	static void phantom() {
		San2nCliTest.Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "12", "12", "8", "--directions", "6",
				"--b0", "1");
		assertEquals(0, s.code(), s.err());
		dwi = dir.resolve("dwi.nii.gz").toString();
		bvals = dir.resolve("bvals").toString();
		bvecs = dir.resolve("bvecs").toString();
		mask = dir.resolve("mask.nii.gz").toString();
	}

	static void refused(String input, String... args) throws IOException {
		byte[] before = Files.readAllBytes(Path.of(input));
		San2nCliTest.Result r = San2nCliTest.run(args);
		assertEquals(1, r.code(), r.err());
		assertTrue(r.err().contains("is the same file as") && r.err().contains("destroy the input"), r.err());
		assertArrayEquals(before, Files.readAllBytes(Path.of(input)), "the input is untouched");
	}

	@Test
	void outputsOverInputsAreRefused() throws IOException {
		refused(dwi, "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", dwi);
		refused(dwi, "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", dir.resolve("o.nii").toString(),
				"--save-model", dwi);
		refused(mask, "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--mask", mask, "--out", mask);
		refused(bvals, "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", dir.resolve("sub/../bvals").toString());
		refused(dwi, "train", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--model", dwi);
		refused(dwi, "mask", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", dwi);
		refused(dwi, "figure", "--noisy", dwi, "--denoised", dwi, "--out", dwi);
	}

	@Test
	void linksToAnInputAreTheInput() throws IOException {
		Path hard = dir.resolve("hard.nii.gz"), soft = dir.resolve("soft.nii.gz");
		Files.createLink(hard, Path.of(dwi));
		Files.createSymbolicLink(soft, Path.of(dwi));
		refused(dwi, "denoise", "--dwi", dwi, "--bvals", bvals, "--bvecs", bvecs, "--out", hard.toString());
		refused(dwi, "denoise", "--dwi", soft.toString(), "--bvals", bvals, "--bvecs", bvecs, "--out", dwi);
	}
}
