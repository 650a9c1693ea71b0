package org.san2n.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

class OneDnnIsaTest {

	@Test
	void amdProcessorsAreLimitedUnlessTheUserChoseALimit() {
		assertEquals(Optional.of("SSE41"), OneDnnIsa.limitFor("AuthenticAMD", Map.of()));
		assertEquals(Optional.empty(), OneDnnIsa.limitFor("GenuineIntel", Map.of()));
		assertEquals(Optional.empty(), OneDnnIsa.limitFor("", Map.of()));
		assertEquals(Optional.empty(), OneDnnIsa.limitFor("AuthenticAMD", Map.of("ONEDNN_MAX_CPU_ISA", "ALL")));
		assertEquals(Optional.empty(), OneDnnIsa.limitFor("AuthenticAMD", Map.of("DNNL_MAX_CPU_ISA", "AVX2")));
	}

	@Test
	void theVendorIsReadFromCpuinfo(@TempDir Path dir) throws IOException {
		Path cpuinfo = dir.resolve("cpuinfo");
		Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n");
		assertEquals("AuthenticAMD", OneDnnIsa.vendor(cpuinfo));
		assertEquals("", OneDnnIsa.vendor(dir.resolve("absent")));
	}

	/** On an AMD processor under Linux with neither variable set, loading the product's engine sets the limit. */
	@Test
	void theProductsEngineSetsTheLimitOnAmd() {
		ComputeDevice.engine();
		boolean amd = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
				&& OneDnnIsa.vendor(Path.of("/proc/cpuinfo")).equals("AuthenticAMD");
		boolean chosen = System.getenv().containsKey("ONEDNN_MAX_CPU_ISA") || System.getenv().containsKey("DNNL_MAX_CPU_ISA");
		if (amd && !chosen) assertTrue(OneDnnIsa.decision().startsWith("oneDNN kernels limited to SSE41"), OneDnnIsa.decision());
		else if (!chosen) assertEquals("", OneDnnIsa.decision(), "no limit off AMD processors");
		else assertTrue(OneDnnIsa.decision().contains("set in the environment"), OneDnnIsa.decision());
	}

	/**
	 * The fault {@link OneDnnIsa} works around, on the product's engine: a network with 8 hidden channels, forward and
	 * backward 20 times on the same patches with the same weights, must give the same finite gradient every time. On
	 * the AMD machine of OneDnnIsa's note, oneDNN's AVX-512 kernels gave a NaN gradient in 98 of 100 repetitions.
	 */
	@Test
	void repeatedConvolutionGradientsAreFiniteAndIdentical() {
		try (NDManager m = ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
			SequentialBlock block = SNet.create(10, 8);
			SNet.initialize(block, m, 10, 5);
			for (Pair<String, Parameter> p : block.getParameters())
				p.getValue().getArray().setRequiresGradient(true);
			SplittableRandom random = new SplittableRandom(11);
			float[] values = new float[4 * 10 * 4 * 4 * 4];
			for (int i = 0; i < values.length; i++)
				values[i] = (float) random.nextGaussian();
			NDArray x = m.create(values, new Shape(4, 10, 4, 4, 4));
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
					assertTrue(Float.isFinite(v), "repetition " + repetition + ": a gradient value is " + v + "; " + OneDnnIsa.decision());
				if (first == null) first = gradient;
				else for (int i = 0; i < first.length; i++)
					assertEquals(first[i], gradient[i], 1e-5f * (1 + Math.abs(first[i])), "repetition " + repetition + ", value " + i);
			}
		}
	}
}
