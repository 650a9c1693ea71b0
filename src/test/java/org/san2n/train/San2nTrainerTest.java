package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.TiledDenoiser;
import org.san2n.model.EpochRecord;
import org.san2n.model.San2nModel;
import org.san2n.model.ValidationReport;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;
import org.san2n.qspace.AngularPairing;
import org.san2n.qspace.PairingOptions;

import ai.djl.Device;

class San2nTrainerTest {

	static final BrainPhantom.Phantom PHANTOM = BrainPhantom
			.simulate(new PhantomSpec(new int[] { 24, 24, 16 }, new double[] { 1000 }, 8, 2, 10, 3));
	/** 8³ patches every 4 voxels: 75 positions, 8 held out for validation, 16 steps of 4 pairs per epoch. */
	static final TrainingConfig SMALL = TrainingConfig.DEFAULTS.withEpochs(4).withBatchSize(4).withHiddenWidth(8).withPatches(8, 4)
			.withLearningRate(2e-3);

	static TrainingData data(PairingOptions pairing) {
		double[] sigma = new double[PHANTOM.noisy().volumes()];
		Arrays.fill(sigma, PHANTOM.sigma());
		return new TrainingData(PHANTOM.noisy(), PHANTOM.mask(), AngularPairing.pair(PHANTOM.noisy().gradients(), pairing), sigma);
	}

	static San2nModel train(TrainingConfig config, List<StepReport> steps) {
		return new San2nTrainer(config, Device.cpu(), Progress.NONE, steps::add).train(data(PairingOptions.DEFAULTS));
	}

	@Test
	void lossFallsAndEveryStepIsReported() {
		List<StepReport> steps = new ArrayList<>();
		try (San2nModel model = train(SMALL.withEpochs(3), steps)) {
			List<EpochRecord> h = model.metadata().history();
			assertEquals(3, h.size());
			// The loss falls: here to 0.37 of the first epoch's in three epochs, every run; one CI run of the whole suite
			// (2026-11-30, the same code that passed before and after) gave 0.81, not reproduced in this class alone or
			// after the classes that ran before it there. The bound is the falling, not the rate.
			// Seen again on 2026-12-01 (0.99, whole suite in CI, not alone): the message now carries every epoch and step so
			// that the next occurrence says whether steps were skipped, clipped flat or the learning rate was off.
			assertTrue(h.get(2).loss().l1() < 0.9 * h.get(0).loss().l1(), "L1 " + h.get(0).loss().l1() + " → " + h.get(2).loss().l1()
					+ "; epochs " + h + "; steps " + steps.stream().map(s -> s.loss().l1() + "@" + s.learningRate()).toList());
			assertEquals(steps.get(steps.size() - 1).steps(), steps.size());
			assertTrue(steps.stream().allMatch(s -> s.loss().finite() && s.samplesPerSecond() > 0));
			assertTrue(h.get(2).loss().lq() > 0, "angular terms are in the loss");
			assertTrue(h.get(2).loss().lr() != 0, "Rician term is in the loss");
			assertEquals(8, model.metadata().width());
			assertTrue(model.metadata().scale() > 100, "the scale is the scan's b0 level");
		}
	}

	@Test
	void oneSeedGivesOneModel() throws java.io.IOException {
		float[] a, b;
		List<EpochRecord> ha, hb;
		try (San2nModel m = train(SMALL.withEpochs(2), new ArrayList<>())) {
			a = denoise(m);
			ha = m.metadata().history();
		}
		try (San2nModel m = train(SMALL.withEpochs(2), new ArrayList<>())) {
			b = denoise(m);
			hb = m.metadata().history();
		}
		assertEquals(ha.get(1).loss(), hb.get(1).loss());
		assertArrayEquals(a, b, 1e-3f);
		try (San2nModel m = train(SMALL.withEpochs(2).withSeed(9), new ArrayList<>())) {
			assertTrue(!m.metadata().history().get(1).loss().equals(ha.get(1).loss()), "another seed, another run");
		}
	}

