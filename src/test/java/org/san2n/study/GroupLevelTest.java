package org.san2n.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.job.Setting;
import org.san2n.job.Settings;

class GroupLevelTest {

	@TempDir
	Path dir;

	/** A dataset of {@code scans} (names only) and derivatives in {@code out} with dataset_description.json. */
	static StudyRequest study(Path dir, String... scans) throws IOException {
		Path bids = dir.resolve("bids"), out = dir.resolve("out");
		Files.createDirectories(out);
		Files.writeString(Files.createDirectories(bids).resolve("dataset_description.json"), "{\"Name\": \"t\"}");
		for (String s : scans)
			Files.writeString(Files.createDirectories(bids.resolve(s).getParent()).resolve(Path.of(s).getFileName()), "x");
		StudyRequest r = new StudyRequest(bids, out, List.of(), List.of(), false, Settings.values(Setting.Job.DENOISE, Map.of()));
		Derivatives.describe(out, BidsLayout.open(bids, out), r.settingsRecord());
		return r;
	}

	/** The scan's outputs, complete, as a run that finished would leave them. */
	static Derivatives.Outputs done(StudyRequest r, String scan) throws IOException {
		BidsScan s = BidsLayout.open(r.bidsDir(), r.outputDir()).scans(List.of(), List.of()).stream().filter(x -> x.relative().equals(scan))
				.findFirst().orElseThrow();
		Derivatives.Outputs o = Derivatives.of(s, r.outputDir().toAbsolutePath());
		Files.createDirectories(o.nifti().getParent());
		for (Path p : List.of(o.nifti(), o.bval(), o.bvec()))
			Files.writeString(p, "x");
		Files.writeString(o.json(), "{\"method\": \"mppca\", \"noise_sigma\": 12.5, \"output_check_passed\": true, \"seconds\": 3}");
		return o;
	}

