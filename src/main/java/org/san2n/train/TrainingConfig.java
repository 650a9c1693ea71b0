package org.san2n.train;

import java.util.Arrays;

/**
 * Training hyperparameters; defaults as docs/METHOD.md §6 (×0.5 at 50/70/90 % of training, batch 16 for the
 * published objective) and
 * §2, §5 (16³ patches every 8 voxels; λ1 up to 10, λ2 up to 1, β = 1e-5), with two exceptions.
 *
 * <p>
 * Adam's rate is 1e-3, not the method's 5e-4: in the ~1000 steps a CPU affords, 1e-3 was better on every
 * measure on the phantoms of bench/versus-peers.sh (SNR 15: PSNR 36.55 → 37.34 dB, SSIM 0.9590 → 0.9638,
 * FA error 0.0372 → 0.0318; SNR 8: 32.03 → 32.38 dB, 0.8932 → 0.8973, 0.0480 → 0.0445).
 *
 * <p>
 * Training length is counted in optimizer steps, not epochs, and the schedule (rate milestones, the λ
 * ramp) is a function of the step. The method's 100 epochs over every patch position make the cost grow
 * with the scan: 3,400 steps (43 min on 2 cores) for a 96×96×60 scan, some 36,000 for an HCP-sized one. By
 * default ({@code epochs = 0, steps = 0}) training takes the objective's automatic steps ({@link Objective#automaticSteps}:
 * 1200 for san2n's projected network, {@link #DEFAULT_STEPS} otherwise) whatever the scan's
 * size, chosen on the time-to-quality curves of bench/san2n-curves.sh, and fewer when a time budget is set
 * and the measured speed would overrun it. Given epochs are kept as the method has them (san2n-paper).
 *
 * @param epochs        passes over the patch positions; 0: count {@code steps} instead
 * @param steps         optimizer steps when {@code epochs} is 0; 0: automatic ({@link Objective#automaticSteps}, cut to the budget)
 * @param budgetSeconds time the automatic steps may take; 0: no budget. Never cuts steps or epochs the user gave.
 * @param batchSize     patch pairs per step; 0: the objective's automatic batch ({@link Objective#automaticBatch})
 * @param hiddenWidth   E, the hidden channels of SNet; 0 means "as many as the scan has volumes"
 */
