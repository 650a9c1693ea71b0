package org.san2n.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BidsLayoutTest {

	@TempDir
	Path dir;

	/** Empty files where names are all that matter. */
	private Path touch(String relative) throws IOException {
		Path p = dir.resolve(relative);
		Files.createDirectories(p.getParent());
		return Files.writeString(p, relative.endsWith(".json") ? "{}" : "x");
	}

	private BidsLayout dataset() throws IOException {
		touch("dataset_description.json");
		return BidsLayout.open(dir, null);
	}

	@Test
	void scansWithAndWithoutSessionsAreFoundAndFiltered() throws IOException {
		BidsLayout layout = dataset();
		touch("sub-01/ses-1/dwi/sub-01_ses-1_dwi.nii.gz");
		touch("sub-01/ses-2/dwi/sub-01_ses-2_dwi.nii");
		touch("sub-02/dwi/sub-02_dwi.nii.gz");
		touch("sub-02/dwi/sub-02_dwi.bval");
		touch("sub-02/anat/sub-02_T1w.nii.gz");
		touch("derivatives/x/sub-09/dwi/sub-09_dwi.nii.gz");
		assertEquals(List.of("sub-01/ses-1/dwi/sub-01_ses-1_dwi.nii.gz", "sub-01/ses-2/dwi/sub-01_ses-2_dwi.nii", "sub-02/dwi/sub-02_dwi.nii.gz"),
				layout.scans(List.of(), List.of()).stream().map(BidsScan::relative).toList());
		assertEquals(List.of("sub-01/ses-2/dwi/sub-01_ses-2_dwi.nii"),
				layout.scans(List.of("01"), List.of("2")).stream().map(BidsScan::relative).toList());
		String m = assertThrows(IllegalArgumentException.class, () -> layout.scans(List.of("07"), List.of())).getMessage();
		assertTrue(m.contains("has no sub-07 (it has sub-01, sub-02)"), m);
		m = assertThrows(IllegalArgumentException.class, () -> layout.scans(List.of(), List.of("3"))).getMessage();
		assertTrue(m.contains("no ses-3") && m.contains("ses-1, ses-2"), m);
	}

	@Test
	void aScanNamedForAnotherSubjectIsAProblemOfThatScanOnly() throws IOException {
		BidsLayout layout = dataset();
		touch("sub-01/dwi/sub-02_dwi.nii.gz");
		touch("sub-01/dwi/sub-01_acq_dwi.nii.gz");
		List<BidsScan> scans = layout.scans(List.of(), List.of());
		assertEquals(2, scans.size());
		assertTrue(scans.get(0).problem().contains("'acq' is not an entity"), scans.get(0).problem());
		assertTrue(scans.get(1).problem().contains("folder of sub-01 but its name says sub-02"), scans.get(1).problem());
	}

	@Test
	void gradientFilesComeFromTheNearestFolderThatHasOne() throws IOException {
		BidsLayout layout = dataset();
		touch("sub-01/ses-1/dwi/sub-01_ses-1_acq-a_dwi.nii.gz");
		touch("sub-01/ses-1/dwi/sub-01_ses-1_acq-b_dwi.nii.gz");
		Path own = touch("sub-01/ses-1/dwi/sub-01_ses-1_acq-a_dwi.bval");
		Path top = touch("acq-b_dwi.bval");
		Path subjectLevel = touch("sub-01/sub-01_dwi.bvec");
		touch("dwi.bvec");
		touch("acq-c_dwi.bval");
		List<BidsScan> scans = layout.scans(List.of(), List.of());
		assertEquals(own, layout.inherited(scans.get(0), ".bval"));
		assertEquals(top, layout.inherited(scans.get(1), ".bval"));
		assertEquals(subjectLevel, layout.inherited(scans.get(1), ".bvec"), "the subject's folder is nearer than the top");
		// Two that apply in one folder: BIDS forbids it, and it is said.
		touch("sub-01/acq-b_dwi.bval");
		touch("sub-01/ses-1_dwi.bval");
		String m = assertThrows(IllegalArgumentException.class, () -> layout.inherited(scans.get(1), ".bval")).getMessage();
		assertTrue(m.contains("apply to sub-01_ses-1_acq-b_dwi.nii.gz"), m);
	}

	@Test
	void metadataIsMergedFromTheTopDown() throws IOException {
		BidsLayout layout = dataset();
		touch("sub-01/dwi/sub-01_dwi.nii.gz");
		Files.writeString(dir.resolve("dwi.json"), "{\"PhaseEncodingDirection\": \"j-\", \"TotalReadoutTime\": 0.05}");
		Files.writeString(dir.resolve("sub-01/dwi/sub-01_dwi.json"), "{\"PhaseEncodingDirection\": \"j\"}");
		var meta = layout.metadata(layout.scans(List.of(), List.of()).get(0));
		assertEquals("j", meta.get("PhaseEncodingDirection").getAsString());
		assertEquals(0.05, meta.get("TotalReadoutTime").getAsDouble());
	}

	@Test
	void aMaskIsFoundBesideTheScanOrInADerivativesDatasetButNotInTheOutput() throws IOException {
		touch("sub-01/dwi/sub-01_dwi.nii.gz");
		touch("sub-02/dwi/sub-02_dwi.nii.gz");
		touch("sub-03/dwi/sub-03_dwi.nii.gz");
		Path beside = touch("sub-01/dwi/sub-01_desc-brain_mask.nii.gz");
		Path derived = touch("derivatives/fsl-bet/sub-02/dwi/sub-02_space-dwi_desc-brain_mask.nii.gz");
		touch("derivatives/san2n/sub-03/dwi/sub-03_desc-brain_mask.nii.gz");
		touch("dataset_description.json");
		BidsLayout layout = BidsLayout.open(dir, dir.resolve("derivatives/san2n"));
		List<BidsScan> scans = layout.scans(List.of(), List.of());
		assertEquals(beside, layout.mask(scans.get(0)));
		assertEquals(derived, layout.mask(scans.get(1)));
		assertNull(layout.mask(scans.get(2)), "the study's own output folder is not an input");
		touch("derivatives/other/sub-01/dwi/sub-01_desc-brain_mask.nii");
		assertNotNull(assertThrows(IllegalArgumentException.class, () -> layout.mask(scans.get(0))).getMessage().contains("more than one"));
	}

	@Test
	void aFolderThatIsNoDatasetIsRefused() throws IOException {
		assertTrue(assertThrows(IOException.class, () -> BidsLayout.open(dir, null)).getMessage().contains("no dataset_description.json"));
		assertTrue(assertThrows(IOException.class, () -> BidsLayout.open(dir.resolve("nope"), null)).getMessage().contains("no such folder"));
	}

	@Test
	void twoScansWithOneDerivativeNameAreBothRefusedNamingEachOtherAndFailuresAreKeptByPath() throws IOException {
		BidsLayout layout = dataset();
		touch("sub-01/dwi/sub-01_dwi.nii");
		touch("sub-01/dwi/sub-01_dwi.nii.gz");
		touch("sub-01/dwi/sub-02_dwi.nii.gz"); // misplaced: sub-02's name in sub-01's folder
		touch("sub-02/dwi/sub-02_dwi.nii.gz");
		List<BidsScan> scans = layout.scans(List.of(), List.of());
		assertEquals(4, scans.size());
		for (BidsScan s : scans.subList(0, 2))
			assertEquals("sub-01/dwi/sub-01_dwi.nii and sub-01/dwi/sub-01_dwi.nii.gz would both be written to sub-01_desc-denoised_dwi.nii.gz: "
					+ "the dataset has one scan under two names; keep one of them", s.problem());
		assertNull(scans.get(3).problem());
		// The misplaced file and sub-02's own scan share a file name, not a failure record.
		Path out = dir.resolve("derivatives/san2n");
		assertEquals(out.resolve("logs/sub-01/dwi/sub-02_dwi_failure.json"), Derivatives.failureRecord(scans.get(2), out));
		assertEquals(out.resolve("logs/sub-02/dwi/sub-02_dwi_failure.json"), Derivatives.failureRecord(scans.get(3), out));
	}
}
