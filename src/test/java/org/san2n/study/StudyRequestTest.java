package org.san2n.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.san2n.job.Setting;
import org.san2n.job.Settings;

class StudyRequestTest {

	@Test
	void pathsInTheSettingsAreMadeAbsoluteForTheJobsAndTheRecord() {
		StudyRequest r = new StudyRequest(Path.of("bids"), Path.of("out"), List.of(), List.of(), false,
				Settings.values(Setting.Job.DENOISE, Map.of("method", "san2n", "model", "models/m.san2n", "sigma", "sigma.txt")));
		String here = Path.of("").toAbsolutePath().toString();
		assertEquals(here + "/models/m.san2n", r.settings().text("model"));
		assertEquals(here + "/sigma.txt", r.settings().text("sigma"));
		assertEquals(here + "/models/m.san2n", r.settingsRecord().get("model"), "dataset_description.json records the absolute path");
		assertEquals(here + "/models/m.san2n", r.denoise().model().toString());
		// A σ that is numbers stays numbers; an absolute path stays as it is.
		r = new StudyRequest(Path.of("bids"), Path.of("out"), List.of(), List.of(), false,
				Settings.values(Setting.Job.DENOISE, Map.of("method", "san2n", "sigma", "12.5,13", "model", "/opt/m.san2n")));
		assertEquals("12.5,13", r.settings().text("sigma"));
		assertEquals("/opt/m.san2n", r.settings().text("model"));
		assertEquals(true, r.settings().given("sigma"));
	}
}
