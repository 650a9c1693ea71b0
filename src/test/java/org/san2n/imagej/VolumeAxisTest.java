package org.san2n.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.gui.NewImage;

class VolumeAxisTest {

	static ImagePlus hyperstack(int c, int z, int t) {
		ImagePlus imp = NewImage.createFloatImage("scan", 6, 5, c * z * t, NewImage.FILL_BLACK);
		imp.setDimensions(c, z, t);
		return imp;
	}

	@Test
	void volumesAsFramesOrChannels() {
		assertEquals(VolumeAxis.FRAMES, VolumeAxis.detect(hyperstack(1, 4, 7), 7));
		assertEquals(VolumeAxis.CHANNELS, VolumeAxis.detect(hyperstack(7, 4, 1), 7));
	}

	@Test
	void neitherMatchesIsRefusedWithTheCounts() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> VolumeAxis.detect(hyperstack(1, 4, 6), 7));
		assertTrue(e.getMessage().contains("6 frames") && e.getMessage().contains("7 volumes"), e.getMessage());
		IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
				() -> VolumeAxis.detect(hyperstack(7, 4, 7), 7));
		assertTrue(both.getMessage().contains("7 channels"), both.getMessage());
	}

	@Test
	void aFlatStackOfVolumesGetsAHint() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> VolumeAxis.detect(hyperstack(1, 28, 1), 7));
		assertTrue(e.getMessage().contains("Stack to Hyperstack"), e.getMessage());
	}

	@Test
	void stackIndexFollowsTheAxis() {
		ImagePlus frames = hyperstack(1, 4, 7), channels = hyperstack(7, 4, 1);
		assertEquals(frames.getStackIndex(1, 3, 6), VolumeAxis.FRAMES.stackIndex(frames, 2, 5));
		assertEquals(channels.getStackIndex(6, 3, 1), VolumeAxis.CHANNELS.stackIndex(channels, 2, 5));
	}
}
