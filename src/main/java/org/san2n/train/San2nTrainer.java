package org.san2n.train;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.san2n.budget.ReferenceCpu;
import org.san2n.dwi.IntensityScale;
import org.san2n.model.ComputeDevice;
import org.san2n.model.NativeAllocator;
import org.san2n.model.EpochRecord;
import org.san2n.model.ModelMetadata;
import org.san2n.model.SNet;
import org.san2n.model.San2nModel;
import org.san2n.model.StagingBuffer;
import org.san2n.model.ValidationReport;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;
import org.san2n.sampling.PatchBatch;
import org.san2n.sampling.PatchGrid;
import org.san2n.sampling.PatchPairSampler;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;

/**
 * Trains SNet on one scan with the SAN2N loss (docs/METHOD.md §5–6): each step takes a batch of patch pairs
 * (P, P′) from the streaming sampler, computes f(P) and f(P′) without gradient, draws one sub-sampler
 * pair per 2×2×2 cell, and updates the network with Adam on the loss of f(g1(P)).
 *
 * <p>
 * Native memory: the parameters and Adam's state live for the whole run; each step's tensors live in a
 * sub-manager closed at the end of the step. Cancellation is honoured between steps.
 */
public final class San2nTrainer {

	/** Steps in a row with a non-finite loss after which training is declared diverged. */
	static final int MAX_SKIPPED_IN_A_ROW = 50;

	private final TrainingConfig requested;
	private final Objective objective;
	private final Device device;
	private final Progress progress;
	private final Consumer<StepReport> listener;
	/** Whether the network gets the objective's q-space projection ({@link #projection}). */
	private final boolean projects;

	/** A trainer with the published objective ({@link Objective#SPATIO_ANGULAR_PAIRS}), which needs nothing but the scan. */
	public San2nTrainer(TrainingConfig config, Device device, Progress progress, Consumer<StepReport> listener) {
		this(config, Objective.SPATIO_ANGULAR_PAIRS, device, progress, listener);
	}

	public San2nTrainer(TrainingConfig config, Objective objective, Device device, Progress progress, Consumer<StepReport> listener) {
		this(config, objective, device, progress, listener, true);
	}

	private San2nTrainer(TrainingConfig config, Objective objective, Device device, Progress progress, Consumer<StepReport> listener,
			boolean projects) {
		this.projects = projects;
		this.requested = config.withBatchSize(config.batch(objective));
		this.objective = objective;
		this.device = device;
		this.progress = progress;
		this.listener = listener;
	}

	/** What this trainer trains the network to predict. */
	public Objective objective() {
		return objective;
	}

	/** The configuration this trainer was asked to use, its batch resolved for the objective. */
	public TrainingConfig config() {
		return requested;
	}

	/** The same trainer with another configuration (a retry at a lower rate). */
	public San2nTrainer with(TrainingConfig config) {
		return new San2nTrainer(config, objective, device, progress, listener, projects);
	}

	/**
	 * This trainer for data of every other voxel in-plane (a scan whose noise is correlated between neighbouring
	 * voxels): the network as published, without the objective's q-space projection. Why: on bench/families.py's
	 * crossing two30 SNR 10 with 2× interpolated noise (held-out seed 4; its every-other-voxel data give 32 training
	 * positions) a projection to 32 channels gave 38.54 dB / FA error 0.0624 (seed 0) and 38.26 / 0.0661 (seed 1:
	 * stopped early at 1050 steps, no better than MP-PCA), to 64 channels 38.55 / 0.0626, against 38.68 / 0.0619 and
	 * 38.67 / 0.0618 without one. (Measured when it trained on the even component alone; it now trains on all four,
	 * four times the positions ({@link org.san2n.denoise.Denoising#recorruptedComponents}): the projection is not
	 * measured again.)
	 */
	public San2nTrainer forEveryOtherVoxel() {
		return new San2nTrainer(requested, objective, device, progress, listener, false);
	}

	/** The q-space projection of the network this trainer trains for a scan of {@code volumes} volumes (0: none). */
	public int projection(int volumes) {
		return projects ? objective.projection(volumes) : 0;
	}

	/** The steps of an automatic length before any budget cuts it ({@link Objective#automaticSteps}). */
	public int automaticSteps(int volumes) {
		return objective.automaticSteps(projection(volumes));
	}

