package org.san2n.imagej;

import java.util.Arrays;
import java.util.Locale;

import org.san2n.nifti.NiftiHeader;

import ij.ImagePlus;
import ij.measure.Calibration;

/**
 * Where an image lies in space, between NIfTI headers and ImageJ calibrations. An image opened from
 * NIfTI keeps its header (so saving or denoising it keeps qform, sform and units exactly); any other
 * image is placed by its calibration: voxel sizes in mm and its origin.
 */
public final class ImageGeometry {

	private ImageGeometry() {}

	/** The geometry for voxels of {@code shape} taken from {@code image}. */
	public static NiftiHeader of(ImagePlus image, long[] shape) {
		NiftiHeader stored = DwiProperties.header(image);
		if (stored != null && stored.ndim() >= 3 && Arrays.equals(Arrays.copyOf(stored.dims(), 3), Arrays.copyOf(shape, 3)))
			return stored.asFloat32(shape);
		Calibration cal = image.getCalibration();
		double toMm = millimetresPer(cal.getUnit());
		double sx = cal.pixelWidth * toMm, sy = cal.pixelHeight * toMm, sz = cal.pixelDepth * toMm;
		double h = image.getHeight();
		// Row r of the image is NIfTI j = h-1-r (see Hyperstacks), so the origin row counts from the bottom.
		double[][] affine = { { sx, 0, 0, -cal.xOrigin * sx }, { 0, sy, 0, -(h - 1 - cal.yOrigin) * sy },
				{ 0, 0, sz, -cal.zOrigin * sz }, { 0, 0, 0, 1 } };
		double frame = cal.frameInterval > 0 ? cal.frameInterval : 1;
		return NiftiHeader.forAffine(shape, affine, new double[] { frame });
	}

	/** The calibration ImageJ shows for a NIfTI image: voxel sizes in the header's spatial unit (mm if unset). */
	public static Calibration calibration(NiftiHeader header) {
		Calibration cal = new Calibration();
		double[] size = header.voxelSizes();
		cal.pixelWidth = Math.abs(size[0]) > 0 ? Math.abs(size[0]) : 1;
		cal.pixelHeight = size.length > 1 && Math.abs(size[1]) > 0 ? Math.abs(size[1]) : 1;
		cal.pixelDepth = size.length > 2 && Math.abs(size[2]) > 0 ? Math.abs(size[2]) : 1;
		int units = header.xyztUnits() & 7;
		cal.setUnit(units == 1 ? "m" : units == 3 ? "micron" : "mm");
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
