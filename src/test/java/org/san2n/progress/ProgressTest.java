package org.san2n.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProgressTest {

	@Test
	void recordingUnderAPrefixKeepsBothRunsFacts() {
		RunRecord record = new RunRecord();
		List<String> lines = new ArrayList<>();
		Progress outer = new RecordingProgress(new Progress() {
			@Override
			public void update(String stage, long done, long total) {}

			@Override
			public boolean isCancelled() {
				return true;
			}

			@Override
			public void log(String line) {
				lines.add(line);
			}
		}, record);
		outer.record("mppca_stride", 1);
		Progress second = outer.recordingUnder("training_inputs_");
		second.record("mppca_stride", 2);
		second.log("MP-PCA: …");
		assertEquals(1, record.entries().get("mppca_stride"));
		assertEquals(2, record.entries().get("training_inputs_mppca_stride"));
		assertEquals(List.of("MP-PCA: …"), lines, "lines pass through");
		assertTrue(second.isCancelled(), "a cancel reaches the second run");
	}
}