	@Test
	void selfPairedVolumesDropTheAngularTerms() {
		// One b0 and a 1° threshold: every volume is paired with itself, so no angular term is left.
		BrainPhantom.Phantom p = BrainPhantom.simulate(new PhantomSpec(new int[] { 24, 24, 16 }, new double[] { 1000 }, 8, 1, 10, 4));
		double[] sigma = new double[p.noisy().volumes()];
		Arrays.fill(sigma, p.sigma());
		TrainingData d = new TrainingData(p.noisy(), p.mask(),
				AngularPairing.pair(p.noisy().gradients(), PairingOptions.DEFAULTS.withFixedMaxAngle(1)), sigma);
		assertEquals(9, d.pairing().selfPaired().length, "every volume self-paired");
		try (San2nModel m = new San2nTrainer(SMALL.withEpochs(1), Device.cpu(), Progress.NONE, s -> {}).train(d)) {
			EpochRecord e = m.metadata().history().get(0);
			assertEquals(0, e.loss().lq(), 0);
			assertEquals(0, e.loss().lq2(), 0);
			assertTrue(e.loss().l1() > 0);
		}
	}

	@Test
	void cancelStopsBetweenSteps() {
		List<StepReport> steps = new ArrayList<>();
		Progress cancelAfterThree = new Progress() {
			@Override
			public void update(String stage, long done, long total) {}

			@Override
			public boolean isCancelled() {
				return steps.size() >= 3;
			}
		};
		assertThrows(CancelledException.class,
				() -> new San2nTrainer(SMALL, Device.cpu(), cancelAfterThree, steps::add).train(data(PairingOptions.DEFAULTS)));
		assertEquals(3, steps.size());
	}

	@Test
	void progressShowsLossSpeedAndTimeLeft() {
		List<String> statuses = new ArrayList<>();
		long[] last = new long[2];
		Progress p = new Progress() {
			@Override
			public void update(String stage, long done, long total) {
				last[0] = done;
				last[1] = total;
			}

			@Override
			public boolean isCancelled() {
				return false;
			}

			@Override
			public void status(String text) {
				statuses.add(text);
			}
		};
		try (San2nModel m = new San2nTrainer(SMALL.withEpochs(1), Device.cpu(), p, s -> {}).train(data(PairingOptions.DEFAULTS))) {
			assertEquals(last[1], last[0], "the bar reaches its end");
			assertEquals(last[1] + 1, statuses.size(), "one status per step, then cleared");
			assertEquals("", statuses.get(statuses.size() - 1));
			assertTrue(statuses.get(0).matches("epoch 1/1 · loss [0-9.e+]+ · [0-9.]+ pairs/s · \\d+m\\d\\ds left"), statuses.get(0));
		}
	}

	@Test
	void aBackgroundOfNaNsStillTrains() {
		float[] voxels = PHANTOM.noisy().toArray();
		byte[] brain = PHANTOM.mask().inside();
		for (int i = 0; i < voxels.length; i++)
			if (brain[i % brain.length] == 0) voxels[i] = Float.NaN;
		var scan = new org.san2n.dwi.DwiScan(net.imglib2.img.array.ArrayImgs.floats(voxels, PHANTOM.noisy().voxels().shape()),
				PHANTOM.noisy().gradients(), PHANTOM.noisy().geometry());
		double[] sigma = new double[scan.volumes()];
		Arrays.fill(sigma, PHANTOM.sigma());
		TrainingData d = new TrainingData(scan, PHANTOM.mask(), AngularPairing.pair(scan.gradients(), PairingOptions.DEFAULTS), sigma);
		List<StepReport> steps = new ArrayList<>();
		try (San2nModel m = new San2nTrainer(SMALL.withEpochs(1), Device.cpu(), Progress.NONE, steps::add).train(d)) {
			assertTrue(steps.stream().noneMatch(StepReport::skipped), "no step lost to NaN");
			assertTrue(Double.isFinite(m.metadata().scale()));
		}
	}

	@Test
	void unusableNoiseEstimatesTakeTheMedianOfTheOthers() {
		assertArrayEquals(new double[] { 2, 3.5, 3.5, 5 }, TrainingInputs.usable(new double[] { 2, 0, Double.NaN, 5 }), 0);
		assertArrayEquals(new double[] { 1, 4, 4, 9 }, TrainingInputs.usable(new double[] { 1, -1, 4, 9 }), 0);
		assertThrows(IllegalArgumentException.class, () -> TrainingInputs.usable(new double[] { 0, Double.NaN }));
	}

