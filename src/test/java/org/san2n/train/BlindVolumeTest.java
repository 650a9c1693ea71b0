package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.san2n.model.SNet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

class BlindVolumeTest {

	static final int N = 11, S = 6;

	private static float[] random(int size, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] v = new float[size];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (1 + 0.3 * r.nextGaussian());
		return v;
	}

	@Test
	void noVolumesPredictionDependsOnItsOwnMeasurement() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			SequentialBlock block = SNet.create(N, 7);
			SNet.initialize(block, m, N, 3);
			ParameterStore store = new ParameterStore(m, false);
			TrainingObjective.Forward net = (x, grad) -> block.forward(store, new NDList(x), false).singletonOrThrow();
			NDArray x = m.create(random(N * S * S * S, 1), new Shape(1, N, S, S, S));
			float[] before = BlindVolume.predict(net, x).toFloatArray();
			for (int v : new int[] { 0, 4, 10 }) {
				NDArray changed = x.duplicate();
				changed.set(new NDIndex(":, {}", v), m.create(random(S * S * S, 100 + v), new Shape(1, S, S, S)));
				float[] after = BlindVolume.predict(net, changed).toFloatArray();
				int cube = S * S * S;
				for (int c = 0; c < N; c++) {
					float[] a = java.util.Arrays.copyOfRange(before, c * cube, (c + 1) * cube);
					float[] b = java.util.Arrays.copyOfRange(after, c * cube, (c + 1) * cube);
					if (c == v) assertArrayEquals(a, b, 0f, "volume " + v + "'s prediction moved with its own measurement");
					else if (c % BlindVolume.groups(N) != v % BlindVolume.groups(N))
						assertNotEquals(a[cube / 2], b[cube / 2], "volume " + c + " should use volume " + v);
				}
			}
		}
	}

	@Test
	void trainingHidesAGroupsWorthOfVolumesInEveryPatch() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			float[] hide = BlindVolume.masks(m, new Shape(5, 65, S, S, S), new SplittableRandom(1)).toFloatArray();
			for (int b = 0; b < 5; b++) {
				int hidden = 0;
				for (int v = 0; v < 65; v++)
					hidden += (int) hide[b * 65 + v];
				assertEquals(9, hidden, "patch " + b); // ⌈65 / 8⌉
			}
			assertEquals(8, BlindVolume.groups(65));
			assertEquals(3, BlindVolume.groups(3));
		}
	}

	@Test
	void theLossIsTheErrorOnTheHiddenVolumesOnly() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			NDArray p = m.create(random(2 * N * S * S * S, 5), new Shape(2, N, S, S, S));
			// A "network" that returns its input predicts hidden volumes (set to 0) as 0: error = mean p² over them.
			TrainingObjective.Forward identity = (x, grad) -> x;
			BlindVolume objective = new BlindVolume(10);
			double loss = objective.begin(m, new TrainingObjective.Batch(null, p, null, null), identity, null, new SplittableRandom(9)).loss().terms().total();
			NDArray hide = BlindVolume.masks(m, p.getShape(), new SplittableRandom(9));
			double expected = p.square().mul(hide).sum().getFloat() / (hide.sum().getFloat() * S * S * S) * 100;
			assertEquals(expected, loss, 1e-4 * expected);
			assertTrue(objective.validate(m, new TrainingObjective.Batch(null, p, null, null), null, new SplittableRandom(2)) < loss, "the q-space mean beats predicting 0");
		}
	}
}
