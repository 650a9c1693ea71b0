package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

	/** 100 steps, so that step k is k % of the training. */
	final TrainingConfig c = TrainingConfig.DEFAULTS.withSteps(100).resolvedFor(20);

	@Test
	void defaultsAreTheMethods() {
		TrainingConfig d = TrainingConfig.DEFAULTS;
		assertEquals(0, d.batchSize(), "automatic");
		assertEquals(16, d.batch(Objective.SPATIO_ANGULAR_PAIRS), "16, as published");
		assertEquals(8, d.batch(Objective.RECORRUPTED_MPPCA), "recorrupted training: more, smaller steps");
		assertEquals(12, d.withBatchSize(12).batch(Objective.RECORRUPTED_MPPCA), "a batch given is kept");
		assertEquals(8, new San2nTrainer(d, Objective.RECORRUPTED_MPPCA, ai.djl.Device.cpu(), org.san2n.progress.Progress.NONE, r -> {})
				.config().batchSize(), "the trainer trains with the objective's batch");
		assertEquals(1e-3, d.learningRate(), "the one rate that is not the method's 5e-4 (see TrainingConfig)");
		assertEquals(16, d.patchSize());
		assertEquals(8, d.stride());
		assertEquals(63, d.width(63, Objective.SPATIO_ANGULAR_PAIRS), "E = N, as published");
		assertEquals(16, d.width(63, Objective.RECORRUPTED_MPPCA), "at most 16 to refine MP-PCA");
		assertEquals(12, d.width(12, Objective.RECORRUPTED_MPPCA), "one per volume below 16");
		assertEquals(8, d.withHiddenWidth(8).width(63, Objective.RECORRUPTED_MPPCA), "a width given is kept");
		assertEquals(1e-5, d.beta());
	}

	@Test
	void anAutomaticLengthIsTheSameNumberOfStepsWhateverTheScansSize() {
		assertEquals(TrainingConfig.DEFAULT_STEPS, TrainingConfig.DEFAULTS.resolvedFor(2).steps());
		assertEquals(TrainingConfig.DEFAULT_STEPS, TrainingConfig.DEFAULTS.resolvedFor(360).steps(), "an HCP-sized scan's 360 batches an epoch");
		assertTrue(TrainingConfig.DEFAULTS.automaticLength());
		assertFalse(TrainingConfig.DEFAULTS.resolvedFor(2).automaticLength());
		assertThrows(IllegalStateException.class, () -> TrainingConfig.DEFAULTS.learningRate(1));
	}

	@Test
	void givenEpochsOrStepsAreKept() {
		assertEquals(14, TrainingConfig.DEFAULTS.withEpochs(7).resolvedFor(2).steps(), "7 epochs of 2 steps");
		assertEquals(0, TrainingConfig.DEFAULTS.withEpochs(7).resolvedFor(2).epochs(), "counted in steps from then on");
		assertEquals(333, TrainingConfig.DEFAULTS.withSteps(333).resolvedFor(40).steps());
		assertEquals(120, TrainingConfig.DEFAULTS.withSteps(333).resolvedFor(40).cutTo(120).steps());
		assertEquals(333, TrainingConfig.DEFAULTS.withSteps(333).resolvedFor(40).cutTo(1000).steps(), "a cut never lengthens");
		assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(3, 300, 0, 16, 1e-3, new double[] { 0.5 }, 0.5, 16, 8, 0, 10,
				1, 1, 1, 1e-5, 0), "epochs and steps both");
	}

	@Test
	void learningRateHalvesAfterFiftySeventyAndNinetyPercentOfTheSteps() {
		// As PyTorch's MultiStepLR(milestones=[50, 70, 90], gamma=0.5) stepped once per step.
		assertEquals(1e-3, c.learningRate(1));
		assertEquals(1e-3, c.learningRate(50));
		assertEquals(5e-4, c.learningRate(51));
		assertEquals(5e-4, c.learningRate(70));
		assertEquals(2.5e-4, c.learningRate(71));
		assertEquals(1.25e-4, c.learningRate(91));
		assertEquals(1.25e-4, c.learningRate(100));
		TrainingConfig cut = TrainingConfig.DEFAULTS.withSteps(1000).resolvedFor(20).cutTo(100);
		assertEquals(5e-4, cut.learningRate(51), "a budget's cut moves the milestones with it");
	}

	@Test
	void lambdasRampWithTheStep() {
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
		assertThrows(IllegalArgumentException.class, () -> c.withSteps(-1));
		assertThrows(IllegalArgumentException.class, () -> c.withBudgetMinutes(-1));
		assertThrows(IllegalArgumentException.class, () -> c.withBatchSize(-1));
		assertThrows(IllegalArgumentException.class, () -> c.withBatchSize(TrainingConfig.MAX_BATCH + 1));
		assertThrows(IllegalArgumentException.class, () -> c.withLearningRate(-1));
		assertThrows(IllegalArgumentException.class, () -> c.withPatches(15, 8));
		assertThrows(IllegalArgumentException.class, () -> c.withHiddenWidth(-2));
	}
}
