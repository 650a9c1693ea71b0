package org.san2n.imagej;

import java.util.Locale;
import java.util.TreeSet;

import org.san2n.qspace.GradientFormatException;
import org.san2n.qspace.GradientTable;

import ij.ImagePlus;
import ij.measure.Calibration;

/**
 * Which image a dialog works on, in two lines: its title and size, and the gradient table stored with it.
 * ImageJ's commands work on the current image without saying so; a DWI command that takes the wrong window
 * (the mask, an earlier result) runs for minutes before anyone notices.
 */
final class ScanSummary {

	private ScanSummary() {}

	static String of(ImagePlus image) {
		GradientTable table;
		String gradients;
		try {
			table = DwiProperties.gradients(image);
			gradients = table == null ? "No gradient table is stored with the image: give its bvals and bvecs files."
					: "Gradient table stored with it: " + table.size() + " volumes, b = " + shells(table) + " s/mm²";
		} catch (GradientFormatException e) {
			table = null;
			gradients = "The gradient table stored with the image is unreadable: " + e.getMessage();
		}
		return size(image, table) + "\n" + gradients;
	}

	/** "dwi: 40×40×24 voxels of 2×2×2 mm, 32 volumes (frames)", or the hyperstack's dimensions when the volumes are not known. */
	static String size(ImagePlus image, GradientTable table) {
		StringBuilder b = new StringBuilder("Image '").append(image.getTitle()).append("': ").append(image.getWidth()).append('×')
				.append(image.getHeight()).append('×').append(image.getNSlices()).append(" voxels");
		Calibration c = image.getCalibration();
		if (c.scaled()) b.append(" of ").append(number(c.pixelWidth)).append('×').append(number(c.pixelHeight)).append('×')
				.append(number(c.pixelDepth)).append(' ').append(c.getUnit());
		int channels = image.getNChannels(), frames = image.getNFrames();
		VolumeAxis axis = null;
		if (table != null) {
			try {
				axis = VolumeAxis.detect(image, table.size());
			} catch (IllegalArgumentException e) {
				// the counts below say why the table does not fit
			}
		}
		if (axis == VolumeAxis.FRAMES) return b.append(", ").append(frames).append(" volumes (frames)").toString();
		if (axis == VolumeAxis.CHANNELS) return b.append(", ").append(channels).append(" volumes (channels)").toString();
		return b.append(", ").append(channels).append(channels == 1 ? " channel, " : " channels, ").append(frames)
				.append(frames == 1 ? " frame" : " frames").toString();
	}

	/** The b-values of the table, rounded to 10 s/mm² and each named once: "0, 1000, 2000" (at most six, then "…"). */
	static String shells(GradientTable table) {
		TreeSet<Long> b = new TreeSet<>();
		for (double v : table.bvals())
			b.add(Math.round(v / 10) * 10);
		StringBuilder out = new StringBuilder();
		int n = 0;
		for (long v : b) {
			if (n == 6) return out.append(", …").toString();
			if (n++ > 0) out.append(", ");
			out.append(v);
		}
		return out.toString();
	}

	/** A voxel size as a person writes it: 2, 2.5, 0.938. */
	private static String number(double x) {
		String s = String.format(Locale.ROOT, "%.3g", x);
		return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
	}
}