	@Test
	void aFailedRedoOfACompleteScanIsReportedFailedWithItsEarlierOutputsKept() throws IOException {
		StudyRequest r = study(dir, "sub-01/dwi/sub-01_dwi.nii.gz", "sub-02/dwi/sub-02_dwi.nii.gz");
		Derivatives.Outputs o = done(r, "sub-01/dwi/sub-01_dwi.nii.gz");
		done(r, "sub-02/dwi/sub-02_dwi.nii.gz");
		// An --overwrite redo of sub-01 failed before it replaced the outputs: its failure record is newer than the sidecar.
		Path failure = r.outputDir().toAbsolutePath().resolve("logs/sub-01/dwi/sub-01_dwi_failure.json");
		Files.createDirectories(failure.getParent());
		Files.writeString(failure, "{\"scan\": \"sub-01/dwi/sub-01_dwi.nii.gz\", \"reason\": \"out of memory\"}");
		Files.setLastModifiedTime(o.json(), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
		List<GroupLevel.Row> rows = GroupLevel.run(r);
		assertEquals(GroupLevel.FAILED_KEPT, rows.get(0).status());
		assertEquals("out of memory", rows.get(0).reason());
		assertTrue(GroupLevel.failed(rows.get(0)));
		assertEquals("done", rows.get(1).status());
		// An older failure record (the scan failed, then was done): done.
		Files.setLastModifiedTime(failure, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
		assertEquals("done", GroupLevel.run(r).get(0).status());
	}

	@Test
	void aValueFarFromTheMedianIsFlaggedWithWhy() {
		String[] o = GroupLevel.outliers(new double[] { 100, 102, 98, 101, 99, 412 }, 0);
		for (int i = 0; i < 5; i++)
			assertNull(o[i]);
		assertNotNull(o[5]);
		assertTrue(o[5].startsWith("412.0 high: median 100.5"), o[5]);
	}

	@Test
	void smallSpreadsFewScansAndShortTimesAreNotOutliers() {
		// Modified z far beyond 3.5 but within 20 % of the median: a homogeneous study is not full of outliers.
		assertArrayEquals(new String[4], GroupLevel.outliers(new double[] { 100, 100, 100, 110 }, 0));
		// Two values: nothing to judge.
		assertArrayEquals(new String[2], GroupLevel.outliers(new double[] { 1, 1000 }, 0));
		// 0.9 s against 0.2 s (JIT warm-up) is under the 30 s floor given for times.
		assertArrayEquals(new String[4], GroupLevel.outliers(new double[] { 0.2, 0.2, 0.2, 0.9 }, GroupLevel.MIN_SECONDS));
		// Unknown values are skipped.
		String[] o = GroupLevel.outliers(new double[] { Double.NaN, 10, 10, 10, 50 }, 0);
		assertNull(o[0]);
		assertNotNull(o[4]);
	}

	@Test
	void aSidecarOrDescriptionThatIsNotJsonIsReportedByNameAndTheOthersGoOn() throws IOException {
		StudyRequest r = study(dir, "sub-01/dwi/sub-01_dwi.nii.gz", "sub-02/dwi/sub-02_dwi.nii.gz", "sub-03/dwi/sub-03_dwi.nii.gz");
		Derivatives.Outputs broken = done(r, "sub-01/dwi/sub-01_dwi.nii.gz");
		Files.writeString(broken.json(), "{\"method\": \"mppca\", "); // hand-edited, cut short
		Derivatives.Outputs odd = done(r, "sub-02/dwi/sub-02_dwi.nii.gz");
		Files.writeString(odd.json(), "{\"method\": {\"name\": \"mppca\"}, \"output_check_passed\": [true], \"seconds\": \"3\"}");
		Path failure = r.outputDir().toAbsolutePath().resolve("logs/sub-03/dwi/sub-03_dwi_failure.json");
		Files.createDirectories(failure.getParent());
		Files.writeString(failure, "[1, 2]");
		List<GroupLevel.Row> rows = GroupLevel.run(r);
		assertEquals("done", rows.get(0).status());
		assertTrue(rows.get(0).reason().startsWith("cannot read its sidecar: " + broken.json() + " is not valid JSON"), rows.get(0).reason());
		assertEquals("done", rows.get(1).status(), "values of other types are shown as they are");
		assertEquals("{\"name\":\"mppca\"}", rows.get(1).method());
		assertEquals("n/a", rows.get(1).check());
		assertEquals("failed", rows.get(2).status());
		assertTrue(rows.get(2).reason().contains(failure + " is not a JSON object"), rows.get(2).reason());
		assertTrue(Files.readString(r.outputDir().resolve("group_dwi.tsv")).contains("sub-03"));

		// The derivatives' dataset_description.json, hand-edited: refused naming the file and the problem.
		Path description = r.outputDir().toAbsolutePath().resolve("dataset_description.json");
		String good = Files.readString(description);
		BidsLayout layout = BidsLayout.open(r.bidsDir(), r.outputDir());
		Files.writeString(description, good.substring(0, good.length() / 2));
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> Derivatives.describe(r.outputDir().toAbsolutePath(), layout, r.settingsRecord()));
		assertTrue(e.getMessage().contains(description + " is not valid JSON"), e.getMessage());
		com.google.gson.JsonObject d = com.google.gson.JsonParser.parseString(good).getAsJsonObject();
		com.google.gson.JsonObject gen = d.getAsJsonArray("GeneratedBy").get(0).getAsJsonObject();
		com.google.gson.JsonArray list = new com.google.gson.JsonArray();
		list.add("mppca");
		gen.getAsJsonObject("Settings").add("method", list);
		Files.writeString(description, d.toString());
		e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> Derivatives.describe(r.outputDir().toAbsolutePath(), layout, r.settingsRecord()));
		assertTrue(e.getMessage().contains("was written with method [\"mppca\"]"), e.getMessage());
		gen.addProperty("Settings", 3);
		Files.writeString(description, d.toString());
		e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> Derivatives.describe(r.outputDir().toAbsolutePath(), layout, r.settingsRecord()));
		assertTrue(e.getMessage().contains(description + ": GeneratedBy[0].Settings is 3"), e.getMessage());
	}

	@Test
	void derivativesOfAnotherReleaseAreRefusedNamingBothVersions() throws IOException {
		StudyRequest r = study(dir, "sub-01/dwi/sub-01_dwi.nii.gz");
		Path out = r.outputDir().toAbsolutePath(), description = out.resolve("dataset_description.json");
		BidsLayout layout = BidsLayout.open(r.bidsDir(), out);
		Derivatives.describe(out, layout, r.settingsRecord()); // the same release: accepted
		com.google.gson.JsonObject d = com.google.gson.JsonParser.parseString(Files.readString(description)).getAsJsonObject();
		d.getAsJsonArray("GeneratedBy").get(0).getAsJsonObject().addProperty("Version", "0.0.9");
		Files.writeString(description, d.toString());
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> Derivatives.describe(out, layout, r.settingsRecord()));
		assertTrue(e.getMessage().contains("written by SAN2N 0.0.9, and this is SAN2N " + org.san2n.progress.RunRecord.version()), e.getMessage());
	}
}
