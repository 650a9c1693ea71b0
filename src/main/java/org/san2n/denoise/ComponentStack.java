package org.san2n.denoise;

import java.util.ArrayList;
import java.util.List;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The four in-plane polyphase components of a scan (x ≡ i, y ≡ j mod 2) one after another along z, {@code gap} zero
 * slices between them, as one scan to train on: where 2× interpolation correlates neighbouring voxels' noise, each
 * component's noise is independent again, and all four together give the network four times the training positions
 * of one (bench/families.py's crossing two30 with 2× interpolated noise: 32 positions of 16³ on one component).
 * A gap at least the patch edge keeps every patch inside one component (a patch at a component's end sees zeros, as
 * at the scan's border). Components of an odd width or height are padded with zeros (outside the mask) to the largest.
 */
final class ComponentStack {

	private ComponentStack() {}

	/** The slices between two components: no patch of {@code patch} voxels reaches from one into the next. */
	static int gap(int patch) {
		return patch;
	}

	/**
	 * The stacked shape of the four components of a grid of {@code shape} (x, y, z[, volumes]): x and y halved (rounded
	 * up: the even components' size), z four times plus three gaps, further dimensions as they are.
	 */
	static long[] shape(long[] shape, int gap) {
		long[] s = shape.clone();
		s[0] = (shape[0] + 1) / 2;
		s[1] = (shape[1] + 1) / 2;
		s[2] = 4 * shape[2] + 3L * gap;
		return s;
	}

	/** Copies component {@code k} (0–3) of a grid {@code depth} slices deep into its place in {@code into}. */
	static <T extends NativeType<T>> void put(RandomAccessibleInterval<T> part, RandomAccessibleInterval<T> into, int k, long depth, int gap) {
		if (part.dimension(2) != depth) throw new IllegalArgumentException("a component of " + part.dimension(2) + " slices, not " + depth);
		long[] min = new long[into.numDimensions()], max = new long[into.numDimensions()];
		for (int d = 0; d < min.length; d++)
			max[d] = part.dimension(d) - 1;
		min[2] = k * (depth + gap);
		max[2] = min[2] + depth - 1;
		LoopBuilder.setImages(part, Views.zeroMin(Views.interval(into, min, max))).forEachPixel((a, b) -> b.set(a));
	}

	/** 4D scans (x, y, z, volumes) one after another along z; the first one's gradients and geometry. */
	static DwiScan scans(List<DwiScan> parts, int gap) {
		List<RandomAccessibleInterval<FloatType>> images = new ArrayList<>();
		for (DwiScan p : parts)
			images.add(p.image());
		long[] shape = stackedShape(images, gap);
		var into = ArrayImgs.floats(shape);
		fill(images, into, gap);
		return new DwiScan(into, parts.get(0).gradients(), parts.get(0).geometry());
	}

	/** 3D masks one after another along z, the gaps and the padding outside. */
	static BrainMask masks(List<BrainMask> parts, int gap) {
		List<RandomAccessibleInterval<UnsignedByteType>> images = new ArrayList<>();
		for (BrainMask p : parts)
			images.add(p.image());
		var into = ArrayImgs.unsignedBytes(stackedShape(images, gap));
		fill(images, into, gap);
		return new BrainMask(into);
	}

	/** The widest x and y of the parts, their z summed with the gaps, the other dimensions the first part's. */
	private static <T> long[] stackedShape(List<? extends RandomAccessibleInterval<T>> parts, int gap) {
		long[] shape = parts.get(0).dimensionsAsLongArray();
		shape[2] = (long) gap * (parts.size() - 1);
		for (RandomAccessibleInterval<T> p : parts) {
			if (p.numDimensions() != shape.length)
				throw new IllegalArgumentException("components of " + shape.length + " and " + p.numDimensions() + " dimensions");
			shape[0] = Math.max(shape[0], p.dimension(0));
			shape[1] = Math.max(shape[1], p.dimension(1));
			shape[2] += p.dimension(2);
		}
		return shape;
	}

	private static <T extends NativeType<T>> void fill(List<? extends RandomAccessibleInterval<T>> parts, RandomAccessibleInterval<T> into,
			int gap) {
		long z = 0;
		for (RandomAccessibleInterval<T> p : parts) {
			long[] min = new long[into.numDimensions()], max = new long[into.numDimensions()];
			for (int d = 0; d < min.length; d++)
				max[d] = p.dimension(d) - 1;
			min[2] = z;
			max[2] = z + p.dimension(2) - 1;
			LoopBuilder.setImages(p, Views.zeroMin(Views.interval(into, min, max))).forEachPixel((a, b) -> b.set(a));
			z += p.dimension(2) + gap;
		}
	}
}
