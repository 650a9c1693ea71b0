package org.san2n.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.qspace.GradientTable;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ShortProcessor;

class HyperstacksTest {

	static final GradientTable TABLE = TestModels.table(5, 3);

	/** Voxel value that encodes its position: 1000 v + 100 z + 10 row + x (x < 10, rows < 10). */
	static float code(int x, int row, int z, int v) {
		return 1000 * v + 100 * z + 10 * row + x;
	}

	static ImagePlus coded(VolumeAxis axis, int w, int h, int depth, int volumes) {
		ImageStack stack = new ImageStack(w, h);
		ImagePlus imp = new ImagePlus();
		for (int i = 0; i < depth * volumes; i++)
			stack.addSlice(new ij.process.FloatProcessor(w, h));
		imp.setStack("coded.nii.gz", stack);
		if (axis == VolumeAxis.FRAMES) imp.setDimensions(1, depth, volumes);
		else imp.setDimensions(volumes, depth, 1);
		for (int v = 0; v < volumes; v++)
			for (int z = 0; z < depth; z++) {
				float[] p = (float[]) stack.getPixels(axis.stackIndex(imp, z, v));
				for (int row = 0; row < h; row++)
					for (int x = 0; x < w; x++)
						p[row * w + x] = code(x, row, z, v);
			}
		Calibration cal = new Calibration();
		cal.pixelWidth = 2;
		cal.pixelHeight = 2;
		cal.pixelDepth = 2.5;
		cal.setUnit("mm");
		imp.setCalibration(cal);
		return imp;
	}

	@Test
	void framesAndChannelsGiveTheSameScanWithRowsTurnedOver() throws IOException {
		for (VolumeAxis axis : VolumeAxis.values()) {
			ImagePlus imp = coded(axis, 6, 4, 3, 5);
			DwiScan scan = Hyperstacks.toScan(imp, axis, TABLE);
			assertArrayEquals(new long[] { 6, 4, 3 }, scan.spatialShape());
			float[] all = scan.toArray();
			for (int v = 0; v < 5; v++)
				for (int z = 0; z < 3; z++)
					for (int j = 0; j < 4; j++)
						for (int x = 0; x < 6; x++)
							assertEquals(code(x, 3 - j, z, v), all[((v * 3 + z) * 4 + j) * 6 + x], axis + " voxel " + x + "," + j);
		}
	}

	@Test
	void roundTripKeepsLayoutCalibrationAndValues() throws IOException {
		for (VolumeAxis axis : VolumeAxis.values()) {
			ImagePlus imp = coded(axis, 6, 4, 3, 5);
			imp.setDisplayRange(10, 3000);
			ImagePlus back = Hyperstacks.toImage(Hyperstacks.toScan(imp, axis, TABLE), axis, "back", imp);
			assertEquals(imp.getNChannels(), back.getNChannels());
			assertEquals(imp.getNSlices(), back.getNSlices());
			assertEquals(imp.getNFrames(), back.getNFrames());
			assertEquals(32, back.getBitDepth());
			assertEquals(2.5, back.getCalibration().pixelDepth);
			assertEquals(3000, back.getDisplayRangeMax());
			for (int i = 1; i <= imp.getStackSize(); i++)
				assertArrayEquals((float[]) imp.getStack().getPixels(i), (float[]) back.getStack().getPixels(i), 0f);
			assertEquals(TABLE.size(), DwiProperties.gradients(back).size(), "the gradient table goes with the result");
		}
	}

	@Test
	void sixteenBitValuesGoThroughTheCalibrationFunction() throws IOException {
		ImageStack stack = new ImageStack(2, 2);
		for (int i = 0; i < 5; i++) {
			ShortProcessor sp = new ShortProcessor(2, 2);
			sp.set(0, 0, 32768 + 100 * i);
			stack.addSlice(sp);
		}
		ImagePlus imp = new ImagePlus("s16", stack);
		imp.setDimensions(1, 1, 5);
		imp.getCalibration().setSigned16BitCalibration();
		DwiScan scan = Hyperstacks.toScan(imp, VolumeAxis.FRAMES, TABLE);
		// row 0 of ImageJ is the last NIfTI row: index (x 0, j 1)
		assertEquals(300f, scan.volumeArray(3)[2]);
		assertEquals(-32768f, scan.volumeArray(3)[0]);
	}

	@Test
	void maskFromAnOpenImageAndItsShapeChecked() {
		ImagePlus m = ij.gui.NewImage.createByteImage("mask", 6, 4, 3, ij.gui.NewImage.FILL_BLACK);
		m.getStack().getProcessor(2).set(1, 0, 255);
		BrainMask mask = Hyperstacks.toMask(m, new long[] { 6, 4, 3 });
		assertEquals(1, mask.count());
		assertTrue(mask.contains((1 * 4 + 3) * 6 + 1));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Hyperstacks.toMask(m, new long[] { 6, 4, 5 }));
		assertTrue(e.getMessage().contains("'mask'") && e.getMessage().contains("6×4×5"), e.getMessage());
	}

	@Test
	void rgbIsRefused() {
		ImagePlus rgb = ij.gui.NewImage.createRGBImage("colour", 4, 4, 5, ij.gui.NewImage.FILL_BLACK);
		rgb.setDimensions(1, 1, 5);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Hyperstacks.toScan(rgb, VolumeAxis.FRAMES, TABLE));
		assertTrue(e.getMessage().contains("RGB"), e.getMessage());
	}
}