	@Test
	void aBatchLargerThanThePatchPositionsShrinksToFitAndSaysSo() {
		org.san2n.LoggedProgress listening = new org.san2n.LoggedProgress();
		List<String> log = listening.lines;
		try (San2nModel m = new San2nTrainer(SMALL.withBatchSize(1000).withEpochs(1), Device.cpu(), listening, r -> {})
				.train(data(PairingOptions.DEFAULTS))) {
			assertEquals(66, m.metadata().config().batchSize());
		}
		assertTrue(log.stream().anyMatch(l -> l.contains("75 patch positions (9 held out for validation)") && l.contains("batches of 66")),
				log.toString());
	}

	@Test
	void trainingIsWatchedOnHeldOutPatchesAndKeepsTheBestWeights() {
		try (San2nModel m = train(SMALL.withEpochs(4), new ArrayList<>())) {
			ValidationReport v = m.metadata().validation();
			assertEquals(8, v.positions(), "an eighth of 75 positions held out, in whole batches of 4");
			assertTrue(v.history().size() >= 4, "checked during training: " + v.history());
			double lowest = v.history().stream().mapToDouble(ValidationReport.Check::loss).min().orElseThrow();
			assertEquals(lowest, v.bestLoss(), 0);
			assertTrue(v.bestLoss() < v.history().get(0).loss(), "the loss fell: " + v.history());
			assertTrue(v.baseline() > 0 && Double.isFinite(v.baseline()));
			// The weights the model holds are those of the best check: validating them again gives its loss.
			assertTrue(v.bestStep() > 0 && v.bestStep() <= 4L * 16);
		}
	}

	/** 16³ patches every 16 voxels on the 24×24×16 phantom: 4 patch positions, nothing to hold out. */
	static final TrainingConfig ONE_POSITION = SMALL.withPatches(16, 16).withSteps(60);

