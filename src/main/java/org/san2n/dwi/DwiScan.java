package org.san2n.dwi;

import org.san2n.nifti.NiftiHeader;
import org.san2n.qspace.GradientTable;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * A diffusion scan: a 4D float image (x, y, z, volume; x fastest), its gradient table, and the header
 * whose geometry results are written with.
 */
public record DwiScan(ArrayImg<FloatType, FloatArray> image, GradientTable gradients, NiftiHeader geometry) {

	public DwiScan {
		if (image.numDimensions() != 4)
			throw new IllegalArgumentException("a DWI scan is 4D (x, y, z, volumes), got " + image.numDimensions() + "D");
		if (image.dimension(3) != gradients.size())
			throw new IllegalArgumentException("the gradient table has " + gradients.size() + " entries but the scan has "
					+ image.dimension(3) + " volumes");
	}

	public int width() {
		return (int) image.dimension(0);
	}

	public int height() {
		return (int) image.dimension(1);
	}

	public int depth() {
		return (int) image.dimension(2);
	}

	public int volumes() {
		return (int) image.dimension(3);
	}

	public long[] spatialShape() {
		return new long[] { image.dimension(0), image.dimension(1), image.dimension(2) };
	}

	/** The backing array (x fastest, then y, z, volume); shared, not copied. */
	public float[] voxels() {
		return image.update(null).getCurrentStorageArray();
	}

	/** Voxels in one volume. */
	public long volumeSize() {
		return image.dimension(0) * image.dimension(1) * image.dimension(2);
	}

	/** One volume as a 3D view (no copy). */
	public RandomAccessibleInterval<FloatType> volume(int v) {
		return Views.hyperSlice(image, 3, v);
	}
}
