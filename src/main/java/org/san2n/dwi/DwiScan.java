package org.san2n.dwi;

import org.san2n.qspace.GradientTable;
import org.san2n.space.ScanGeometry;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A diffusion scan: 4D float voxels (x, y, z, volume; x fastest), its gradient table, and where it lies in
 * space ({@link ScanGeometry}: format-neutral, so an image that never was a file invents no file header). The voxels are on the heap or memory-mapped
 * ({@link Voxels}); code reads them by runs ({@link #copy}), by volume, or through ImgLib2 views.
 */
public record DwiScan(Voxels voxels, GradientTable gradients, ScanGeometry geometry) {

	public DwiScan {
		long[] shape = voxels.shape();
		if (shape.length != 4)
			throw new IllegalArgumentException("a DWI scan is 4D (x, y, z, volumes), got " + shape.length + "D");
		if (shape[3] != gradients.size())
			throw new IllegalArgumentException("the gradient table has " + gradients.size() + " entries but the scan has "
					+ shape[3] + " volumes");
	}

	/** A scan held in an ArrayImg (shared, not copied). */
	public DwiScan(ArrayImg<FloatType, FloatArray> image, GradientTable gradients, ScanGeometry geometry) {
		this(new HeapVoxels(image), gradients, geometry);
	}

	public int width() {
		return (int) voxels.shape()[0];
	}

	public int height() {
		return (int) voxels.shape()[1];
	}

	public int depth() {
		return (int) voxels.shape()[2];
	}

	public int volumes() {
		return (int) voxels.shape()[3];
	}

	public long[] spatialShape() {
		long[] s = voxels.shape();
		return new long[] { s[0], s[1], s[2] };
	}

	/** Voxels in one volume. */
	public long volumeSize() {
		return voxels.volumeSize();
	}

	/** Copies a run of voxels from flat index {@code index} (x fastest, then y, z, volume). */
	public void copy(long index, float[] dst, int offset, int length) {
		voxels.get(index, dst, offset, length);
	}

	/** A copy of volume {@code v}. */
	public float[] volumeArray(int v) {
		float[] out = new float[Math.toIntExact(volumeSize())];
		voxels.get(v * volumeSize(), out, 0, out.length);
		return out;
	}

	/** A copy of every voxel, for scans that fit one array (tests, small figures). */
	public float[] toArray() {
		long n = voxels.size();
		if (n > HeapVoxels.MAX_VOXELS) throw new IllegalStateException(n + " voxels do not fit one array");
		float[] out = new float[(int) n];
		voxels.get(0, out, 0, out.length);
		return out;
	}

	/** One volume as a 3D view (no copy). */
	public RandomAccessibleInterval<FloatType> volume(int v) {
		return voxels.volume(v);
	}

	/** The scan as a 4D view (no copy). */
	public RandomAccessibleInterval<FloatType> image() {
		return voxels.image();
	}

	/** The same geometry and gradients with other voxels of the same shape (a denoised result). */
	public DwiScan withVoxels(Voxels other) {
		return new DwiScan(other, gradients, geometry);
	}
}
