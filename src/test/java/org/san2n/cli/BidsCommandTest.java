package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiReader;
import org.san2n.study.SyntheticStudy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The BIDS App on a synthetic study: two protocols, sessions, inherited gradient files, one broken subject. */
class BidsCommandTest {

	@TempDir
	static Path dir;
	static Path bids, out;
	static San2nCliTest.Result first;

	@BeforeAll
	static void participantLevel() throws IOException {
		bids = SyntheticStudy.write(dir.resolve("bids"));
		out = bids.resolve("derivatives/san2n");
		first = San2nCliTest.run("bids", bids.toString(), out.toString(), "participant");
	}

	static JsonObject json(Path p) throws IOException {
		return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
	}

	static Path derivative(String scan, String extension) {
		return out.resolve(scan.replace("_dwi.nii.gz", "_desc-denoised_dwi" + extension));
	}

	@Test
	void theBrokenSubjectIsReportedAndTheOthersAreDone() {
		assertEquals(1, first.code(), first.err());
		assertTrue(first.out().contains("participant level: 5 scans: 4 done, 0 skipped, 1 failed"), first.out());
		assertTrue(first.out().contains("FAILED " + SyntheticStudy.BROKEN + ": ") && first.out().contains("truncated"), first.out());
		assertTrue(Files.isRegularFile(out.resolve("logs/sub-03/ses-1/dwi/sub-03_ses-1_acq-b_dwi_failure.json")));
		assertFalse(Files.exists(out.resolve("sub-03")), "no empty folder is left for the broken scan");
	}

	@Test
	void everyOtherScanHasItsDerivativesUnderBidsNames() throws IOException {
		for (String scan : List.of(SyntheticStudy.SCANS).subList(0, 4)) {
			for (String ext : List.of(".nii.gz", ".bval", ".bvec", ".json"))
				assertTrue(Files.isRegularFile(derivative(scan, ext)), derivative(scan, ext).toString());
			NiftiHeader in = NiftiReader.readHeader(bids.resolve(scan)), den = NiftiReader.readHeader(derivative(scan, ".nii.gz"));
			assertArrayEquals(in.dims(), den.dims());
			assertEquals("float32", den.dataType().label());
			JsonObject side = json(derivative(scan, ".json"));
			assertEquals("bids:raw:" + scan, side.getAsJsonArray("Sources").get(0).getAsString());
			assertEquals("mppca", side.get("method").getAsString());
			assertTrue(side.get("noise_sigma").getAsDouble() > 0 && side.get("output_check_passed").getAsBoolean(), side.toString());
			assertTrue(side.has("seconds") && side.get("software").getAsString().startsWith("san2n "), side.toString());
			assertEquals("j-", side.get("PhaseEncodingDirection").getAsString(), "the raw metadata, inherited, is kept");
			assertTrue(side.get("mask").getAsString().startsWith("bids:raw:"), "the dataset's mask was used");
		}
		// acq-b's gradient files are inherited from the dataset's top folder and copied byte for byte.
		assertEquals(Files.readString(bids.resolve("acq-b_dwi.bval")), Files.readString(derivative(SyntheticStudy.SCANS[3], ".bval")));
		assertEquals(Files.readString(bids.resolve("sub-01/ses-1/dwi/sub-01_ses-1_acq-a_dwi.bvec")),
				Files.readString(derivative(SyntheticStudy.SCANS[0], ".bvec")));
	}

	@Test
	void theDatasetDescriptionSaysDerivativeWhoMadeItAndWithWhat() throws IOException {
		JsonObject d = json(out.resolve("dataset_description.json"));
		assertEquals("derivative", d.get("DatasetType").getAsString());
		assertTrue(d.has("BIDSVersion") && d.get("Name").getAsString().contains("synthetic"));
		JsonObject gen = d.getAsJsonArray("GeneratedBy").get(0).getAsJsonObject();
		assertEquals("SAN2N", gen.get("Name").getAsString());
		assertTrue(gen.has("Version"));
		assertEquals("mppca", gen.getAsJsonObject("Settings").get("method").getAsString());
		assertFalse(gen.getAsJsonObject("Settings").has("bvals"), "per-scan files are no study setting");
	}