	/**
	 * DJL's PyTorch engine records gradients for one training at a time per JVM (PtGradientCollector
	 * refuses a second); Fiji runs commands side by side, so a second training waits for its turn.
	 */
	private static final ReentrantLock ONE_TRAINING = new ReentrantLock();

	public San2nModel train(TrainingData data) {
		awaitTurn();
		try {
			return trainAlone(data);
		} finally {
			ONE_TRAINING.unlock();
		}
	}

	private void awaitTurn() {
		try {
			if (ONE_TRAINING.tryLock()) return;
			progress.status("waiting for another SAN2N training in this program to finish");
			while (!ONE_TRAINING.tryLock(200, TimeUnit.MILLISECONDS))
				progress.checkCancelled();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancelledException();
		}
	}

	/**
	 * How a scan's patch positions are used: {@code held} held out for validation, the rest trained on in
	 * batches of {@code batch} (the requested batch, or fewer on a scan with fewer training positions).
	 */
	private record Layout(PatchGrid all, int held, int batch) {

		int training() {
			return all.positions() - held;
		}
	}

	private Layout layout(TrainingData data) {
		PatchGrid all = PatchGrid.over(data.mask(), requested.patchSize(), requested.stride());
		if (all.positions() == 0) throw new IllegalArgumentException("the mask has no brain voxel: no patch to train on");
		int held = Validation.heldOut(all.positions(), requested.batchSize());
		return new Layout(all, held, Math.min(requested.batchSize(), all.positions() - held));
	}

	/** Seconds one step of this trainer takes on {@code data} on the reference CPU ({@link ReferenceCpu}). */
	public double referenceSecondsPerStep(TrainingData data) {
		int n = data.scan().volumes();
		return ReferenceCpu.san2nStepSeconds(layout(data).batch(), requested.patchSize(), objective.inputChannels(n), projection(n),
				requested.width(n, objective), n);
	}

	/**
	 * The steps an automatic length gets on {@code data}: the objective's ({@link #automaticSteps(int)}), or as many as fit
	 * the budget at the reference CPU's speed (at least {@link TrainingConfig#MIN_STEPS}, the fewest that train at
	 * all). A function of the scan and the settings alone, never of a clock: the same scan trains the same way on
	 * a busy machine.
	 */
	public static int automaticSteps(TrainingConfig resolved, double referenceSecondsPerStep) {
		if (resolved.budgetSeconds() == 0) return resolved.steps();
		long fits = (long) (resolved.budgetSeconds() / referenceSecondsPerStep);
		return (int) Math.min(resolved.steps(), Math.max(Math.min(TrainingConfig.MIN_STEPS, resolved.steps()), fits));
	}

