package org.san2n.imagej;

import ij.ImagePlus;

/**
 * Which hyperstack dimension holds the diffusion volumes. Scans opened from NIfTI have them as frames;
 * some tools store them as channels. Detected from the image and the gradient table's length.
 */
public enum VolumeAxis {
	FRAMES, CHANNELS;

	/**
	 * @throws IllegalArgumentException when neither frames nor channels (with the other being 1) match
	 *                                  the number of volumes
	 */
	public static VolumeAxis detect(ImagePlus image, int volumes) {
		int c = image.getNChannels(), z = image.getNSlices(), t = image.getNFrames();
		if (t == volumes && c == 1) return FRAMES;
		if (c == volumes && t == 1) return CHANNELS;
		String shape = "'" + image.getTitle() + "' has " + c + " channel" + (c == 1 ? "" : "s") + ", " + z + " slice"
				+ (z == 1 ? "" : "s") + " and " + t + " frame" + (t == 1 ? "" : "s");
		String hint = c == 1 && t == 1 && z > 1 && z % volumes == 0
				? "; if the stack holds " + volumes + " volumes of " + (z / volumes)
						+ " slices, make it a hyperstack first (Image > Hyperstacks > Stack to Hyperstack)"
				: "";
		throw new IllegalArgumentException(shape + ", but the gradient table has " + volumes
				+ " volumes: expected " + volumes + " frames (1 channel) or " + volumes + " channels (1 frame)" + hint);
	}

	/** The 1-based ImageJ stack index of slice {@code z} of volume {@code v} (both 0-based). */
	int stackIndex(ImagePlus image, int z, int v) {
		return this == FRAMES ? image.getStackIndex(1, z + 1, v + 1) : image.getStackIndex(v + 1, z + 1, 1);
	}

	/** The same for a stack yet to be built: ImageJ orders slices channel fastest, then slice, then frame. */
	int stackIndex(int z, int v, int depth, int volumes) {
		return this == FRAMES ? v * depth + z + 1 : z * volumes + v + 1;
	}
}