	@Test
	void withNoPatchToHoldOutTheLogSaysSoAndTrainingStillRuns() {
		org.san2n.LoggedProgress log = new org.san2n.LoggedProgress();
		try (San2nModel m = new San2nTrainer(ONE_POSITION.withSteps(20), Device.cpu(), log, s -> {}).train(data(PairingOptions.DEFAULTS))) {
			assertEquals(null, m.metadata().validation(), "nothing was held out");
		}
		assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("no validation set: the mask covers 4 patch positions, and holding some out needs 32;")
				&& l.contains("watched on its own patches for divergence and collapse")), log.lines.toString());
	}

	@Test
	void aRecorruptedNetworkWithNoPatchToHoldOutIsNotTrained() {
		TrainingData d = data(PairingOptions.DEFAULTS);
		float[] sigma = new float[(int) d.scan().volumeSize()];
		Arrays.fill(sigma, (float) PHANTOM.sigma());
		d = d.withRecorrupted(RecorruptedMpPca.features(d.scan(), sigma, 5, s -> s));
		org.san2n.LoggedProgress log = new org.san2n.LoggedProgress();
		List<StepReport> steps = new ArrayList<>();
		try (San2nModel m = new San2nTrainer(ONE_POSITION, Objective.RECORRUPTED_MPPCA, Device.cpu(), log, steps::add).train(d)) {
			assertEquals(null, m.metadata().validation());
		}
		assertEquals(List.of(), steps, "no step taken: a correction nobody can judge against MP-PCA is never kept");
		assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("no validation set") && l.endsWith("so it is not trained (the model gives MP-PCA's result)")),
				log.lines.toString());
	}

	@Test
	void aRunThatDivergesWithNoValidationSetIsStoppedDuringTraining() {
		List<StepReport> steps = new ArrayList<>();
		TrainingFailedException e = assertThrows(TrainingFailedException.class,
				() -> new San2nTrainer(ONE_POSITION.withSteps(TrainingConfig.MIN_STEPS).withLearningRate(10), Device.cpu(), Progress.NONE, steps::add)
						.train(data(PairingOptions.DEFAULTS)));
		assertTrue(e.getMessage().matches("training (diverged|collapsed|blew up) at step \\d+ of 200.*training patches.*")
				|| e.getMessage().matches("training (diverged|collapsed|blew up) at step \\d+ of 200 \\(training loss.*"), e.getMessage());
		assertTrue(steps.size() < TrainingConfig.MIN_STEPS, "stopped during training, after " + steps.size() + " steps");
		assertTrue(!e.history().isEmpty(), "the watched losses come with the failure");
		System.out.println("diverging run: " + e.getMessage());
	}

	private static float[] denoise(San2nModel m) throws java.io.IOException {
		return TiledDenoiser.denoise(m, PHANTOM.noisy(), null, m.metadata().scale(), DenoiseOptions.DEFAULTS, Progress.NONE)
				.toArray();
	}

	@Test
	void recorruptedTrainingProjectsQSpaceAndTakesFewerStepsExceptOnEveryOtherVoxel() {
		San2nTrainer recorrupted = new San2nTrainer(TrainingConfig.DEFAULTS, Objective.RECORRUPTED_MPPCA, Device.cpu(), Progress.NONE, s -> {});
		assertEquals(Objective.RECORRUPTED_PROJECTION, recorrupted.projection(65), "2N = 130 channels projected");
		assertEquals(10, recorrupted.projection(5), "never more channels than 2N");
		assertEquals(Objective.PROJECTED_STEPS, recorrupted.automaticSteps(65));
		San2nTrainer even = recorrupted.forEveryOtherVoxel();
		assertEquals(0, even.projection(65));
		assertEquals(TrainingConfig.DEFAULT_STEPS, even.automaticSteps(65));
		assertEquals(0, even.with(TrainingConfig.DEFAULTS.withLearningRate(1e-4)).projection(65), "a retry keeps the architecture");
		San2nTrainer published = new San2nTrainer(TrainingConfig.DEFAULTS, Device.cpu(), Progress.NONE, s -> {});
		assertEquals(0, published.projection(65));
		assertEquals(TrainingConfig.DEFAULT_STEPS, published.automaticSteps(65));
		assertEquals(Objective.PROJECTED_STEPS, TrainingConfig.DEFAULTS.resolvedFor(10, recorrupted.automaticSteps(65)).steps());
		assertEquals(300, TrainingConfig.DEFAULTS.withSteps(300).resolvedFor(10, recorrupted.automaticSteps(65)).steps(), "given steps are kept");
	}

	@Test
	void anAutomaticLengthIsCutToTheTimeBudgetAndAGivenOneIsNot() {
		// A budget of 6 ms: 2000 steps overrun it on the reference CPU, so training stops at the fewest steps that train at all.
		org.san2n.LoggedProgress log = new org.san2n.LoggedProgress();
		TrainingConfig automatic = SMALL.withSteps(0).withBudgetMinutes(1e-4);
		try (San2nModel m = new San2nTrainer(automatic, Device.cpu(), log, s -> {}).train(data(PairingOptions.DEFAULTS))) {
			assertEquals(TrainingConfig.MIN_STEPS, m.metadata().config().steps());
			assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("training: 200 steps") && l.contains("automatic: the 2,000 steps would take")
					&& l.contains("the fewest that train at all")), log.lines.toString());
			assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("this machine: ") && l.contains("about ")), log.lines.toString());
		}
		// The choice is the reference CPU's: as many steps as fit, whatever this machine's speed.
		TrainingConfig resolved = TrainingConfig.DEFAULTS.withBudgetMinutes(20).resolvedFor(1);
		assertEquals(2000, San2nTrainer.automaticSteps(resolved, 0.5));
		assertEquals(1200, San2nTrainer.automaticSteps(resolved, 1.0));
		assertEquals(TrainingConfig.MIN_STEPS, San2nTrainer.automaticSteps(resolved, 60));
		List<StepReport> steps = new ArrayList<>();
		try (San2nModel m = new San2nTrainer(SMALL.withSteps(30).withBudgetMinutes(1e-4), Device.cpu(), Progress.NONE, steps::add)
				.train(data(PairingOptions.DEFAULTS))) {
			assertEquals(30, steps.size(), "steps the user gave are all run");
			assertEquals(30, m.metadata().config().steps());
		}
	}
}