	@Test
	void aRerunDoesNoWorkAndOverwriteRedoesIt() throws IOException {
		Map<Path, FileTime> before = times();
		San2nCliTest.Result again = San2nCliTest.run("bids", bids.toString(), out.toString(), "participant");
		assertEquals(1, again.code(), again.err());
		assertTrue(again.out().contains("4 skipped, 1 failed"), again.out());
		assertEquals(before, times(), "no output was touched");
		San2nCliTest.Result redo = San2nCliTest.run("bids", bids.toString(), out.toString(), "participant", "--participant-label", "sub-01",
				"--session-label", "2", "--overwrite");
		assertEquals(0, redo.code(), redo.err());
		assertTrue(redo.out().contains("1 scan: 1 done, 0 skipped, 0 failed"), redo.out());
		Path redone = derivative(SyntheticStudy.SCANS[1], ".json");
		assertTrue(times().get(redone).compareTo(before.get(redone)) > 0, "sub-01 ses-2 was written again");
		assertEquals(before.get(derivative(SyntheticStudy.SCANS[0], ".json")), times().get(derivative(SyntheticStudy.SCANS[0], ".json")));
	}

	private static Map<Path, FileTime> times() throws IOException {
		Map<Path, FileTime> m = new HashMap<>();
		try (Stream<Path> s = Files.walk(out)) {
			for (Path p : s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains("desc-denoised")).toList())
				m.put(p, Files.getLastModifiedTime(p));
		}
		return m;
	}

	@Test
	void theGroupLevelTabulatesEveryScan() throws IOException {
		San2nCliTest.Result g = San2nCliTest.run("bids", bids.toString(), out.toString(), "group");
		assertEquals(0, g.code(), g.err());
		assertTrue(g.out().contains("5 scans: 4 done, 1 failed, 0 not run"), g.out());
		List<String> lines = Files.readAllLines(out.resolve("group_dwi.tsv"));
		assertEquals("subject\tsession\tscan\tprotocol\tstatus\tmethod\tnoise_sigma\toutput_check\tseconds\toutlier\treason", lines.get(0));
		assertEquals(6, lines.size());
		String[] broken = lines.get(5).split("\t");
		assertEquals(List.of("03", "1", SyntheticStudy.BROKEN, "acq-b_dwi", "failed"), List.of(broken).subList(0, 5));
		assertTrue(broken[10].contains("truncated"), lines.get(5));
		String[] done = lines.get(1).split("\t");
		assertEquals(List.of("done", "mppca"), List.of(done).subList(4, 6));
		assertEquals("passed", done[7]);
		assertTrue(Files.isRegularFile(out.resolve("group_dwi.json")));
	}

	@Test
	void anOutputThatWouldTouchTheDatasetOrMixSettingsIsRefusedBeforeAnyWork() {
		San2nCliTest.Result same = San2nCliTest.run("bids", bids.toString(), bids.toString(), "participant");
		assertEquals(1, same.code());
		assertTrue(same.err().contains("is BIDS_DIR"), same.err());
		San2nCliTest.Result inside = San2nCliTest.run("bids", bids.toString(), bids.resolve("sub-01/out").toString(), "participant");
		assertTrue(inside.err().contains("not under its derivatives/"), inside.err());
		San2nCliTest.Result other = San2nCliTest.run("bids", bids.toString(), out.toString(), "participant", "--outside-mask", "zero");
		assertEquals(1, other.code());
		assertTrue(other.err().contains("was written with outside_mask denoise, and this run asks for zero"), other.err());
		San2nCliTest.Result level = San2nCliTest.run("bids", bids.toString(), out.toString(), "subject");
		assertEquals(2, level.code());
		assertTrue(level.err().contains("participant, group or protocol"), level.err());
		San2nCliTest.Result label = San2nCliTest.run("bids", bids.toString(), out.toString(), "participant", "--participant-label", "07");
		assertTrue(label.err().contains("has no sub-07"), label.err());
	}
}
