package org.san2n.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;
import org.san2n.train.TrainingConfig;

import ij.IJ;
import ij.ImagePlus;

class San2nJobsTest {

	@TempDir
	static Path dir;

	static ImagePlus scan;

	@BeforeAll
	static void phantom() throws IOException {
		scan = PhantomHyperstack.open(dir);
	}

	static JobSettings quick(int epochs) {
		TrainingConfig c = TrainingConfig.DEFAULTS.withEpochs(epochs).withBatchSize(4).withHiddenWidth(8).withPatches(8, 8);
		return JobSettings.of("", "", dir.resolve("mask.nii.gz").toString(), c, "cpu", "denoise");
	}

	@Test
	void escapeStopsTrainingBetweenStepsAndNoModelIsWritten() throws IOException {
		Path model = dir.resolve("cancelled.san2n");
		int[] steps = { 0 };
		assertThrows(CancelledException.class, () -> San2nJobs.train(scan, quick(50), model, new ImageJProgress("test"), r -> {
			if (++steps[0] == 3) IJ.setKeyDown(KeyEvent.VK_ESCAPE);
		}));
		assertEquals(3, steps[0], "the step after Esc does not run");
		assertFalse(Files.exists(model));
		try (var s = Files.list(dir)) {
			assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("cancelled")), "no temporary model file");
		}
		IJ.resetEscape();
	}

	@Test
	void aModelAndSaveModelTogetherAreRefused() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> San2nJobs.denoise(scan, quick(1), dir.resolve("a.san2n"), dir.resolve("b.san2n"), Progress.NONE, r -> {}));
		assertTrue(e.getMessage().contains("save model"), e.getMessage());
	}

	@Test
	void anUnknownMaskIsNamed() {
		JobSettings s = JobSettings.of("", "", "no such image", quick(1).config(), "cpu", "denoise");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> San2nJobs.denoise(scan, s, null, null, Progress.NONE, r -> {}));
		assertTrue(e.getMessage().contains("'no such image'"), e.getMessage());
	}

	@Test
	void outsideMaskMustBeKnown() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> JobSettings.of("", "", "", TrainingConfig.DEFAULTS, "cpu", "blur"));
		assertTrue(e.getMessage().contains("'blur'"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> JobSettings.of("a.bval", "", "", TrainingConfig.DEFAULTS, "cpu", "keep"));
		JobSettings s = JobSettings.of("", "", "", TrainingConfig.DEFAULTS, "cpu", "denoise");
		IllegalArgumentException flips = assertThrows(IllegalArgumentException.class,
				() -> s.withDenoising("keep", "sometimes", "remove"));
		assertTrue(flips.getMessage().contains("'sometimes'"), flips.getMessage());
		var d = s.withDenoising("zero", "none", "keep").denoising();
		assertTrue(!d.flips() && !d.unbias() && d.outside() == org.san2n.denoise.OutsideMask.ZERO);
	}
}
