package org.san2n.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.san2n.denoise.Method;

/** The declaration of the settings as the dialogs read it: words for the choices, and which method each setting serves. */
class SettingsTest {

	private static List<String> keys(List<Setting> settings) {
		return settings.stream().map(Setting::key).toList();
	}

	@Test
	void everyChoiceHasItsOwnWordsAndTheValueStaysTheKey() {
		for (Setting s : Settings.ALL) {
			if (s.type() != Setting.Type.CHOICE) {
				assertTrue(s.choiceLabels().isEmpty(), s.key());
				continue;
			}
			assertEquals(s.choices().size(), s.choiceLabels().size(), s.key());
			for (String c : s.choices()) {
				assertEquals(c, s.choiceOf(s.choiceLabel(c)), s.key());
				assertEquals(c, s.check(c), s.key() + ": a macro still gives the key");
			}
		}
		Setting method = Settings.get("method");
		assertEquals(List.of("mppca", "san2n", "san2n-paper"), method.choices());
		assertEquals(List.of("MP-PCA (fast, no training)", "SAN2N (trains a network on this scan)", "SAN2N as published"), method.choiceLabels());
		assertThrows(IllegalArgumentException.class, () -> method.check("MP-PCA (fast, no training)"), "the words are not a macro value");
	}

	@Test
	void mpPcasFirstPageHoldsTheScanAndAFewSettings() {
		List<String> first = Settings.of(Setting.Job.DENOISE, Method.MPPCA).stream().filter(s -> s.group().first()).map(Setting::key).toList();
		assertEquals(List.of("bvals", "bvecs", "mask", "method", "check", "max_minutes"), first);
		List<String> san2n = Settings.of(Setting.Job.DENOISE, Method.SAN2N).stream().filter(s -> s.group().first()).map(Setting::key).toList();
		assertEquals(List.of("bvals", "bvecs", "mask", "method", "check", "device", "max_minutes", "model", "save_model"), san2n);
	}

	@Test
	void everySettingDenoiseRefusesForMpPcaIsDeclaredAsNotServingIt() {
		// The dialog hides what MP-PCA cannot use; DenoiseRequest refuses a changed training setting with MP-PCA. Both must agree.
		for (Setting s : Settings.of(Setting.Job.DENOISE))
			if (s.group() == Setting.Group.TRAINING || DenoiseRequest.TRAINING_ONLY.contains(s.key()))
				assertFalse(s.appliesTo(Method.MPPCA), s.key());
		assertFalse(keys(Settings.of(Setting.Job.DENOISE, Method.SAN2N_PAPER)).contains("flips"), "san2n-paper averages no mirror images");
		assertFalse(keys(Settings.of(Setting.Job.DENOISE, Method.SAN2N_PAPER)).contains("rician"), "san2n-paper keeps the Rician bias");
	}

	@Test
	void trainShowsSan2nsSettingsAndRefusesThePublishedLossOnes() {
		assertEquals(Settings.of(Setting.Job.TRAIN), Settings.of(Setting.Job.TRAIN, null));
		List<String> train = keys(Settings.of(Setting.Job.TRAIN, Method.SAN2N));
		for (String paperOnly : List.of("lambda1", "lambda2", "beta", "max_angle")) {
			assertFalse(train.contains(paperOnly), paperOnly + ": san2n, which Train trains, does not read it");
			assertTrue(keys(Settings.of(Setting.Job.DENOISE, Method.SAN2N_PAPER)).contains(paperOnly), paperOnly);
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
					() -> TrainRequest.of(Settings.values(Setting.Job.TRAIN, Map.of(paperOnly, "3"))));
			assertTrue(e.getMessage().contains("san2n-paper"), e.getMessage());
			IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
					() -> DenoiseRequest.of(Settings.values(Setting.Job.DENOISE, Map.of(paperOnly, "3"))));
			assertTrue(m.getMessage().contains("choose method san2n-paper"), "mppca points to the method that reads it: " + m.getMessage());
		}
		assertEquals("Model", Setting.Group.MAIN.title(Setting.Job.TRAIN));
		assertEquals("Method", Setting.Group.MAIN.title(Setting.Job.DENOISE));
	}

	@Test
	void eachMapIsAFileOnTheCommandLineAndAnImageInImageJ() {
		List<String> cli = keys(Settings.offeredBy(Setting.Job.DENOISE, Setting.FrontEnds.COMMAND_LINE));
		List<String> imagej = keys(Settings.offeredBy(Setting.Job.DENOISE, Setting.FrontEnds.IMAGEJ));
		for (String map : List.of("noise_map", "rank_map", "residual")) {
			assertTrue(cli.contains(map) && !imagej.contains(map), map);
			assertTrue(imagej.contains("show_" + map) && !cli.contains("show_" + map), "show_" + map);
			assertEquals(Setting.Type.NEW_FILE, Settings.get(map).type());
			assertEquals(Setting.Type.BOOLEAN, Settings.get("show_" + map).type());
			assertEquals(Settings.get(map).methods(), Settings.get("show_" + map).methods(), map + ": the same methods");
		}
		assertTrue(cli.contains("noise_map_in") && imagej.contains("noise_map_in"), "a prior σ in every front end");
		assertFalse(Settings.get("rank_map").appliesTo(Method.SAN2N_PAPER), "san2n-paper runs no MP-PCA");
		assertEquals("true", Settings.get("show_residual").check("yes"));
		assertThrows(IllegalArgumentException.class, () -> Settings.get("show_residual").check("maybe"));
	}
}
