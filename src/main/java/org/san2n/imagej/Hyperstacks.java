package org.san2n.imagej;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.Voxels;
import org.san2n.mask.BrainMask;
import org.san2n.qspace.GradientTable;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Moves voxels between ImageJ hyperstacks and the engine's scans, a slice row at a time (bulk copies).
 *
 * <p>
 * Rows are flipped: ImageJ draws row 0 at the top, while NIfTI's second axis runs upwards, so a scan
 * opened from NIfTI shows anterior up (as Fiji's own NIfTI reader does) and the engine sees the file's
 * voxel order whichever way the scan arrived.
 */
public final class Hyperstacks {

	private Hyperstacks() {}

	/** The hyperstack's voxels as a scan (copied to float32, calibrated values), its volumes along {@code axis}. */
	public static DwiScan toScan(ImagePlus image, VolumeAxis axis, GradientTable gradients) throws IOException {
		int volumes = gradients.size();
		long[] shape = { image.getWidth(), image.getHeight(), image.getNSlices(), volumes };
		Voxels voxels = Voxels.allocate(shape, Path.of(System.getProperty("java.io.tmpdir")));
		copyInto(image, axis, volumes, voxels);
		return new DwiScan(voxels, gradients, ImageGeometry.of(image));
	}

	/** A 3D image (one channel, one frame) as a brain mask of the given shape: non-zero is inside. */
	public static BrainMask toMask(ImagePlus image, long[] shape) {
		long[] own = { image.getWidth(), image.getHeight(), image.getNSlices() };
		if (image.getNChannels() != 1 || image.getNFrames() != 1 || !Arrays.equals(own, shape))
			throw new IllegalArgumentException("the mask '" + image.getTitle() + "' is " + own[0] + "×" + own[1] + "×" + own[2]
					+ " with " + image.getNChannels() + " channel(s) and " + image.getNFrames() + " frame(s); expected one "
					+ shape[0] + "×" + shape[1] + "×" + shape[2] + " volume like the scan");
		int w = (int) shape[0], h = (int) shape[1], plane = w * h;
		byte[] inside = new byte[Math.toIntExact(plane * shape[2])];
		for (int z = 0; z < shape[2]; z++) {
			float[] p = floatPixels(image, z + 1);
			for (int row = 0; row < h; row++) {
				int src = row * w, dst = z * plane + (h - 1 - row) * w;
				for (int x = 0; x < w; x++)
					inside[dst + x] = (byte) (p[src + x] != 0 ? 1 : 0);
			}
		}
		return BrainMask.of(inside, shape);
	}

	/** Copies every slice of the hyperstack into {@code voxels} (x, y, z, volume order). */
	static void copyInto(ImagePlus image, VolumeAxis axis, int volumes, Voxels voxels) {
		int w = image.getWidth(), h = image.getHeight(), depth = image.getNSlices();
		long plane = (long) w * h;
		for (int v = 0; v < volumes; v++)
			for (int z = 0; z < depth; z++) {
				float[] p = floatPixels(image, axis.stackIndex(image, z, v));
				long base = ((long) v * depth + z) * plane;
				for (int row = 0; row < h; row++)
					voxels.set(base + (long) (h - 1 - row) * w, p, row * w, w);
			}
	}

	/**
	 * A new float32 hyperstack holding {@code scan}, laid out like {@code like} (volumes along
	 * {@code axis}, same calibration, display range and SAN2N properties).
	 */
	public static ImagePlus toImage(DwiScan scan, VolumeAxis axis, String title, ImagePlus like) {
		int w = scan.width(), h = scan.height(), depth = scan.depth(), volumes = scan.volumes();
		ImageStack stack = new ImageStack(w, h, depth * volumes);
		int c = axis == VolumeAxis.CHANNELS ? volumes : 1, t = axis == VolumeAxis.FRAMES ? volumes : 1;
		long plane = (long) w * h;
		for (int v = 0; v < volumes; v++)
			for (int z = 0; z < depth; z++) {
				float[] p = new float[w * h];
				long base = ((long) v * depth + z) * plane;
				for (int row = 0; row < h; row++)
					scan.copy(base + (long) (h - 1 - row) * w, p, row * w, w);
				stack.setPixels(p, axis.stackIndex(z, v, depth, volumes));
			}
		ImagePlus out = new ImagePlus(title, stack);
		out.setDimensions(c, depth, t);
		out.setOpenAsHyperStack(c * t > 1);
		if (like != null) {
			out.setCalibration(like.getCalibration().copy());
			out.setDisplayRange(like.getDisplayRangeMin(), like.getDisplayRangeMax());
			DwiProperties.copy(like, out);
		}
		DwiProperties.setGradients(out, scan.gradients());
		DwiProperties.setGeometry(out, scan.geometry());
		return out;
	}

	/**
	 * A 3D map of a scan's grid (width × height × depth floats, x fastest) as a float image of {@code depth} slices,
	 * rows turned over as the scan's hyperstacks are, calibrated like {@code like} and placed as {@code geometry}
	 * (so Save as NIfTI... writes it on the scan's grid). No gradient table: it is a map, not a scan.
	 */
	public static ImagePlus mapImage(float[] map, long[] shape, String title, ImagePlus like, org.san2n.space.ScanGeometry geometry) {
		int w = Math.toIntExact(shape[0]), h = Math.toIntExact(shape[1]), depth = Math.toIntExact(shape[2]);
		if ((long) w * h * depth != map.length)
			throw new IllegalArgumentException(title + ": a map of " + map.length + " voxels for a grid of " + w + "×" + h + "×" + depth);
		ImageStack stack = new ImageStack(w, h, depth);
		for (int z = 0; z < depth; z++) {
			float[] p = new float[w * h];
			for (int row = 0; row < h; row++)
				System.arraycopy(map, (z * h + (h - 1 - row)) * w, p, row * w, w);
			stack.setPixels(p, z + 1);
		}
		ImagePlus out = new ImagePlus(title, stack);
		out.setDimensions(1, depth, 1);
		if (like != null) out.setCalibration(like.getCalibration().copy());
		out.resetDisplayRange();
		DwiProperties.setGeometry(out, geometry);
		return out;
	}

	/** One stack slice as float values, with the image's calibration function applied to 8/16-bit data. */
	static float[] floatPixels(ImagePlus image, int stackIndex) {
		ImageProcessor ip = image.getStack().getProcessor(stackIndex);
		if (ip instanceof FloatProcessor) return (float[]) ip.getPixels();
		if (image.getBitDepth() == 24)
			throw new IllegalArgumentException("'" + image.getTitle() + "' is an RGB image; SAN2N needs grey values "
					+ "(8, 16 or 32-bit)");
		float[] p = (float[]) ip.toFloat(0, null).getPixels();
		Calibration cal = image.getCalibration();
		float[] table = cal.calibrated() ? cal.getCTable() : null;
		if (table != null)
			for (int i = 0; i < p.length; i++)
				p[i] = table[(int) p[i]];
		return p;
	}

	/** "dwi" for "dwi.nii.gz", "scan" for "scan.tif". */
	public static String baseTitle(String title) {
		String t = title == null ? "scan" : title;
		for (String ext : new String[] { ".nii.gz", ".nii", ".hdr", ".img", ".img.gz", ".tif", ".tiff" })
			if (t.toLowerCase(java.util.Locale.ROOT).endsWith(ext)) return t.substring(0, t.length() - ext.length());
		return t;
	}
}
