package org.san2n.imagej;

import java.util.Locale;

import org.san2n.space.ScanGeometry;

import ij.ImagePlus;
import ij.measure.Calibration;

/**
 * Where an image lies in space, between {@link ScanGeometry} and ImageJ calibrations. An image opened from
 * a file keeps the file's geometry (so saving or denoising it keeps both placements); any other image is
 * placed by its calibration: voxel sizes in mm and its origin.
 */
public final class ImageGeometry {

	private ImageGeometry() {}

	/**
	 * Where {@code image} lies in space: as the file it was opened from said, when it has that geometry
	 * and has not been resampled since (the same voxel sizes), else placed by its calibration.
	 */
	public static ScanGeometry of(ImagePlus image) {
		ScanGeometry stored = DwiProperties.geometry(image);
		Calibration cal = image.getCalibration();
		double toMm = millimetresPer(cal.getUnit());
		double sx = cal.pixelWidth * toMm, sy = cal.pixelHeight * toMm, sz = cal.pixelDepth * toMm;
		if (stored != null && close(stored.voxelSize(), new double[] { sx, sy, sz })) return stored;
		double h = image.getHeight();
		// Row r of the image is NIfTI j = h-1-r (see Hyperstacks), so the origin row counts from the bottom.
		double[][] affine = { { sx, 0, 0, -cal.xOrigin * sx }, { 0, sy, 0, -(h - 1 - cal.yOrigin) * sy },
				{ 0, 0, sz, -cal.zOrigin * sz }, { 0, 0, 0, 1 } };
		return ScanGeometry.of(affine, cal.frameInterval > 0 ? cal.frameInterval : 0);
	}

	private static boolean close(double[] a, double[] b) {
		for (int i = 0; i < 3; i++)
			if (Math.abs(a[i] - b[i]) > 1e-4 * Math.max(1, Math.abs(a[i]))) return false;
		return true;
	}

	/** The calibration ImageJ shows for a scan: voxel sizes in mm, and the time between volumes. */
	public static Calibration calibration(ScanGeometry geometry) {
		Calibration cal = new Calibration();
		double[] size = geometry.voxelSize();
		cal.pixelWidth = size[0] > 0 ? size[0] : 1;
		cal.pixelHeight = size[1] > 0 ? size[1] : 1;
		cal.pixelDepth = size[2] > 0 ? size[2] : 1;
		cal.setUnit("mm");
		if (geometry.volumeTime() > 0) cal.frameInterval = geometry.volumeTime();
		return cal;
	}

	private static double millimetresPer(String unit) {
		String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
		switch (u) {
		case "nm":
			return 1e-6;
		case "micron":
		case "microns":
		case "um":
		case "µm":
			return 1e-3;
		case "cm":
			return 10;
		case "m":
		case "meter":
		case "metre":
			return 1000;
		default: // mm, and "pixel"/none: take the numbers as they are
			return 1;
		}
	}
}
