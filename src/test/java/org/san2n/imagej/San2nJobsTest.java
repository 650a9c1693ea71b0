package org.san2n.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.job.TrainRequest;

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

	static Map<String, String> quick(int epochs) {
		Map<String, String> m = new HashMap<>(Map.of("epochs", "" + epochs, "batch", "4", "width", "8", "patch", "8", "stride", "4",
				"mask", dir.resolve("mask.nii.gz").toString()));
		return m;
	}

	static TrainRequest train(Map<String, String> given) {
		return TrainRequest.of(Settings.values(Setting.Job.TRAIN, given));
	}

	static DenoiseRequest denoise(Map<String, String> given) {
		return DenoiseRequest.of(Settings.values(Setting.Job.DENOISE, given));
	}

	@Test
	void escapeStopsTrainingBetweenStepsAndNoModelIsWritten() throws IOException {
		Path model = dir.resolve("cancelled.san2n");
		int[] steps = { 0 };
		assertThrows(CancelledException.class, () -> San2nJobs.train(scan, train(quick(50)), model, new ImageJProgress("test"), r -> {
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
	void theResultImageCarriesTheRunsRecordWithItsAutomaticChoices() throws IOException {
		Map<String, String> mppca = new HashMap<>(Map.of("mask", dir.resolve("mask.nii.gz").toString()));
		ImagePlus out = San2nJobs.denoise(scan, denoise(mppca), Progress.NONE, r -> {});
		String record = out.getProp(San2nJobs.RECORD);
		assertTrue(record != null && record.contains("\"method\": \"mppca\"") && record.contains("\"mppca_stride\": 1")
				&& record.contains("\"mppca_stride_choice\": \"automatic: the finest whose windows fit 20m00s on the reference CPU\"")
				&& record.contains("\"output_check\": \"output check (σ = ") && record.contains("\"bias_check\": "), record);
	}

	@Test
	void aQcFolderGetsTheRunsPageAsOnTheCommandLine() throws IOException {
		Path qc = dir.resolve("qc-fiji");
		Map<String, String> given = new HashMap<>(Map.of("qc", qc.toString())); // automatic mask: computed again for the page
		San2nJobs.Output out = San2nJobs.denoiseWithMaps(scan, denoise(given), Progress.NONE, r -> {});
		assertTrue(Files.isRegularFile(qc.resolve("index.html")) && Files.isRegularFile(qc.resolve("qc.json")), "no QC page in " + qc);
		String json = Files.readString(qc.resolve("qc.json"));
		assertTrue(json.contains("\"method\": \"mppca\""), json);
		assertTrue(out.denoised().getProp(San2nJobs.RECORD).contains("\"qc\": \"" + qc.toAbsolutePath()), out.denoised().getProp(San2nJobs.RECORD));
		// A file where the folder should be is refused before any work.
		Path file = Files.writeString(dir.resolve("qc-file"), "x");
		assertThrows(IOException.class, () -> San2nJobs.checkDenoise(scan, denoise(new HashMap<>(Map.of("qc", file.toString())))));
	}

	@Test
	void aModelAndSaveModelTogetherAreRefused() {
		Map<String, String> both = quick(1);
		both.put("model", dir.resolve("a.san2n").toString());
		both.put("save_model", dir.resolve("b.san2n").toString());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> denoise(both));
		assertTrue(e.getMessage().contains("save_model"), e.getMessage());
	}

	@Test
	void anUnknownMaskIsNamed() {
		Map<String, String> s = new HashMap<>(Map.of("mask", "no such image"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> San2nJobs.denoise(scan, denoise(s), Progress.NONE, r -> {}));
		assertTrue(e.getMessage().contains("'no such image'"), e.getMessage());
	}

	@Test
	void choicesMustBeKnownAndBvalsComeWithBvecs() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> denoise(Map.of("outside_mask", "blur")));
		assertTrue(e.getMessage().contains("'blur'") && e.getMessage().contains("denoise, keep or zero"), e.getMessage());
		IllegalArgumentException flips = assertThrows(IllegalArgumentException.class, () -> denoise(Map.of("flips", "sometimes")));
		assertTrue(flips.getMessage().contains("'sometimes'"), flips.getMessage());
		var d = denoise(Map.of("outside_mask", "zero", "flips", "none", "rician", "keep")).options();
		assertTrue(!d.flips() && !d.unbias() && d.outside() == org.san2n.denoise.OutsideMask.ZERO);
		IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
				() -> San2nJobs.denoise(scan, denoise(Map.of("bvals", "a.bval")), Progress.NONE, r -> {}));
		assertTrue(half.getMessage().contains("both the bvals and the bvecs"), half.getMessage());
	}
}
