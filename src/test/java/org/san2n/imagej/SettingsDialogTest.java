package org.san2n.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;
import org.san2n.qspace.GradientTable;

import ij.ImagePlus;
import ij.gui.NewImage;

/** What the dialogs say, without showing one (the windows themselves are checked under Xvfb: DialogScreenshots, RecorderCheck). */
class SettingsDialogTest {

	@Test
	void aRefusalNamesTheFieldAsTheDialogLabelsIt() {
		assertEquals("“Time budget (minutes)” must be 1–100000, got 0",
				SettingsDialog.problem(new IllegalArgumentException("max_minutes must be 1–100000, got 0")));
		assertEquals("no such file or no access: /x/bvals", SettingsDialog.problem(new NoSuchFileException("/x/bvals")));
		assertEquals("give both the bvals and the bvecs file, or neither",
				SettingsDialog.problem(new IllegalArgumentException("give both the bvals and the bvecs file, or neither")));
	}

	@Test
	void numbersAreShownAsAPersonWritesThem() {
		assertEquals("0.00001", FieldsPanel.shown(org.san2n.job.Settings.get("beta"), "1.0E-5"));
		assertEquals("50", FieldsPanel.shown(org.san2n.job.Settings.get("b0_threshold"), "50.0"));
		assertEquals("0.001", FieldsPanel.shown(org.san2n.job.Settings.get("lr"), "0.001"));
		assertEquals("x", FieldsPanel.shown(org.san2n.job.Settings.get("lr"), "x"), "what was typed stays, to be corrected");
	}

	@Test
	void aLongMessageIsWrappedAtSpaces() {
		String wrapped = FieldsPanel.wrap("aaa bbb ccc ddd", 7);
		assertEquals("aaa bbb\nccc ddd", wrapped);
		assertEquals("a\nverylongword\nb", FieldsPanel.wrap("a verylongword b", 5));
	}

	@Test
	void theSummarySaysWhichImageAndItsVolumes() {
		ImagePlus image = NewImage.createFloatImage("dwi", 8, 6, 4 * 3, NewImage.FILL_BLACK);
		image.setDimensions(1, 4, 3);
		image.getCalibration().pixelWidth = 2;
		image.getCalibration().pixelHeight = 2;
		image.getCalibration().pixelDepth = 2.5;
		image.getCalibration().setUnit("mm");
		GradientTable table = new GradientTable(new double[] { 0, 1000, 2005 }, new double[][] { { 0, 0, 0 }, { 1, 0, 0 }, { 0, 1, 0 } });
		assertEquals("Image 'dwi': 8×6×4 voxels of 2×2×2.5 mm, 3 volumes (frames)", ScanSummary.size(image, table));
		assertEquals("0, 1000, 2010", ScanSummary.shells(table));
		String none = ScanSummary.of(image);
		assertTrue(none.startsWith("Image 'dwi': 8×6×4 voxels of 2×2×2.5 mm, 1 channel, 3 frames\n"), none);
		assertTrue(none.endsWith("No gradient table is stored with the image: give its bvals and bvecs files."), none);
	}
}
