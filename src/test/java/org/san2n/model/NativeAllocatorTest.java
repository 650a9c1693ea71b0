package org.san2n.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

class NativeAllocatorTest {

	@Test
	void theUsersMallocSettingsAreKept() {
		assertFalse(NativeAllocator.userChose(Map.of()));
		assertFalse(NativeAllocator.userChose(Map.of("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX512F")));
		assertTrue(NativeAllocator.userChose(Map.of("MALLOC_TRIM_THRESHOLD_", "0")));
		assertTrue(NativeAllocator.userChose(Map.of("MALLOC_MMAP_THRESHOLD_", "131072")));
		assertTrue(NativeAllocator.userChose(Map.of("MALLOC_TOP_PAD_", "0")));
		assertTrue(NativeAllocator.userChose(Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0")));
	}

	/**
	 * What the settings are for: a training step of the shapes of a 65-volume scan's recorrupted training (8 patches
	 * of 16³ voxels, [ŷ | m̂ | ỹ] = 195 channels, SNet with a projection to 32 and width 16: ~100 MiB of tensors
	 * allocated and freed each step) must not fault its tensors' pages in again at every step. Measured on the AMD
	 * VM of NativeAllocator's note: 2,000–10,600 minor faults a step with glibc's defaults, 70–670 with the settings.
	 */
	@Test
	void aTrainingStepReusesItsTensorsMemory() throws IOException {
		assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux's /proc");
		int volumes = 65, size = 16, batch = 8;
		try (NDManager m = ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
			assumeTrue(NativeAllocator.decision().startsWith("native memory: tensors up to"), NativeAllocator.decision());
			SequentialBlock net = SNet.create(volumes, 16, 32);
			SNet.initialize(net, m, 2 * volumes, 1);
			for (Pair<String, Parameter> p : net.getParameters())
				p.getValue().getArray().setRequiresGradient(true);
			Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
			long before = 0;
			for (int step = 0; step < 12; step++) {
				if (step == 2) before = minorFaults(); // the first steps grow the heap
				try (NDManager scope = m.newSubManager()) {
					NDArray all = scope.randomNormal(new Shape(batch, 3 * volumes, size, size, size));
					try (GradientCollector collector = m.getEngine().newGradientCollector()) {
						NDArray input = all.get(new NDIndex(":, 0:{}", 2 * volumes)), base = all.get(new NDIndex(":, {}:{}", volumes, 2 * volumes)),
								target = all.get(new NDIndex(":, {}:", 2 * volumes));
						NDArray out = net.forward(new ParameterStore(scope, false), new NDList(input), true).singletonOrThrow();
						collector.backward(base.add(out).sub(target).square().mean());
					}
					for (Pair<String, Parameter> p : net.getParameters()) {
						NDArray g = p.getValue().getArray().getGradient();
						g.attach(scope);
						adam.update(p.getValue().getId(), p.getValue().getArray(), g);
						g.set(new NDIndex("..."), 0f);
					}
				}
			}
			long perStep = (minorFaults() - before) / 10;
			assertTrue(perStep < 1200, perStep + " minor page faults per training step: the tensors' memory is not kept between steps");
		}
	}

	/** This process's minor page faults so far (field 10 of /proc/self/stat). */
	private static long minorFaults() throws IOException {
		String stat = Files.readString(Path.of("/proc/self/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[7]); // fields after the command name start at field 3 (state)
	}
}