	private San2nModel trainAlone(TrainingData data) {
		int n = data.scan().volumes(), width = requested.width(n, objective), s = requested.patchSize();
		Layout layout = layout(data);
		PatchGrid all = layout.all();
		int batch = layout.batch(), held = layout.held();
		if (batch < requested.batchSize())
			// A tiny scan (a crop, a phantom): one batch of every training position rather than a refusal.
			progress.log("the mask covers " + all.positions() + " patch positions" + (held > 0 ? " (" + held + " held out for validation)" : "")
					+ ", fewer than the batch of " + requested.batchSize() + "; training with batches of " + batch);
		PatchGrid[] split = held > 0 ? all.split(held, requested.seed()) : new PatchGrid[] { all, null };
		PatchPairSampler sampler = new PatchPairSampler(data.scan(), data.pairing(), split[0]);
		PatchPairSampler checkSampler = held > 0 ? new PatchPairSampler(data.scan(), data.pairing(), split[1]) : null;
		int stepsPerEpoch = sampler.batchesPerEpoch(batch);
		TrainingConfig config = requested.withBatchSize(batch).resolvedFor(stepsPerEpoch, automaticSteps(n));
		double scale = IntensityScale.of(data.scan(), data.mask(), data.b0Volumes());
		TrainingObjective target = objective.create(data, scale, s);

		NDManager manager = ComputeDevice.engine().newBaseManager(device);
		try {
			if (!device.isGpu() && !NativeAllocator.decision().isEmpty()) progress.log(NativeAllocator.decision());
			int projection = projection(n);
			SequentialBlock block = SNet.create(n, width, projection);
			SNet.initialize(block, manager, objective.inputChannels(n), config.seed());
			target.initialize(block);
			List<Pair<String, Parameter>> parameters = new ArrayList<>();
			for (Pair<String, Parameter> p : block.getParameters()) {
				p.getValue().getArray().setRequiresGradient(true);
				parameters.add(p);
			}
			ParameterStore store = new ParameterStore(manager, false);
			double[] learningRate = { 0 }; // the epoch's rate, read by Adam at every update
			Optimizer adam = Optimizer.adam().optLearningRateTracker((id, update) -> (float) learningRate[0]).build();
			Network net = new Network(block, store, adam, parameters, target, 1 / scale, new StagingBuffer(),
					// The published objective is trained as published: no clipping.
					objective == Objective.RECORRUPTED_MPPCA ? new GradientGuard() : null, device.isGpu() ? Integer.MAX_VALUE : MICRO_BATCH);
			Validation validation = checkSampler == null ? null
					: new Validation(checkSampler, net, manager, Math.min(batch, held), s, config.seed());
			if (validation == null)
				progress.log("no validation set: the mask covers " + all.positions() + " patch position" + (all.positions() == 1 ? "" : "s")
						+ ", and holding some out needs " + Validation.leastPositions()
						+ (objective == Objective.RECORRUPTED_MPPCA
								? "; the network could not be judged against MP-PCA, so it is not trained (the model gives MP-PCA's result)"
								: "; training is watched on its own patches for divergence and collapse"));
			// A recorrupted correction is only ever kept when held-out patches show it beats MP-PCA: without them, steps are wasted.
			boolean worthTraining = validation != null || objective != Objective.RECORRUPTED_MPPCA;
			Validation watch = validation != null ? validation
					: Validation.onTrainingPatches(sampler, net, manager, batch, s, config.seed());

			List<EpochRecord> history = new ArrayList<>();
			Plan plan = new Plan(config, stepsPerEpoch, requested.automaticLength(), referenceSecondsPerStep(data));
			if (worthTraining) progress.log(plan.describe(batch));
			progress.record("training_objective", objective.key());
			progress.record("training_steps", worthTraining ? plan.config.steps() : 0);
			progress.record("training_steps_choice", !worthTraining ? "none: no patches to hold out for validation"
					: requested.automaticLength() ? "automatic: " + automaticSteps(n) + ", or as many as fit "
							+ StepReport.duration(plan.config.budgetSeconds()) + " on the reference CPU" : "given");
			progress.record("validation_positions", held);
			long done = 0, started = System.nanoTime();
			double warmAt = 0;
			Shape patchShape = new Shape(batch, n, s, s, s);
			String stopped = "completed";
			int skippedInARow = 0, epoch = 0;
			training: while (worthTraining && done < plan.config.steps()) {
				epoch++;
				LossTerms sum = LossTerms.ZERO;
				int counted = 0, skipped = 0;
				long epochStart = System.nanoTime();
				SplittableRandom draws = new SplittableRandom(plan.config.seed() * 1_000_003L + epoch);
				Iterator<PatchBatch> batches = sampler.epoch(plan.config.seed(), epoch, batch, target.needsScanPatches(), target.needsPartner());
				while (batches.hasNext() && done < plan.config.steps()) {
					progress.checkCancelled();
					learningRate[0] = plan.config.learningRate(done + 1);
					LossWeights weights = plan.config.weights(done + 1);
					PatchBatch b = batches.next();
					LossTerms terms;
					try (NDManager step = manager.newSubManager()) {
						terms = net.step(step, b, patchShape, draws, weights);
					}
					done++;
					double elapsed = (System.nanoTime() - started) / 1e9;
					if (done == Plan.WARM_STEPS) warmAt = elapsed;
					if (done == Plan.PROBE_STEPS && worthTraining)
						progress.log(plan.here((elapsed - warmAt) / (Plan.PROBE_STEPS - Plan.WARM_STEPS), elapsed, done));
					long totalSteps = plan.config.steps();
					double perSecond = done * batch / elapsed;
					if (terms.finite()) {
						sum = sum.plus(terms);
						counted++;
						skippedInARow = 0;
					} else {
						skipped++;
						// A few skipped steps are noise; a long run of them, or weights gone non-finite, is divergence.
						if (++skippedInARow >= MAX_SKIPPED_IN_A_ROW || !net.weightsFinite())
							throw new TrainingFailedException("training diverged at step " + done + " of " + totalSteps
									+ ": the loss was not finite for " + skippedInARow + " step(s) in a row"
									+ (net.weightsFinite() ? "" : " and the network's weights are no longer finite")
									+ " (learning rate " + plan.config.learningRate() + " too high?)",
									validation == null ? List.of() : validation.records(), done);
					}
					double eta = (totalSteps - done) * elapsed / done;
					StepReport report = new StepReport(epoch, plan.epochs(), done, totalSteps, terms, learningRate[0], perSecond, eta,
							!terms.finite());
					listener.accept(report);
					progress.status(report.summary());
					progress.update("training", done, totalSteps);
					if (done % plan.checkEvery() == 0 || done == totalSteps) {
						Validation.Verdict verdict = watch.check(done, totalSteps);
						if (verdict == Validation.Verdict.DIVERGED || verdict == Validation.Verdict.COLLAPSED)
							throw new TrainingFailedException(watch.failure(verdict, done, totalSteps)
									+ " (learning rate " + plan.config.learningRate() + ")", watch.records(), done);
						if (verdict == Validation.Verdict.CONVERGED) {
							stopped = "stopped early at step " + done + ": the validation loss had not improved for "
									+ Validation.PATIENCE + " checks";
							history.add(new EpochRecord(epoch, learningRate[0], counted == 0 ? LossTerms.ZERO : sum.divide(counted),
									skipped, (System.nanoTime() - epochStart) / 1e9));
							break training;
						}
					}
				}
				history.add(new EpochRecord(epoch, learningRate[0], counted == 0 ? LossTerms.ZERO : sum.divide(counted), skipped,
						(System.nanoTime() - epochStart) / 1e9));
			}
			config = plan.config;
			progress.status("");
			// Weights that cannot give a finite loss on the last batch would not give a finite scan either.
			if (skippedInARow > 0 || !net.weightsFinite())
				throw new TrainingFailedException("training diverged: the loss was not finite at the last " + skippedInARow
						+ " step(s) (learning rate " + config.learningRate() + " too high?)",
						validation == null ? List.of() : validation.records(), done);
			ValidationReport report = null;
			if (validation != null) {
				validation.restoreBest();
				report = validation.report(stopped);
				// Not a failure by itself (a scan with little noise has little to gain); the output check decides.
				if (!(report.bestLoss() < report.baseline()) && objective != Objective.RECORRUPTED_MPPCA)
					progress.log("the validation loss " + Validation.format(report.bestLoss()) + " stayed above "
							+ Validation.format(report.baseline()) + ", that of predicting each voxel by its noisy neighbour");
			}
			if (objective == Objective.RECORRUPTED_MPPCA && (report == null || !(report.bestLoss() < report.baseline()))) {
				// A correction that did not beat MP-PCA on held-out patches (or could not be checked: too few patches)
				// is not kept: with its last layer at 0 the model gives MP-PCA's result, whatever scan it is applied to.
				target.initialize(block);
				if (report != null)
					progress.log("the network did not improve on MP-PCA on held-out patches (recorrupted loss "
							+ Validation.format(report.bestLoss()) + " against MP-PCA's " + Validation.format(report.baseline())
							+ "): its correction is set to 0 (the model gives MP-PCA's result)");
			}
			progress.record("training_steps_run", done);
			if (net.guard() != null) progress.record("training_steps_clipped", net.guard().clipped());
			progress.record("training_outcome", worthTraining ? stopped : "not trained");
			double seconds = (System.nanoTime() - started) / 1e9;
			double[][] bvecs = data.scan().gradients().bvecs();
			ModelMetadata meta = new ModelMetadata(ModelMetadata.FORMAT, ModelMetadata.versionFor(projection), ModelMetadata.METHOD,
					software(), n, width, data.scan().gradients().bvals(), bvecs, data.pairing().partner(),
					data.pairing().angle(), data.sigma(), scale, IntensityScale.RULE, config, List.copyOf(history), seconds,
					Instant.now().toString(), report, null, objective.key(), 1, projection);
			return new San2nModel(manager, block, meta);
		} catch (RuntimeException | Error e) {
			progress.status("");
			manager.close();
			throw e;
		}
	}

