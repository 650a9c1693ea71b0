package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.model.SNet;
import org.san2n.qspace.GradientTable;
import org.san2n.sampling.PatchBatch;
import org.san2n.sampling.PatchGrid;
import org.san2n.mask.BrainMask;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

class RecorruptedMpPcaTest {

	static final int N = 5, S = 8;
	final GradientTable table = TestModels.table(N, 2);
	final DwiScan scan = TestModels.scan(S, S, S, table, 3);

	private DwiScan features(java.util.function.UnaryOperator<DwiScan> mppca) {
		float[] sigma = new float[S * S * S];
		Arrays.fill(sigma, 7);
		return RecorruptedMpPca.features(scan, sigma, 11, mppca);
	}

	@Test
	void inputAndTargetAreTheScanPlusAndMinusTheSameNoiseScaledByAlpha() {
		DwiScan f = features(s -> s);
		float[] y = scan.toArray(), all = f.toArray();
		int size = y.length;
		double a2 = RecorruptedMpPca.ALPHA * RecorruptedMpPca.ALPHA, sumZ2 = 0;
		for (int i = 0; i < size; i++) {
			double up = all[i] - y[i], down = y[i] - all[2 * size + i];
			assertEquals(a2 * down, up, 1e-3, "voxel " + i); // α·σ·z against σ·z/α
			assertEquals(all[i], all[size + i], 0f, "m̂ is MP-PCA's result on ŷ (here the identity)");
			double scaleOfZ = 7 / RecorruptedMpPca.ALPHA; // σ / α
			sumZ2 += down * down / (scaleOfZ * scaleOfZ);
		}
		assertEquals(1, sumZ2 / size, 0.1, "z is standard normal");
		assertEquals(3 * N, f.volumes());
	}

	/** m̂'s windows: at least 2 apart, the scan's own stride where coarser, never more than the window (every voxel in one). */
	@Test
	void theRecorruptedScansMpPcaRunsAtLeastAtStrideTwo() {
		org.san2n.mppca.MpPcaOptions defaults = org.san2n.mppca.MpPcaOptions.DEFAULTS;
		long[] clinical = { 96, 96, 60 }, hcp = { 145, 174, 145 };
		assertEquals(1, org.san2n.mppca.MpPca.strideFor(96, 96, 60, 65, defaults), "the scan's own MP-PCA: stride 1 on a clinical scan");
		assertEquals(2, RecorruptedMpPca.featureOptions(defaults, clinical, 65).stride());
		assertEquals(2, RecorruptedMpPca.featureOptions(defaults.withStride(1), clinical, 65).stride());
		assertEquals(3, RecorruptedMpPca.featureOptions(defaults.withStride(3), clinical, 65).stride());
		int automatic = org.san2n.mppca.MpPca.strideFor(145, 174, 145, 288, defaults);
		assertEquals(Math.max(2, automatic), RecorruptedMpPca.featureOptions(defaults, hcp, 288).stride(), "an HCP-sized scan keeps its coarser automatic stride");
		assertEquals(defaults.window(), RecorruptedMpPca.featureOptions(defaults, clinical, 65).window());
	}

	@Test
	void theUntrainedNetworkIsMpPcaItself() {
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			DwiScan f = features(s -> s.withVoxels(TestModels.scan(S, S, S, table, 9).voxels()));
			RecorruptedMpPca objective = new RecorruptedMpPca(f, N, 100, S);
			SequentialBlock block = SNet.create(N, 6);
			SNet.initialize(block, m, Objective.RECORRUPTED_MPPCA.inputChannels(N), 1);
			objective.initialize(block);
			ParameterStore store = new ParameterStore(m, false);
			TrainingObjective.Forward net = (x, grad) -> block.forward(store, new NDList(x), false).singletonOrThrow();
			PatchGrid grid = PatchGrid.over(BrainMask.full(S, S, S), S, S);
			PatchBatch raw = new PatchBatch(new float[N * S * S * S], new float[N * S * S * S], new int[] { 0 }, N, S, grid);
			TrainingObjective.Batch batch = new TrainingObjective.Batch(raw, null, null,
					(values, shape) -> m.create(values, shape).div(100f));
			double untrained = objective.validate(m, batch, net, null), baseline = objective.validate(m, batch, null, null);
			assertEquals(baseline, untrained, 1e-6 * baseline);
			float[] out = net.apply(m.ones(new ai.djl.ndarray.types.Shape(1, 2 * N, S, S, S)), false).toFloatArray();
			assertArrayEquals(new float[out.length], out, 0f);
		}
	}
}
