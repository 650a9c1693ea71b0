package org.san2n.dwi;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Voxels in one Java array, wrapped as an ImgLib2 ArrayImg. */
public final class HeapVoxels implements Voxels {

	/** The most a Java array holds. */
	public static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

	private final ArrayImg<FloatType, FloatArray> image;
	private final float[] data;

	public HeapVoxels(long[] shape) {
		this(ArrayImgs.floats(checked(shape)));
	}

	public HeapVoxels(ArrayImg<FloatType, FloatArray> image) {
		if (image.numDimensions() != 4)
			throw new IllegalArgumentException("scan voxels are 4D (x, y, z, volumes), got " + image.numDimensions() + "D");
		this.image = image;
		this.data = image.update(null).getCurrentStorageArray();
	}

	private static long[] checked(long[] shape) {
		long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
		if (n > MAX_VOXELS)
			throw new IllegalArgumentException(n + " voxels do not fit one Java array (at most " + MAX_VOXELS + ")");
		return shape;
	}

	/** The backing array (x fastest, then y, z, volume); shared, not copied. */
	public float[] array() {
		return data;
	}

	@Override
	public long[] shape() {
		return image.dimensionsAsLongArray();
	}

	@Override
	public void get(long index, float[] dst, int offset, int length) {
		System.arraycopy(data, Math.toIntExact(index), dst, offset, length);
	}

	@Override
	public void set(long index, float[] src, int offset, int length) {
		System.arraycopy(src, offset, data, Math.toIntExact(index), length);
	}

	@Override
	public RandomAccessibleInterval<FloatType> volume(int v) {
		return Views.hyperSlice(image, 3, v);
	}

	@Override
	public ArrayImg<FloatType, FloatArray> image() {
		return image;
	}

	@Override
	public boolean onHeap() {
		return true;
	}
}
