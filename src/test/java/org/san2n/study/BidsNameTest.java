package org.san2n.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class BidsNameTest {

	@Test
	void aNameIsItsEntitiesSuffixAndExtension() {
		BidsName n = BidsName.parse("sub-01_ses-1_acq-b1000_run-2_dwi.nii.gz");
		assertEquals(Map.of("sub", "01", "ses", "1", "acq", "b1000", "run", "2"), n.entities());
		assertEquals("dwi", n.suffix());
		assertEquals(".nii.gz", n.extension());
		assertEquals("sub-01_ses-1_acq-b1000_run-2_desc-denoised_dwi.nii.gz", n.with("desc", "denoised").toString());
		assertEquals("sub-01_ses-1_acq-b1000_run-2", n.entityPart());
		assertEquals("acq-b1000_dwi", new BidsScan(null, "x", "01", "1", n, null).protocol());
	}

	@Test
	void inheritanceAppliesAFileWhoseEntitiesTheScanHas() {
		BidsName scan = BidsName.parse("sub-01_ses-1_acq-a_dwi.nii.gz");
		assertTrue(BidsName.parse("dwi.bval").appliesTo(scan));
		assertTrue(BidsName.parse("acq-a_dwi.bval").appliesTo(scan));
		assertTrue(BidsName.parse("sub-01_dwi.json").appliesTo(scan));
		assertFalse(BidsName.parse("acq-b_dwi.bval").appliesTo(scan));
		assertFalse(BidsName.parse("sub-01_run-1_dwi.bval").appliesTo(scan));
	}

	@Test
	void aNameThatIsNotBidsIsRefusedSayingWhichPart() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> BidsName.parse("sub-01_ses_1_dwi.nii.gz")).getMessage().contains("'ses'"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> BidsName.parse("sub-01_sub-02_dwi.nii")).getMessage().contains("twice"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> BidsName.parse("sub-0.1_dwi.nii")).getMessage().contains("not a BIDS name"));
	}
}
