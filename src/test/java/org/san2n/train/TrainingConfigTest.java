package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

	final TrainingConfig c = TrainingConfig.DEFAULTS.resolvedFor(20);

	@Test
	void defaultsAreTheMethods() {
		assertEquals(100, c.epochs(), "100 epochs where that makes ≥ 1000 steps");
		assertEquals(16, c.batchSize());
		assertEquals(1e-3, c.learningRate(), "the one rate that is not the method's 5e-4 (see TrainingConfig)");
		assertEquals(16, c.patchSize());
		assertEquals(8, c.stride());
		assertEquals(63, c.width(63), "E = N");
		assertEquals(1e-5, c.beta());
	}

	@Test
	void smallScansTrainForAtLeastAThousandSteps() {
		assertEquals(500, TrainingConfig.DEFAULTS.resolvedFor(2).epochs());
		assertEquals(112, TrainingConfig.DEFAULTS.resolvedFor(9).epochs());
		assertEquals(7, TrainingConfig.DEFAULTS.withEpochs(7).resolvedFor(2).epochs(), "epochs the user gives are kept");
		assertThrows(IllegalStateException.class, () -> TrainingConfig.DEFAULTS.learningRate(1));
	}

	@Test
	void learningRateHalvesAfterFiftySeventyAndNinetyPercent() {
		// As PyTorch's MultiStepLR(milestones=[50, 70, 90], gamma=0.5) stepped once per epoch.
		assertEquals(1e-3, c.learningRate(1));
		assertEquals(1e-3, c.learningRate(50));
		assertEquals(5e-4, c.learningRate(51));
		assertEquals(5e-4, c.learningRate(70));
		assertEquals(2.5e-4, c.learningRate(71));
		assertEquals(1.25e-4, c.learningRate(91));
		assertEquals(1.25e-4, c.learningRate(100));
	}

	@Test
	void lambdasRampWithTheEpoch() {
		LossWeights first = c.weights(1), last = c.weights(100), mid = c.weights(50);
		assertEquals(0.1, first.lambda1(), 1e-12);
		assertEquals(0.01, first.lambda2(), 1e-12);
		assertEquals(5, mid.lambda1(), 1e-12);
		assertEquals(10, last.lambda1(), 1e-12);
		assertEquals(1, last.lambda2(), 1e-12);
		assertEquals(1, last.bigLambda1());
		assertEquals(1, last.bigLambda2());
	}

	@Test
	void refusesNonsense() {
		assertThrows(IllegalArgumentException.class, () -> c.withEpochs(-1));
		assertThrows(IllegalArgumentException.class, () -> c.withBatchSize(0));
		assertThrows(IllegalArgumentException.class, () -> c.withLearningRate(-1));
		assertThrows(IllegalArgumentException.class, () -> c.withPatches(15, 8));
		assertThrows(IllegalArgumentException.class, () -> c.withHiddenWidth(-2));
	}
}
