package org.san2n.model;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * SNet's training step with plain Conv3d layers and with {@link BlockedConv3d} (the product's), on the shapes given as
 * {@code in:projection:width:out}: seconds per step of 8 patches of 16³ voxels, and every parameter's gradient of the
 * first step written to {@code DIR/TAG-LAYERS-SHAPE.bin} (big-endian float32), for bench/conv-channels.sh to compare
 * between oneDNN instruction sets. Usage: ConvChannels DIR TAG STEPS SHAPE...
 */
public final class ConvChannels {

	public static void main(String[] args) throws IOException {
		String dir = args[0], tag = args[1];
		int steps = Integer.parseInt(args[2]), batch = 8, size = 16;
		try (NDManager m = ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
			for (int a = 3; a < args.length; a++) {
				String[] f = args[a].split(":");
				int in = Integer.parseInt(f[0]), projection = Integer.parseInt(f[1]), width = Integer.parseInt(f[2]), out = Integer.parseInt(f[3]);
				SplittableRandom random = new SplittableRandom(11);
				NDArray x = m.create(gaussian(random, batch * in * size * size * size), new Shape(batch, in, size, size, size));
				NDArray t = m.create(gaussian(random, batch * out * size * size * size), new Shape(batch, out, size, size, size));
				for (boolean blocked : new boolean[] { false, true }) {
					SequentialBlock block = blocked ? SNet.create(out, width, projection) : plain(out, width, projection);
					SNet.initialize(block, m, in, 5);
					for (Pair<String, Parameter> p : block.getParameters())
						p.getValue().getArray().setRequiresGradient(true);
					ParameterStore store = new ParameterStore(m, false);
					float[] first = null;
					long started = 0;
					int nonFinite = 0;
					for (int s = 0; s < steps; s++) {
						if (s == 2) started = System.nanoTime();
						List<float[]> parts = new ArrayList<>();
						try (NDManager step = m.newSubManager()) {
							try (GradientCollector c = m.getEngine().newGradientCollector()) {
								c.zeroGradients();
								NDArray y = block.forward(store, new NDList(x), true).singletonOrThrow();
								c.backward(y.sub(t).square().mean());
							}
							for (Pair<String, Parameter> p : block.getParameters()) {
								NDArray g = p.getValue().getArray().getGradient();
								g.attach(step);
								parts.add(g.toFloatArray());
							}
						}
						int length = parts.stream().mapToInt(v -> v.length).sum(), o = 0;
						float[] all = new float[length];
						for (float[] v : parts) {
							System.arraycopy(v, 0, all, o, v.length);
							o += v.length;
						}
						boolean finite = true;
						for (float v : all)
							finite &= Float.isFinite(v);
						if (!finite) nonFinite++;
						if (first == null) first = all;
					}
					double seconds = (System.nanoTime() - started) / 1e9 / (steps - 2);
					String layers = blocked ? "blocked" : "plain";
					try (DataOutputStream d = new DataOutputStream(new FileOutputStream(dir + "/" + tag + "-" + layers + "-" + args[a].replace(':', '_') + ".bin"))) {
						for (float v : first)
							d.writeFloat(v);
					}
					System.out.printf("%s %s %s %.3f s/step, non-finite gradients in %d of %d steps%n", tag, layers, args[a], seconds, nonFinite, steps);
				}
			}
		}
	}

	/** SNet as it was built before {@link BlockedConv3d}: Conv3d layers throughout. */
	private static SequentialBlock plain(int channels, int width, int projection) {
		SequentialBlock net = new SequentialBlock();
		if (projection > 0) net.add(Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(projection).build());
		return net.add(Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1)).setFilters(width).build())
				.add(Activation.leakyReluBlock(0.2f))
				.add(Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1)).setFilters(width).build())
				.add(Activation.leakyReluBlock(0.2f))
				.add(Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(channels).build());
	}

	private static float[] gaussian(SplittableRandom random, int count) {
		float[] v = new float[count];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) random.nextGaussian();
		return v;
	}
}