	/**
	 * How long training runs: the configuration's steps; when its length is automatic and it has a budget, as
	 * many as fit the budget on the reference CPU ({@link #automaticSteps}), decided before the first step.
	 */
	static final class Plan {

		/**
		 * This machine's speed is measured from step {@link #WARM_STEPS} to step {@code PROBE_STEPS}: the first steps
		 * are slower (allocation, JIT), and timing them made the estimate 30–40 % long.
		 */
		static final int WARM_STEPS = 10, PROBE_STEPS = 40;

		final TrainingConfig config;
		private final int stepsPerEpoch;
		private final int planned;
		private final boolean automatic;
		private final double referenceSecondsPerStep;

		Plan(TrainingConfig config, int stepsPerEpoch, boolean automatic, double referenceSecondsPerStep) {
			this.automatic = automatic;
			this.stepsPerEpoch = Math.max(1, stepsPerEpoch);
			this.planned = config.steps();
			this.referenceSecondsPerStep = referenceSecondsPerStep;
			this.config = automatic ? config.cutTo(automaticSteps(config, referenceSecondsPerStep)) : config;
		}

		int epochs() {
			return (int) ((config.steps() + (long) stepsPerEpoch - 1) / stepsPerEpoch);
		}

		long checkEvery() {
			return Math.max(10, config.steps() / Validation.CHECKS);
		}

