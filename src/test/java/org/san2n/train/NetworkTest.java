package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.san2n.model.SNet;
import org.san2n.model.StagingBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

class NetworkTest {

	@Test
	void aBatchInPartsGivesWhatItGivesWhole() {
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
			SequentialBlock block = SNet.create(4, 3);
			SNet.initialize(block, m, 4, 7);
			List<Pair<String, Parameter>> parameters = new ArrayList<>();
			block.getParameters().forEach(parameters::add);
			ParameterStore store = new ParameterStore(m, false);
			float[] values = new float[5 * 4 * 6 * 6 * 6];
			java.util.SplittableRandom random = new java.util.SplittableRandom(3);
			for (int i = 0; i < values.length; i++)
				values[i] = (float) random.nextGaussian();
			NDArray x = m.create(values, new Shape(5, 4, 6, 6, 6));
			San2nTrainer.Network whole = new San2nTrainer.Network(block, store, null, parameters, null, 1, new StagingBuffer(), null,
					Integer.MAX_VALUE);
			San2nTrainer.Network parts = new San2nTrainer.Network(block, store, null, parameters, null, 1, new StagingBuffer(), null, 2);
			NDArray a = whole.apply(x, false), b = parts.apply(x, false);
			assertEquals(new Shape(5, 4, 6, 6, 6), b.getShape(), "5 patches in parts of 2, 2, 1");
			assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 1e-5f, "each patch's output depends on that patch alone");
		}
	}
}