public record TrainingConfig(int epochs, int steps, double budgetSeconds, int batchSize, double learningRate, double[] milestones,
		double decay, int patchSize, int stride, int hiddenWidth, double lambda1, double lambda2, double bigLambda1,
		double bigLambda2, double beta, long seed) {

	/**
	 * Steps of an automatic training of the published network (see the class comment and bench/san2n-curves.sh);
	 * san2n's projected network takes {@link Objective#PROJECTED_STEPS}.
	 */
	public static final int DEFAULT_STEPS = 2000;
	/** Fewest steps a time budget may leave; below them the network is far from where it goes. */
	public static final int MIN_STEPS = 200;

	/**
	 * Upper limits that keep a typo from asking for terabytes: the paper's network has one hidden channel
	 * per volume (HCP has 288), its patches are 32³-ish, and a batch of thousands no longer fits a GPU.
	 */
	public static final int MAX_WIDTH = 1024, MAX_PATCH = 128, MAX_BATCH = 4096, MAX_STEPS = 10_000_000;

	public static final TrainingConfig DEFAULTS = new TrainingConfig(0, 0, 0, 0, 1e-3, new double[] { 0.5, 0.7, 0.9 }, 0.5,
			16, 8, 0, 10, 1, 1, 1, 1e-5, 0);

	public TrainingConfig {
		require(epochs >= 0, "epochs must be ≥ 1 (0: count steps), got " + epochs);
		require(steps >= 0 && steps <= MAX_STEPS, "steps must be 1–" + MAX_STEPS + " (0: automatic), got " + steps);
		require(epochs == 0 || steps == 0, "give epochs or steps, not both (" + epochs + " epochs, " + steps + " steps)");
		require(budgetSeconds >= 0 && Double.isFinite(budgetSeconds), "time budget must be ≥ 0 s (0: none), got " + budgetSeconds);
		require(batchSize >= 0 && batchSize <= MAX_BATCH, "batch size must be 1–" + MAX_BATCH + " (0: automatic), got " + batchSize);
		require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
		require(decay > 0 && decay <= 1, "learning-rate decay must be in (0, 1], got " + decay);
		milestones = milestones.clone();
		for (double m : milestones)
			require(m > 0 && m < 1, "learning-rate milestones are fractions of the training in (0, 1), got " + m);
		require(patchSize >= 4 && patchSize % 2 == 0 && patchSize <= MAX_PATCH,
				"patch size must be even and 4–" + MAX_PATCH + ", got " + patchSize);
		require(stride >= 1, "stride must be ≥ 1, got " + stride);
		require(hiddenWidth >= 0 && hiddenWidth <= MAX_WIDTH, "hidden width must be 0–" + MAX_WIDTH + " (0: one per volume), got " + hiddenWidth);
		for (double w : new double[] { lambda1, lambda2, bigLambda1, bigLambda2, beta })
			require(w >= 0 && Double.isFinite(w), "loss weights must be ≥ 0, got " + w);
	}

	private static void require(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message);
	}

	@Override
	public double[] milestones() {
		return milestones.clone();
	}

	/** Patch pairs per step when training with {@code objective} (0: the objective's automatic batch). */
	public int batch(Objective objective) {
		return batchSize == 0 ? objective.automaticBatch() : batchSize;
	}

	/** E for a scan of {@code volumes} volumes trained with {@code objective} (0: the objective's automatic width). */
	public int width(int volumes, Objective objective) {
		return hiddenWidth == 0 ? objective.automaticWidth(volumes) : hiddenWidth;
	}

	/** True when the length is automatic, so that a time budget may shorten it. */
	public boolean automaticLength() {
		return epochs == 0 && steps == 0;
	}

	/**
	 * This configuration with its length fixed in steps for a scan with {@code stepsPerEpoch} batches per
	 * epoch: epochs × stepsPerEpoch when epochs are given, else the steps given, else {@link #DEFAULT_STEPS} (the
	 * published network's automatic length; the trainer passes the objective's, {@link #resolvedFor(int, int)}).
	 * The result has {@code epochs} 0 and {@code steps} set (and keeps the budget, which the trainer applies).
	 */
	public TrainingConfig resolvedFor(int stepsPerEpoch) {
		return resolvedFor(stepsPerEpoch, DEFAULT_STEPS);
	}

	/** As {@link #resolvedFor(int)}, an automatic length being {@code automaticSteps} ({@link Objective#automaticSteps}). */
	public TrainingConfig resolvedFor(int stepsPerEpoch, int automaticSteps) {
		if (automaticSteps < 1) throw new IllegalArgumentException("automatic steps must be ≥ 1, got " + automaticSteps);
		if (epochs > 0) return withSteps((int) Math.min(MAX_STEPS, (long) epochs * Math.max(1, stepsPerEpoch)));
		return steps > 0 ? this : withSteps(automaticSteps);
	}

	/** This resolved configuration cut to {@code total} steps (a time budget), its schedule stretched to fit. */
	public TrainingConfig cutTo(int total) {
		requireResolved();
		return withSteps(Math.max(1, Math.min(steps, total)));
	}

	private void requireResolved() {
		if (steps == 0 || epochs != 0) throw new IllegalStateException("length not in steps: call resolvedFor(stepsPerEpoch) first");
	}

	/**
	 * The learning rate at step {@code step} (counted from 1): PyTorch's MultiStepLR with milestones at the
	 * given fractions of the steps, stepped once per step.
	 */
	public double learningRate(long step) {
		requireResolved();
		double lr = learningRate;
		for (double m : milestones)
			if (Math.round(m * steps) < step) lr *= decay;
		return lr;
	}

	/** λ1 = 10·step/steps, λ2 = 1·step/steps (steps counted from 1). */
	public LossWeights weights(long step) {
		requireResolved();
		double ramp = (double) step / steps;
		return new LossWeights(lambda1 * ramp, lambda2 * ramp, bigLambda1, bigLambda2, beta);
	}

	public TrainingConfig withEpochs(int e) {
		return withLength(e, 0);
	}

	public TrainingConfig withSteps(int n) {
		return withLength(0, n);
	}

	/** The length as a user gives it: epochs or steps, both 0 for automatic; both at once are refused. */
	public TrainingConfig withLength(int e, int n) {
		return new TrainingConfig(e, n, budgetSeconds, batchSize, learningRate, milestones, decay, patchSize, stride, hiddenWidth,
				lambda1, lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	/** A time budget for an automatic length, in minutes (0: none). */
	public TrainingConfig withBudgetMinutes(double minutes) {
		return new TrainingConfig(epochs, steps, minutes * 60, batchSize, learningRate, milestones, decay, patchSize, stride, hiddenWidth, lambda1, lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	public TrainingConfig withBatchSize(int b) {
		return new TrainingConfig(epochs, steps, budgetSeconds, b, learningRate, milestones, decay, patchSize, stride, hiddenWidth, lambda1, lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	public TrainingConfig withLearningRate(double lr) {
		return new TrainingConfig(epochs, steps, budgetSeconds, batchSize, lr, milestones, decay, patchSize, stride, hiddenWidth, lambda1, lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	public TrainingConfig withSeed(long s) {
		return new TrainingConfig(epochs, steps, budgetSeconds, batchSize, learningRate, milestones, decay, patchSize, stride, hiddenWidth, lambda1, lambda2, bigLambda1, bigLambda2, beta, s);
	}

	public TrainingConfig withHiddenWidth(int w) {
		return new TrainingConfig(epochs, steps, budgetSeconds, batchSize, learningRate, milestones, decay, patchSize, stride, w, lambda1, lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	/** The loss weights: λ1 and λ2 at the last step (they ramp up from 0), and β of the Rician term. */
	public TrainingConfig withLossWeights(double lambda1Max, double lambda2Max, double riceWeight) {
		return new TrainingConfig(epochs, steps, budgetSeconds, batchSize, learningRate, milestones, decay, patchSize, stride, hiddenWidth, lambda1Max, lambda2Max, bigLambda1, bigLambda2, riceWeight, seed);
	}

	public TrainingConfig withPatches(int size, int step) {
		return new TrainingConfig(epochs, steps, budgetSeconds, batchSize, learningRate, milestones, decay, size, step, hiddenWidth, lambda1, lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TrainingConfig c && epochs == c.epochs && steps == c.steps
				&& budgetSeconds == c.budgetSeconds && batchSize == c.batchSize
				&& learningRate == c.learningRate && Arrays.equals(milestones, c.milestones) && decay == c.decay
				&& patchSize == c.patchSize && stride == c.stride && hiddenWidth == c.hiddenWidth
				&& lambda1 == c.lambda1 && lambda2 == c.lambda2 && bigLambda1 == c.bigLambda1
				&& bigLambda2 == c.bigLambda2 && beta == c.beta && seed == c.seed;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(new double[] { epochs, steps, budgetSeconds, batchSize, learningRate, Arrays.hashCode(milestones), decay, patchSize,
				stride, hiddenWidth, lambda1, lambda2, bigLambda1, bigLambda2, beta, seed });
	}

	@Override
	public String toString() {
		return "TrainingConfig[epochs=" + epochs + ", steps=" + steps + ", budget=" + budgetSeconds + " s, batch=" + batchSize + ", lr=" + learningRate + ", milestones="
				+ Arrays.toString(milestones) + "×" + decay + ", patch=" + patchSize + "/" + stride + ", width="
				+ hiddenWidth + ", λ1=" + lambda1 + ", λ2=" + lambda2 + ", Λ=" + bigLambda1 + "," + bigLambda2 + ", β="
				+ beta + ", seed=" + seed + "]";
	}
}
