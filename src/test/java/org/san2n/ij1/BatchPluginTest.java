package org.san2n.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.san2n.imagej.MacroOptions;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.study.StudyRequest;

/** SAN2N Batch in ImageJ 1.x: what the recorder writes replays to the same study. */
class BatchPluginTest {

	@Test
	void aRecordedRunReplaysToTheSameStudy() {
		StudyRequest asked = new StudyRequest(Path.of("/data/my study"), Path.of("/data/my study/derivatives/san2n"), List.of("01", "02"),
				List.of("1"), true, Settings.values(Setting.Job.DENOISE, Map.of("method", "san2n", "steps", "20", "outside_mask", "zero")));
		String line = MacroOptions.format(BatchPlugin.toRecord(asked));
		assertEquals("bids_dir=[/data/my study] output_dir=[/data/my study/derivatives/san2n] participant_label=[01 02] session_label=1 "
				+ "overwrite=true method=san2n steps=20 outside_mask=zero", line);
		// Read back as the plugin reads a macro's options: the same study.
		StudyRequest replayed = BatchPlugin.request(MacroOptions.read(line, Setting.Job.DENOISE));
		assertEquals(asked.bidsDir(), replayed.bidsDir());
		assertEquals(asked.outputDir(), replayed.outputDir());
		assertEquals(asked.participants(), replayed.participants());
		assertEquals(asked.sessions(), replayed.sessions());
		assertEquals(asked.overwrite(), replayed.overwrite());
		assertEquals(asked.settingsRecord(), replayed.settingsRecord());
		// A default run records the folders and the method only; a bare overwrite key is on, overwrite=false is off.
		StudyRequest plain = new StudyRequest(Path.of("/d"), Path.of("/o"), List.of(), List.of(), false, Settings.values(Setting.Job.DENOISE, Map.of()));
		assertEquals("bids_dir=/d output_dir=/o method=mppca", MacroOptions.format(BatchPlugin.toRecord(plain)));
		Map<String, String> given = new LinkedHashMap<>(MacroOptions.read("bids_dir=/d output_dir=/o overwrite", Setting.Job.DENOISE));
		assertTrue(BatchPlugin.request(given).overwrite());
		assertEquals(false, BatchPlugin.request(MacroOptions.read("bids_dir=/d output_dir=/o overwrite=false", Setting.Job.DENOISE)).overwrite());
	}
}