		boolean cut() {
			return config.steps() < planned;
		}

		/** This machine's speed after the first steps, and what the run will take here ({@code done} steps took {@code elapsed} s). */
		String here(double secondsPerStep, double elapsed, long done) {
			return String.format(java.util.Locale.ROOT, "this machine: %.2f s a step (the reference CPU: %.2f s), about %s for the %,d steps",
					secondsPerStep, referenceSecondsPerStep, StepReport.duration(elapsed + (config.steps() - done) * secondsPerStep),
					config.steps());
		}

		String describe(int batch) {
			String length = String.format(java.util.Locale.ROOT, "training: %,d steps of %d patch pairs (%s epochs of %d steps)", config.steps(),
					batch, config.steps() % stepsPerEpoch == 0 ? String.valueOf(config.steps() / stepsPerEpoch)
							: String.format(java.util.Locale.ROOT, "%.1f", (double) config.steps() / stepsPerEpoch),
					stepsPerEpoch);
			if (!automatic || config.budgetSeconds() == 0) return length;
			return length + String.format(java.util.Locale.ROOT, ", automatic: %s on the reference CPU (%.2f s a step)",
					cut() ? String.format(java.util.Locale.ROOT, "the %,d steps would take %s, more than the %s budget; %s", planned,
							StepReport.duration(planned * referenceSecondsPerStep), StepReport.duration(config.budgetSeconds()),
							config.steps() * referenceSecondsPerStep > config.budgetSeconds() ? "the fewest that train at all"
									: "as many as fit it")
							: "within the " + StepReport.duration(config.budgetSeconds()) + " budget",
					referenceSecondsPerStep);
		}
	}

	/**
	 * Patches the network sees at once; a larger batch goes through it in parts of this many (the loss, and so
	 * the gradient, is still the whole batch's). Why: PyTorch's CPU convolutions and the allocations around them
	 * cost more per patch on large tensors: the forward and backward pass of a step of 16 patches of 16³ voxels (130
	 * channels in, width 32) took 147 ms whole and 137 ms in two parts of 8 on 2 cores (the clinical-sized phantom of
	 * bench/san2n-time.sh), 212 and 170 ms in a bare DJL loop. On a GPU a batch goes through whole.
	 */
	static final int MICRO_BATCH = 8;

