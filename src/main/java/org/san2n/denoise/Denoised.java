package org.san2n.denoise;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * A denoised scan and the maps that say what was removed, on the scan's voxel grid (width × height × depth,
 * x fastest):
 * <ul>
 * <li>{@code sigma}: the noise level σ per voxel that the method used, in the input's units (the values as read,
 * NIfTI scale factor applied). MP-PCA: the σ of the window centred on the voxel (its Marchenko–Pastur fit, or the
 * prior σ given); SAN2N ({@code san2n}): the σ map of the MP-PCA base whose noise the recorrupted pairs add;
 * {@code san2n-paper} and a model trained as published: the single σ its output was checked against
 * (MP-PCA's, median over the mask), the same in every voxel. 0 where no MP-PCA window was computed.</li>
 * <li>{@code rank}: MP-PCA's signal components of the window centred on the voxel (not a mean over the windows
 * that cover it); for {@code san2n}, those of the MP-PCA base it refines; null where no MP-PCA ran
 * ({@code san2n-paper}). 0 where no window was computed.</li>
 * </ul>
 * The arrays are the result's own (no copies are kept elsewhere); callers do not change them.
 */
public record Denoised(DwiScan scan, float[] sigma, float[] rank) {

	public Denoised {
		if (scan == null) throw new IllegalArgumentException("no denoised scan");
		long n = scan.volumeSize();
		if (sigma == null || sigma.length != n) throw new IllegalArgumentException("a σ map needs " + n + " voxels");
		if (rank != null && rank.length != n) throw new IllegalArgumentException("a rank map needs " + n + " voxels");
	}

	/** The same σ in every voxel of {@code scan}'s grid, with no rank map. */
	static Denoised withLevel(DwiScan scan, double sigma) {
		float[] map = new float[Math.toIntExact(scan.volumeSize())];
		java.util.Arrays.fill(map, (float) sigma);
		return new Denoised(scan, map, null);
	}

	/** The σ map as a 3D image (a view of the array, no copy). */
	public RandomAccessibleInterval<FloatType> sigmaImage() {
		return ArrayImgs.floats(sigma, scan.spatialShape());
	}

	/** The rank map as a 3D image (a view of the array, no copy), or null when no MP-PCA ran. */
	public RandomAccessibleInterval<FloatType> rankImage() {
		return rank == null ? null : ArrayImgs.floats(rank, scan.spatialShape());
	}

	/**
	 * The residual input − output of every volume, as a 4D view (computed as it is read, no copy): the noise
	 * the method removed, and whatever else it removed. Where the input or the output is NaN or infinite (a
	 * voxel the run kept non-finite) the residual is 0: nothing was removed there.
	 *
	 * @param input the scan that was denoised (same shape as {@code scan()})
	 * @throws IllegalArgumentException when the shapes differ
	 */
	public RandomAccessibleInterval<FloatType> residual(DwiScan input) {
		if (!java.util.Arrays.equals(input.voxels().shape(), scan.voxels().shape()))
			throw new IllegalArgumentException("the residual needs the input's shape " + java.util.Arrays.toString(scan.voxels().shape())
					+ ", got " + java.util.Arrays.toString(input.voxels().shape()));
		var pairs = Views.pair(input.image(), scan.image());
		return Converters.convert(Views.interval(pairs, input.image()), (p, out) -> {
			float d = p.getA().get() - p.getB().get();
			out.set(Float.isFinite(d) ? d : 0f);
		}, new FloatType());
	}

	/** The median of the σ map over the mask's voxels where it is > 0; NaN when there are none. */
	public double medianSigma(BrainMask mask) {
		return org.san2n.mppca.MpPca.medianInside(sigma, mask);
	}

	/**
	 * The rank map, refused when there is none.
	 *
	 * @throws IllegalArgumentException when no MP-PCA ran (a model trained as published was applied)
	 */
	public RandomAccessibleInterval<FloatType> requireRank() {
		if (rank == null)
			throw new IllegalArgumentException("there is no rank map: the model applied was trained as published (san2n-paper), "
					+ "which runs no MP-PCA; nothing was written");
		return rankImage();
	}

	/**
	 * Checks a map before it is written or shown: its shape, and every value finite.
	 *
	 * @param what  what to call it in the message, e.g. {@code --noise-map out/sigma.nii.gz}
	 * @param shape the shape it must have
	 * @throws IllegalStateException naming {@code what}, the shape or the first non-finite voxel (a bug, never the user's input)
	 */
	public static void requireFinite(String what, RandomAccessibleInterval<FloatType> map, long[] shape) {
		if (!java.util.Arrays.equals(map.dimensionsAsLongArray(), shape))
			throw new IllegalStateException(what + ": the map's shape " + java.util.Arrays.toString(map.dimensionsAsLongArray())
					+ " is not the scan's " + java.util.Arrays.toString(shape) + "; nothing was written");
		var c = Views.flatIterable(map).localizingCursor();
		while (c.hasNext())
			if (!Float.isFinite(c.next().get()))
				throw new IllegalStateException(what + ": the map is " + c.get().get() + " at " + java.util.Arrays.toString(c.positionAsLongArray())
						+ "; nothing was written");
	}
}
