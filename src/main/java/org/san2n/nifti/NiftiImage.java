package org.san2n.nifti;

import java.nio.file.Path;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A NIfTI image in memory: its header and its scaled voxel values as float32, in the file's own
 * order (x fastest), so index (x, y, z, t) of {@link #data()} is voxel (x, y, z, t) of the file.
 */
public record NiftiImage(Path source, NiftiHeader header, ArrayImg<FloatType, FloatArray> data) {

	/** The backing array; shared, not copied. */
	public float[] voxels() {
		return data.update(null).getCurrentStorageArray();
	}

	public long[] shape() {
		return data.dimensionsAsLongArray();
	}

	/** Minimum, maximum and mean of the scaled voxel values. */
	public record Statistics(double min, double max, double mean) {}

	public Statistics statistics() {
		float[] v = voxels();
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
		for (float f : v) {
			if (f < min) min = f;
			if (f > max) max = f;
			sum += f;
		}
		return new Statistics(min, max, v.length == 0 ? Double.NaN : sum / v.length);
	}
}