	/** The network being trained with what one step needs. */
	record Network(SequentialBlock block, ParameterStore store, Optimizer adam, List<Pair<String, Parameter>> parameters,
			TrainingObjective objective, double inverseScale, StagingBuffer staging, GradientGuard guard, int microBatch) implements TrainingObjective.Forward {

		@Override
		public NDArray apply(NDArray x, boolean withGradient) {
			long patches = x.getShape().get(0);
			NDArray y;
			if (patches <= microBatch) y = block.forward(store, new NDList(x), withGradient).singletonOrThrow();
			else {
				NDList parts = new NDList();
				for (long from = 0; from < patches; from += microBatch)
					parts.add(block.forward(store, new NDList(x.get(from + ":" + Math.min(patches, from + microBatch))), withGradient)
							.singletonOrThrow());
				y = NDArrays.concat(parts);
			}
			return withGradient ? y : y.stopGradient();
		}

		/** P (and P′ when the objective needs it) of a batch, in network units, on the scope's device. */
		NDArray upload(NDManager scope, float[] values, Shape shape) {
			return staging.uploadFinite(scope, values, shape, (float) inverseScale);
		}

		/** A batch as the objective sees it, its tensors in {@code scope}. */
		TrainingObjective.Batch batch(NDManager scope, PatchBatch b, Shape patchShape) {
			NDArray p = objective.needsScanPatches() ? upload(scope, b.input(), patchShape) : null;
			NDArray q = objective.needsScanPatches() && objective.needsPartner() ? upload(scope, b.partner(), patchShape) : null;
			return new TrainingObjective.Batch(b, p, q, new TrainingObjective.Upload() {

				@Override
				public NDArray of(float[] values, Shape shape) {
					return upload(scope, values, shape);
				}

				@Override
				public NDArray ofPatches(Shape shape, StagingBuffer.Part patch) {
					return staging.uploadParts(scope, shape, Math.toIntExact(shape.get(0)), (float) inverseScale, patch);
				}
			});
		}

		/**
		 * One step on a batch, its tensors in {@code scope}: the objective's work without gradient, then its
		 * loss with gradient, backward and Adam — unless the loss is not finite.
		 */
		LossTerms step(NDManager scope, PatchBatch b, Shape patchShape, SplittableRandom draws, LossWeights weights) {
			TrainingObjective.Step started = objective.begin(scope, batch(scope, b, patchShape), this, weights, draws);
			LossTerms terms;
			try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
				TrainingObjective.Loss r = started.loss();
				terms = r.terms();
				if (terms.finite()) collector.backward(r.total());
			}
			return terms.finite() && update(scope) ? terms : terms.notFinite();
		}

		/** False once some weight is NaN or infinite: the network can only output garbage from then on. */
		boolean weightsFinite() {
			for (Pair<String, Parameter> p : parameters) {
				NDArray w = p.getValue().getArray();
				// The weight is lent to a scope for the test so that the arrays computed from it close with it.
				try (NDManager scope = w.getManager().newSubManager()) {
					scope.tempAttachAll(w);
					if (w.isNaN().logicalOr(w.isInfinite()).any().getBoolean()) return false;
				}
			}
			return true;
		}

		/**
		 * Adam on every parameter unless some gradient is not finite (then the step is skipped: one NaN
		 * would spread to every weight), its gradient clipped first when its norm jumped ({@link GradientGuard}),
		 * then clears the gradients, which PyTorch would add the next backward to. Cleared by filling with 0:
		 * subtracting a gradient from itself leaves NaN where it was infinite.
		 */
		private boolean update(NDManager scope) {
			List<NDArray> gradients = new ArrayList<>(parameters.size());
			double squares = 0;
			for (Pair<String, Parameter> p : parameters) {
				NDArray g = p.getValue().getArray().getGradient();
				g.attach(scope); // closes with the step, as do the arrays computed from it
				gradients.add(g);
				// In double: a float32 sum of squares overflows long before a gradient is infinite.
				squares += g.toType(DataType.FLOAT64, false).square().sum().getDouble(); // NaN or ∞ when some value is
			}
			boolean finite = Double.isFinite(squares);
			float factor = finite && guard != null ? (float) guard.factor(Math.sqrt(squares)) : 1f;
			for (int i = 0; i < parameters.size(); i++) {
				Parameter p = parameters.get(i).getValue();
				if (finite) adam.update(p.getId(), p.getArray(), factor < 1 ? gradients.get(i).mul(factor) : gradients.get(i));
				gradients.get(i).set(new NDIndex("..."), 0f);
			}
			return finite;
		}
	}

	private static String software() {
		String v = San2nTrainer.class.getPackage().getImplementationVersion();
		return "san2n " + (v == null ? "(development build)" : v);
	}
}
