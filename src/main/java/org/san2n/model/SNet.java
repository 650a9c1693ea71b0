package org.san2n.model;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.util.Pair;

/**
 * The authors' network (docs/METHOD.md §4): Conv3d(N→E, 3³, pad 1) → LeakyReLU(0.2) → Conv3d(E→E, 3³, pad 1)
 * → LeakyReLU(0.2) → Conv3d(E→N, 1³), with bias. Fully convolutional; its receptive field reaches
 * {@link #HALO} voxels to each side.
 *
 * <p>
 * With a <em>q-space projection</em> of K channels ({@link #create(int, int, int)}) a linear Conv3d(in→K, 1³) comes
 * first: every voxel's input channels (its volumes) are mapped to K combinations shared by the 27 taps of the first
 * 3³ convolution, which then sees K channels instead of all of them (a low-rank first layer).
 *
 * <p>
 * The 3³ convolutions are {@link BlockedConv3d}s: PyTorch sees their channel counts padded to multiples of 16, where
 * oneDNN's fast kernels compute them right.
 */
public final class SNet {

	/** Voxels each output depends on beyond its own position, per side (two 3³ convolutions). */
	public static final int HALO = 2;

	private SNet() {}

	/** SNet as published: {@code channels} out, hidden width {@code width}, no q-space projection. */
	public static SequentialBlock create(int channels, int width) {
		return create(channels, width, 0);
	}

	/** The most channels a q-space projection may have (model files with more are refused as damaged). */
	public static final int MAX_PROJECTION = 4096;

	/**
	 * SNet with {@code channels} outputs and hidden width {@code width}, after a q-space projection to
	 * {@code projection} channels (0: none, as published): (B, C_in, D, H, W) → (B, channels, D, H, W), C_in being
	 * whatever {@link #initialize} is given.
	 *
	 * @throws IllegalArgumentException channels or width below 1, a projection below 0 or above {@link #MAX_PROJECTION}
	 */
	public static SequentialBlock create(int channels, int width, int projection) {
		if (channels < 1 || width < 1 || projection < 0 || projection > MAX_PROJECTION)
			throw new IllegalArgumentException("SNet needs ≥ 1 channel and width and a projection of 0 to " + MAX_PROJECTION + ", got " + channels + ", " + width
					+ " and " + projection);
		SequentialBlock net = new SequentialBlock();
		if (projection > 0) net.add(Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(projection).build());
		return net
				.add(BlockedConv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1)).setFilters(width).build())
				.add(Activation.leakyReluBlock(0.2f))
				.add(BlockedConv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1)).setFilters(width).build())
				.add(Activation.leakyReluBlock(0.2f))
				.add(Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(channels).build());
	}

	/**
	 * Allocates the parameters on {@code manager} and fills them as PyTorch initialises a Conv3d
	 * (weights and biases uniform in ±1/√fan_in), from {@code seed} alone, so that one seed gives one
	 * network whatever else ran in the JVM.
	 */
	public static void initialize(SequentialBlock block, NDManager manager, int channels, long seed) {
		block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 4, 4, 4));
		SplittableRandom random = new SplittableRandom(seed);
		double bound = 0;
		for (Pair<String, Parameter> p : block.getParameters()) {
			Shape shape = p.getValue().getArray().getShape();
			if (shape.dimension() == 5) bound = 1 / Math.sqrt(shape.size() / shape.get(0)); // fan_in = C_in·k³
			float[] values = new float[(int) shape.size()];
			for (int i = 0; i < values.length; i++)
				values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
			p.getValue().getArray().set(values);
		}
	}
}
