package org.san2n.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.LayoutType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3D convolution (as {@link Conv3d}: same parameters, same model-file bytes, (B, C_in, D, H, W) → (B, filters, D', H',
 * W')) that hands PyTorch only channel counts that are multiples of {@link #CHANNEL_BLOCK}: input channels and filters
 * are padded with zeros around the call (zero input channels, zero weights and biases for the extra filters, whose
 * outputs are dropped again), so the result and the gradients are those of the convolution as declared.
 *
 * <p>
 * Why: PyTorch 2.7.1's oneDNN, as DJL 0.36 loads it, computed 3³ convolutions wrong with its AVX, AVX2 and AVX-512
 * kernels when a channel count was not a multiple of the kernel's channel block (8 for AVX/AVX2, 16 for AVX-512):
 * measured on an AMD EPYC VM (2 cores) against PyTorch's own convolution ({@code slow_conv3d}) and oneDNN's SSE4.1
 * kernels, which agreed to 1e-6: SNet gradients off by 0.5–40 % (34 input channels, width 16; 130, width 16; 10, width
 * 8; 32, width 17), or NaN (32 input channels, width 12), deterministic for a shape; to float rounding (≤ 8e-6) with every
 * channel count of the 3³ convolutions a multiple of 16 (32 → 16, 16 → 16, 48 → 16, 32 → 32). 1³ convolutions gave
 * right values with any count (130 → 32, 16 → 65, 34 → 32). Padding costs a little arithmetic where a count is not a
 * multiple (34 → 48 channels) and nothing where it is (the automatic {@code san2n} network on 16 or more volumes).
 * {@code bench/conv-channels.sh} measures it.
 */
public final class BlockedConv3d extends Convolution {

	/** Channel counts handed to PyTorch are multiples of this: oneDNN's widest (AVX-512) channel block of float32. */
	public static final int CHANNEL_BLOCK = 16;

	private static final LayoutType[] LAYOUT = { LayoutType.BATCH, LayoutType.CHANNEL, LayoutType.DEPTH, LayoutType.HEIGHT, LayoutType.WIDTH };

	private BlockedConv3d(Builder builder) {
		super(builder);
	}

	/** A builder as {@link Conv3d#builder()}'s. */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	protected LayoutType[] getExpectedLayout() {
		return LAYOUT;
	}

	@Override
	protected String getStringLayout() {
		return "NCDHW";
	}

	@Override
	protected int numDimensions() {
		return 5;
	}

	/** {@code n} rounded up to a multiple of {@link #CHANNEL_BLOCK}. */
	static long blocked(long n) {
		return (n + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
	}

	@Override
	protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray w = store.getValue(weight, x.getDevice(), training);
		NDArray b = includeBias ? store.getValue(bias, x.getDevice(), training) : null;
		return new NDList(conv3d(x, w, b, stride, padding, dilation, groups));
	}

	/**
	 * {@link Conv3d#conv3d(NDArray, NDArray, NDArray, Shape, Shape, Shape, int)} with the channel counts PyTorch sees
	 * padded to multiples of {@link #CHANNEL_BLOCK} (one group: input channels and filters; several: none padded).
	 *
	 * @param x (B, C_in, D, H, W)
	 * @param w (C_out, C_in / groups, kD, kH, kW)
	 * @param b (C_out), or null for none
	 * @return (B, C_out, D', H', W')
	 */
	public static NDArray conv3d(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation, int groups) {
		long out = w.getShape().get(0), in = w.getShape().get(1);
		long outBlocked = groups == 1 ? blocked(out) : out, inBlocked = groups == 1 ? blocked(in) : in;
		if (inBlocked > in) {
			x = NDArrays.concat(new NDList(x, zeros(x, 1, inBlocked - in)), 1);
			w = NDArrays.concat(new NDList(w, zeros(w, 1, inBlocked - in)), 1);
		}
		if (outBlocked > out) {
			w = NDArrays.concat(new NDList(w, zeros(w, 0, outBlocked - out)), 0);
			if (b != null) b = NDArrays.concat(new NDList(b, zeros(b, 0, outBlocked - out)), 0);
		}
		NDArray y = Conv3d.conv3d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
		return outBlocked > out ? y.get(new NDIndex(":, 0:{}", out)) : y;
	}

	/** Zeros shaped as {@code a} except {@code count} along {@code axis}, of its type and device. */
	private static NDArray zeros(NDArray a, int axis, long count) {
		long[] shape = a.getShape().getShape().clone(); // Shape hands out its own array
		shape[axis] = count;
		return a.getManager().zeros(new Shape(shape), a.getDataType(), a.getDevice());
	}

	/** Builds a {@link BlockedConv3d}. */
	public static final class Builder extends ConvolutionBuilder<Builder> {

		Builder() {
			stride = new Shape(1, 1, 1); // Conv3d's defaults
			padding = new Shape(0, 0, 0);
			dilation = new Shape(1, 1, 1);
		}

		@Override
		protected Builder self() {
			return this;
		}

		/** @throws IllegalArgumentException no kernel shape or filters, or a kernel shape that is not 3D */
		public BlockedConv3d build() {
			validate();
			if (kernelShape.dimension() != 3) throw new IllegalArgumentException("a 3D convolution needs a 3D kernel, got " + kernelShape);
			return new BlockedConv3d(this);
		}
	}
}
