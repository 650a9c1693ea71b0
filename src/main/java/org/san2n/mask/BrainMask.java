package org.san2n.mask;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.san2n.nifti.NiftiFormatException;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** A 3D binary brain mask (1 inside, 0 outside), x fastest. */
public record BrainMask(ArrayImg<UnsignedByteType, ByteArray> image) {

	public BrainMask {
		if (image.numDimensions() != 3)
			throw new IllegalArgumentException("a mask is 3D, got " + image.numDimensions() + "D");
	}

	public static BrainMask of(byte[] inside, long... shape) {
		return new BrainMask(ArrayImgs.unsignedBytes(inside, shape));
	}

	/** Everything inside: for scans without a brain (phantoms, ex vivo samples). */
	public static BrainMask full(long... shape) {
		byte[] b = new byte[(int) (shape[0] * shape[1] * shape[2])];
		Arrays.fill(b, (byte) 1);
		return of(b, shape);
	}

	/**
	 * Reads a mask from NIfTI: any non-zero finite voxel is inside (NaN is outside: "not a number" is no
	 * brain). Refuses one of another shape, and one with no voxel inside.
	 */
	public static BrainMask read(Path file, long[] scanShape) throws IOException {
		NiftiImage img = NiftiReader.read(file);
		long[] s = img.shape();
		long[] spatial = s.length == 4 && s[3] == 1 ? Arrays.copyOf(s, 3) : s;
		if (!Arrays.equals(spatial, scanShape))
			throw new NiftiFormatException(file, "the mask's shape " + Arrays.toString(s) + " differs from the scan's "
					+ Arrays.toString(scanShape));
		float[] v = img.voxels();
		byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++)
			b[i] = (byte) (v[i] != 0 && !Float.isNaN(v[i]) ? 1 : 0);
		BrainMask m = of(b, scanShape);
		if (m.count() == 0) throw new NiftiFormatException(file, "the mask has no voxel inside (all 0 or NaN)");
		return m;
	}

	/** The mask as 0/1 floats, a view for writing it as NIfTI (no copy). */
	public RandomAccessibleInterval<FloatType> asFloat() {
		return Converters.convert((RandomAccessibleInterval<UnsignedByteType>) image, (in, out) -> out.set(in.get()),
				new FloatType());
	}

	public long[] shape() {
		return image.dimensionsAsLongArray();
	}

	/** The backing array; shared, not copied. */
	public byte[] inside() {
		return image.update(null).getCurrentStorageArray();
	}

	public boolean contains(int index) {
		return inside()[index] != 0;
	}

	public long count() {
		long n = 0;
		for (byte b : inside())
			n += b;
		return n;
	}
}
