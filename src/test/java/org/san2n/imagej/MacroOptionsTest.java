package org.san2n.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.job.SettingValues;
import org.san2n.job.Settings;
import org.san2n.job.TrainRequest;

import ij.plugin.frame.Recorder;

/** The macro options of SAN2N Train and Denoise: how they are read, and what the recorder writes for a run. */
class MacroOptionsTest {

	private static Map<String, String> map(String... keyValues) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2)
			m.put(keyValues[i], keyValues[i + 1]);
		return m;
	}

	@Test
	void aKeyIsFoundOnlyWhereItStartsAnOptionNotInsideALongerOne() {
		// ImageJ's Macro.getValue finds "model=" in "save_model=" and "stride=" in "mppca_stride=".
		assertEquals("/m.san2n", ij.Macro.getValue("save_model=/m.san2n ", "model", null), "ImageJ's own lookup (why we parse)");
		Map<String, String> o = MacroOptions.parse("save_model=/m.san2n mppca_stride=2");
		assertNull(o.get("model"));
		assertNull(o.get("stride"));
		assertEquals(map("save_model", "/m.san2n", "mppca_stride", "2"), o);
	}

	@Test
	void valuesInBracketsOrQuotesMayHoldSpacesAndAKeyInsideOneIsNoKey() {
		Map<String, String> o = MacroOptions.parse("  mask=[/data/my scan/stride=3 mask.nii] sigma='1 2'   method=san2n steps=20");
		assertEquals(map("mask", "/data/my scan/stride=3 mask.nii", "sigma", "1 2", "method", "san2n", "steps", "20"), o);
		assertEquals(map("mask", "/a[1]/b c"), MacroOptions.parse("mask=[/a[1]/b c]"), "nested brackets, as ImageJ counts them");
	}

	@Test
	void theFirstOfARepeatedKeyWinsAsInImageJAndABareWordIsAnEmptyKey() {
		assertEquals(map("epochs", "3", "flag", ""), MacroOptions.parse("epochs=3 flag epochs=5"));
		assertEquals(map(), MacroOptions.parse(""));
		assertEquals(map(), MacroOptions.parse(null));
	}

	@Test
	void aCheckboxIsOnAsABareKeyOrTrueAndAMapFileIsTheCommandLinesNotAMacros() {
		Map<String, String> given = MacroOptions.read("show_noise_map show_residual=false show_rank_map=true", Setting.Job.DENOISE);
		DenoiseRequest r = DenoiseRequest.of(Settings.values(Setting.Job.DENOISE, Setting.FrontEnds.IMAGEJ, given));
		assertEquals(new DenoiseRequest.Maps(null, null, null, true, true, false, null), r.maps());
		// A macro cannot ask for a file it would never get: noise_map is the command line's --noise-map.
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.values(Setting.Job.DENOISE,
				Setting.FrontEnds.IMAGEJ, MacroOptions.read("noise_map=/tmp/s.nii.gz", Setting.Job.DENOISE)));
		assertEquals("'noise_map' is a setting of the command line, not of ImageJ/Fiji: give show_noise_map to add it as an image, then save that image",
				e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Settings.values(Setting.Job.DENOISE, Setting.FrontEnds.IMAGEJ,
				map("show_rank_map", "maybe")), "true or false");
		// The recorder writes what was checked, and the line reads back to the same request.
		SettingValues v = Settings.values(Setting.Job.DENOISE, Setting.FrontEnds.IMAGEJ, given);
		String line = MacroOptions.format(MacroOptions.toRecord(v, "mppca"));
		assertEquals("method=mppca show_noise_map=true show_rank_map=true", line);
		assertEquals(r.maps(), DenoiseRequest.of(Settings.values(Setting.Job.DENOISE, Setting.FrontEnds.IMAGEJ,
				MacroOptions.read(line, Setting.Job.DENOISE))).maps());
	}

	@Test
	void anUnclosedBracketIsRefusedWithTheKey() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacroOptions.parse("mask=[/a b method=san2n"));
		assertEquals("mask=[… has no closing ]", e.getMessage());
	}

	/** What SAN2N Denoise records after the dialog gave {@code given} (the fields changed from their defaults). */
	private static String recordedDenoise(Map<String, String> given) {
		SettingValues v = Settings.values(Setting.Job.DENOISE, given);
		return MacroOptions.format(MacroOptions.toRecord(v, DenoiseRequest.of(v).method().key()));
	}

	@Test
	void aDefaultRunRecordsOnlyItsMethod() {
		assertEquals("method=mppca", recordedDenoise(map()));
	}

	@Test
	void aSan2nRunRecordsTheMethodAndTheKeysTheUserChanged() {
		assertEquals("method=san2n steps=20", recordedDenoise(map("method", "san2n", "steps", "20")));
		assertEquals("mask=[/data/my scan/mask.nii.gz] method=san2n lr=0.002 mppca_stride=2",
				recordedDenoise(map("mppca_stride", "2", "method", "SAN2N", "lr", "2e-3", "mask", " /data/my scan/mask.nii.gz ")),
				"the dialog's order, each value as the settings write it");
	}

	@Test
	void aModelWithoutAMethodRecordsTheMethodThatRanSan2n() {
		// Recording the dialog's untouched "mppca" would make the line refuse its own model on replay.
		assertEquals("method=san2n model=/m.san2n", recordedDenoise(map("model", "/m.san2n")));
	}

	@Test
	void aTrainingKeyLeftAtItsDefaultIsNotRecordedSoEditingTheMethodToMppcaStillRuns() {
		String line = recordedDenoise(map("method", "san2n", "outside_mask", "zero"));
		assertEquals("method=san2n outside_mask=zero", line);
		String edited = line.replace("method=san2n", "method=mppca");
		DenoiseRequest r = DenoiseRequest.of(Settings.values(Setting.Job.DENOISE, MacroOptions.parse(edited)));
		assertEquals("mppca", r.method().key());
	}

	@Test
	void everyRecordedLineReplaysToTheSameSettingsAndMethod() {
		for (Map<String, String> given : java.util.List.of(map(), map("method", "san2n"), map("model", "/m.san2n", "check", "warn"),
				map("save_model", "/out/m.san2n", "steps", "50", "seed", "7"), map("mppca_stride", "3", "window", "7", "coils", "4"),
				map("method", "san2n-paper", "epochs", "5", "stride", "4", "mppca_stride", "2", "lambda1", "0.5", "max_angle", "25"),
				map("bvals", "/d/b vals", "bvecs", "/d/b vecs", "method", "san2n", "sigma", "12.5", "rician", "keep", "non_finite", "zero"))) {
			SettingValues v = Settings.values(Setting.Job.DENOISE, given);
			String method = DenoiseRequest.of(v).method().key();
			String line = MacroOptions.format(MacroOptions.toRecord(v, method));
			SettingValues replayed = Settings.values(Setting.Job.DENOISE, MacroOptions.parse(line));
			// The method is compared as it ran: a model without a method runs SAN2N, and the line says san2n.
			Map<String, String> a = new LinkedHashMap<>(v.asMap()), b = new LinkedHashMap<>(replayed.asMap());
			a.remove("method");
			b.remove("method");
			assertEquals(a, b, line);
			assertEquals(method, DenoiseRequest.of(replayed).method().key(), line);
		}
	}

	@Test
	void trainRecordsItsChangedKeysAndNoMethod() {
		SettingValues v = Settings.values(Setting.Job.TRAIN, map("steps", "20", "width", "8"));
		Map<String, String> r = MacroOptions.toRecord(v, null);
		assertEquals("steps=20 width=8", MacroOptions.format(r));
		assertEquals(v.asMap(), Settings.values(Setting.Job.TRAIN, MacroOptions.parse(MacroOptions.format(r))).asMap());
		TrainRequest.of(v); // the settings a recorded Train line gives are a valid request
		assertEquals("", MacroOptions.format(MacroOptions.toRecord(Settings.values(Setting.Job.TRAIN, map()), null)));
	}

	@Test
	void theRecorderIsGivenExactlyTheseOptionsReplacingWhatTheDialogCollected() {
		// GenericDialog has recorded every field by the time the plugin runs; writeOptions replaces them.
		Recorder.resetCommandOptions();
		Recorder.recordOption("epochs", "0");
		Recorder.recordOption("steps", "0");
		Map<String, String> options = map("mask", "/data/my scan/mask.nii.gz", "method", "san2n", "steps", "20");
		Recording.writeOptions(options);
		assertEquals(MacroOptions.format(options), Recorder.getCommandOptions());
		assertEquals("mask=[/data/my scan/mask.nii.gz] method=san2n steps=20", Recorder.getCommandOptions());
		// Backslashes and quotes are escaped: the options are written inside a "…" literal of the macro.
		Recording.writeOptions(map("mask", "C:\\scans\\mask.nii"));
		assertEquals("mask=C:\\\\scans\\\\mask.nii", Recorder.getCommandOptions());
		Recorder.resetCommandOptions();
	}
}
