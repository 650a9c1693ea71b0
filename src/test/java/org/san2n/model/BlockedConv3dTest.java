package org.san2n.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

class BlockedConv3dTest {

	@Test
	void channelCountsAreRoundedUpToTheBlock() {
		assertEquals(16, BlockedConv3d.blocked(1));
		assertEquals(16, BlockedConv3d.blocked(16));
		assertEquals(48, BlockedConv3d.blocked(34));
		assertEquals(144, BlockedConv3d.blocked(130));
	}

	@Test
	void aKernelThatIsNot3dIsRefused() {
		assertThrows(IllegalArgumentException.class, () -> BlockedConv3d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build());
	}

	/**
	 * Output, weight gradient and input gradient of a 3³ convolution (zero padding 1) with channel counts that are not
	 * multiples of 16 (5 → 7, 1 → 3), against the sums written out in Java. On the AMD EPYC VM of {@link BlockedConv3d}'s
	 * note, oneDNN's AVX-512 kernels gave these gradients 25–40 % off without the padding.
	 */
	@Test
	void oddChannelCountsGiveTheConvolutionAndItsGradients() {
		for (int[] c : new int[][] { { 5, 7 }, { 1, 3 } })
			checkAgainstDirectSums(c[0], c[1], 2, 6);
	}

	private static void checkAgainstDirectSums(int in, int out, int batch, int n) {
		SplittableRandom random = new SplittableRandom(in * 31 + out);
		float[] x = gaussian(random, batch * in * n * n * n), w = gaussian(random, out * in * 27), b = gaussian(random, out),
				r = gaussian(random, batch * out * n * n * n);
		try (NDManager m = ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
			NDArray xa = m.create(x, new Shape(batch, in, n, n, n)), wa = m.create(w, new Shape(out, in, 3, 3, 3)), ba = m.create(b, new Shape(out));
			xa.setRequiresGradient(true);
			wa.setRequiresGradient(true);
			float[] y;
			try (GradientCollector collector = m.getEngine().newGradientCollector()) {
				NDArray ya = BlockedConv3d.conv3d(xa, wa, ba, new Shape(1, 1, 1), new Shape(1, 1, 1), new Shape(1, 1, 1), 1);
				assertEquals(new Shape(batch, out, n, n, n), ya.getShape());
				y = ya.toFloatArray();
				collector.backward(ya.mul(m.create(r, ya.getShape())).sum()); // d/dy = r
			}
			float[] gw = wa.getGradient().toFloatArray(), gx = xa.getGradient().toFloatArray();
			double[] ey = new double[y.length], egw = new double[gw.length], egx = new double[gx.length];
			for (int s = 0; s < batch; s++)
				for (int o = 0; o < out; o++)
					for (int z = 0; z < n; z++)
						for (int yy = 0; yy < n; yy++)
							for (int xx = 0; xx < n; xx++) {
								int yi = (((s * out + o) * n + z) * n + yy) * n + xx;
								double sum = b[o];
								for (int i = 0; i < in; i++)
									for (int kz = 0; kz < 3; kz++)
										for (int ky = 0; ky < 3; ky++)
											for (int kx = 0; kx < 3; kx++) {
												int sz = z + kz - 1, sy = yy + ky - 1, sx = xx + kx - 1;
												if (sz < 0 || sy < 0 || sx < 0 || sz >= n || sy >= n || sx >= n) continue;
												int xi = (((s * in + i) * n + sz) * n + sy) * n + sx, wi = ((o * in + i) * 3 + kz) * 9 + ky * 3 + kx;
												sum += w[wi] * x[xi];
												egw[wi] += r[yi] * x[xi];
												egx[xi] += r[yi] * w[wi];
											}
								ey[yi] = sum;
							}
			assertClose(ey, y, "output, " + in + " → " + out);
			assertClose(egw, gw, "weight gradient, " + in + " → " + out);
			assertClose(egx, gx, "input gradient, " + in + " → " + out);
		}
	}

	private static void assertClose(double[] expected, float[] actual, String what) {
		double largest = 0;
		for (double e : expected)
			largest = Math.max(largest, Math.abs(e));
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 1e-4 * largest, what + ", value " + i);
	}

	private static float[] gaussian(SplittableRandom random, int count) {
		float[] v = new float[count];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) random.nextGaussian();
		return v;
	}

	/** Model files written when SNet's 3³ layers were plain Conv3d layers hold the same bytes: they still load. */
	@Test
	void parametersAreSavedAsConv3dSavedThem() throws java.io.IOException {
		try (NDManager m = ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
			SequentialBlock blocked = SNet.create(7, 5, 9), plain = new SequentialBlock()
					.add(ai.djl.nn.convolutional.Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(9).build())
					.add(ai.djl.nn.convolutional.Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1)).setFilters(5).build())
					.add(ai.djl.nn.Activation.leakyReluBlock(0.2f))
					.add(ai.djl.nn.convolutional.Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1)).setFilters(5).build())
					.add(ai.djl.nn.Activation.leakyReluBlock(0.2f))
					.add(ai.djl.nn.convolutional.Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(7).build());
			SNet.initialize(blocked, m, 14, 3);
			SNet.initialize(plain, m, 14, 3);
			java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream(), b = new java.io.ByteArrayOutputStream();
			blocked.saveParameters(new java.io.DataOutputStream(a));
			plain.saveParameters(new java.io.DataOutputStream(b));
			assertTrue(java.util.Arrays.equals(a.toByteArray(), b.toByteArray()), "the saved parameters differ");
		}
	}

	/**
	 * The network the NaN was first seen in (SNet of width 8 on 10 channels), forward and backward 20 times on the
	 * same patches with the same weights: the same finite gradient every time. On that VM oneDNN's AVX-512 kernels gave a
	 * NaN gradient in 98 of 100 repetitions with plain Conv3d layers.
	 */
	@Test
	void repeatedConvolutionGradientsAreFiniteAndIdentical() {
		try (NDManager m = ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
			SequentialBlock block = SNet.create(10, 8);
			SNet.initialize(block, m, 10, 5);
			for (Pair<String, Parameter> p : block.getParameters())
				p.getValue().getArray().setRequiresGradient(true);
			NDArray x = m.create(gaussian(new SplittableRandom(11), 4 * 10 * 4 * 4 * 4), new Shape(4, 10, 4, 4, 4));
			ParameterStore store = new ParameterStore(m, false);
			float[] first = null;
			for (int repetition = 0; repetition < 20; repetition++) {
				float[] gradient;
				try (NDManager step = m.newSubManager()) {
					try (GradientCollector collector = m.getEngine().newGradientCollector()) {
						collector.zeroGradients();
						NDArray y = block.forward(store, new NDList(x), true).singletonOrThrow();
						collector.backward(y.sub(x).square().mean());
					}
					NDArray g = block.getParameters().get(0).getValue().getArray().getGradient();
					g.attach(step);
					gradient = g.toFloatArray();
				}
				for (float v : gradient)
					assertTrue(Float.isFinite(v), "repetition " + repetition + ": a gradient value is " + v);
				if (first == null) first = gradient;
				else for (int i = 0; i < first.length; i++)
					assertEquals(first[i], gradient[i], 1e-5f * (1 + Math.abs(first[i])), "repetition " + repetition + ", value " + i);
			}
		}
	}
}
