package org.san2n.train;

import java.util.Arrays;

/**
 * Training hyperparameters; defaults as docs/METHOD.md §6 (×0.5 at 50/70/90 % of the epochs, batch 16,
 * 100 epochs) and §2, §5 (16³ patches every 8 voxels; λ1 up to 10, λ2 up to 1, β = 1e-5).
 *
 * <p>
 * Adam's rate is 1e-3, not the method's 5e-4: in the ~1000 steps a CPU affords, 1e-3 was better on every
 * measure on the phantoms of bench/versus-peers.sh (SNR 15: PSNR 36.55 → 37.34 dB, SSIM 0.9590 → 0.9638,
 * FA error 0.0372 → 0.0318; SNR 8: 32.03 → 32.38 dB, 0.8932 → 0.8973, 0.0480 → 0.0445).
 *
 * <p>
 * One more exception: by default ({@code epochs = 0}) a small scan trains for more than 100 epochs, so
 * that training takes at least {@link #MIN_STEPS} steps. An epoch is one pass over the patch positions;
 * a 40×40×24 scan has 32 of them, two batches, and 100 epochs of two Adam steps leave the network
 * short of where it goes (sample scan: 26.5 dB after 200 steps, 33.0 dB after 1000; noisy 27.3 dB).
 *
 * @param epochs      passes over the patch positions; 0: automatic (see {@link #resolvedFor})
 * @param hiddenWidth E, the hidden channels of SNet; 0 means "as many as the scan has volumes"
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, double[] milestones, double decay,
		int patchSize, int stride, int hiddenWidth, double lambda1, double lambda2, double bigLambda1,
		double bigLambda2, double beta, long seed) {

	/** The method's epochs; more only when a scan has too few patch positions for {@link #MIN_STEPS}. */
	public static final int DEFAULT_EPOCHS = 100;
	public static final int MIN_STEPS = 1000;

	/**
	 * Upper limits that keep a typo from asking for terabytes: the paper's network has one hidden channel
	 * per volume (HCP has 288), its patches are 32³-ish, and a batch of thousands no longer fits a GPU.
	 */
	public static final int MAX_WIDTH = 1024, MAX_PATCH = 128, MAX_BATCH = 4096;

	public static final TrainingConfig DEFAULTS = new TrainingConfig(0, 16, 1e-3, new double[] { 0.5, 0.7, 0.9 }, 0.5,
			16, 8, 0, 10, 1, 1, 1, 1e-5, 0);

	public TrainingConfig {
		require(epochs >= 0, "epochs must be ≥ 1 (0: automatic), got " + epochs);
		require(batchSize >= 1 && batchSize <= MAX_BATCH, "batch size must be 1–" + MAX_BATCH + ", got " + batchSize);
		require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
		require(decay > 0 && decay <= 1, "learning-rate decay must be in (0, 1], got " + decay);
		milestones = milestones.clone();
		for (double m : milestones)
			require(m > 0 && m < 1, "learning-rate milestones are fractions of the epochs in (0, 1), got " + m);
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

	/** E for a scan of {@code volumes} volumes. */
	public int width(int volumes) {
		return hiddenWidth == 0 ? volumes : hiddenWidth;
	}

	/**
	 * This configuration with its epochs fixed for a scan with {@code stepsPerEpoch} batches per epoch:
	 * as given, or (when automatic) 100, raised so that training takes at least 1000 steps.
	 */
	public TrainingConfig resolvedFor(int stepsPerEpoch) {
		if (epochs > 0) return this;
		int e = Math.max(DEFAULT_EPOCHS, (MIN_STEPS + stepsPerEpoch - 1) / Math.max(1, stepsPerEpoch));
		return withEpochs(e);
	}

	private void requireResolved() {
		if (epochs == 0) throw new IllegalStateException("automatic epochs: call resolvedFor(stepsPerEpoch) first");
	}

	/** The learning rate in epoch {@code epoch} (counted from 1), as PyTorch's MultiStepLR steps it per epoch. */
	public double learningRate(int epoch) {
		requireResolved();
		double lr = learningRate;
		for (double m : milestones)
			if (Math.round(m * epochs) < epoch) lr *= decay;
		return lr;
	}

	/** λ1 = 10·epoch/epochs, λ2 = 1·epoch/epochs (epochs counted from 1). */
	public LossWeights weights(int epoch) {
		requireResolved();
		double ramp = (double) epoch / epochs;
		return new LossWeights(lambda1 * ramp, lambda2 * ramp, bigLambda1, bigLambda2, beta);
	}

	public TrainingConfig withEpochs(int e) {
		return new TrainingConfig(e, batchSize, learningRate, milestones, decay, patchSize, stride, hiddenWidth, lambda1,
				lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	public TrainingConfig withBatchSize(int b) {
		return new TrainingConfig(epochs, b, learningRate, milestones, decay, patchSize, stride, hiddenWidth, lambda1,
				lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	public TrainingConfig withLearningRate(double lr) {
		return new TrainingConfig(epochs, batchSize, lr, milestones, decay, patchSize, stride, hiddenWidth, lambda1,
				lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	public TrainingConfig withSeed(long s) {
		return new TrainingConfig(epochs, batchSize, learningRate, milestones, decay, patchSize, stride, hiddenWidth,
				lambda1, lambda2, bigLambda1, bigLambda2, beta, s);
	}

	public TrainingConfig withHiddenWidth(int w) {
		return new TrainingConfig(epochs, batchSize, learningRate, milestones, decay, patchSize, stride, w, lambda1,
				lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	/** The loss weights: λ1 and λ2 at the last epoch (they ramp up from 0), and β of the Rician term. */
	public TrainingConfig withLossWeights(double lambda1Max, double lambda2Max, double riceWeight) {
		return new TrainingConfig(epochs, batchSize, learningRate, milestones, decay, patchSize, stride, hiddenWidth, lambda1Max,
				lambda2Max, bigLambda1, bigLambda2, riceWeight, seed);
	}

	public TrainingConfig withPatches(int size, int step) {
		return new TrainingConfig(epochs, batchSize, learningRate, milestones, decay, size, step, hiddenWidth, lambda1,
				lambda2, bigLambda1, bigLambda2, beta, seed);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TrainingConfig c && epochs == c.epochs && batchSize == c.batchSize
				&& learningRate == c.learningRate && Arrays.equals(milestones, c.milestones) && decay == c.decay
				&& patchSize == c.patchSize && stride == c.stride && hiddenWidth == c.hiddenWidth
				&& lambda1 == c.lambda1 && lambda2 == c.lambda2 && bigLambda1 == c.bigLambda1
				&& bigLambda2 == c.bigLambda2 && beta == c.beta && seed == c.seed;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(new double[] { epochs, batchSize, learningRate, Arrays.hashCode(milestones), decay, patchSize,
				stride, hiddenWidth, lambda1, lambda2, bigLambda1, bigLambda2, beta, seed });
	}

	@Override
	public String toString() {
		return "TrainingConfig[epochs=" + epochs + ", batch=" + batchSize + ", lr=" + learningRate + ", milestones="
				+ Arrays.toString(milestones) + "×" + decay + ", patch=" + patchSize + "/" + stride + ", width="
				+ hiddenWidth + ", λ1=" + lambda1 + ", λ2=" + lambda2 + ", Λ=" + bigLambda1 + "," + bigLambda2 + ", β="
				+ beta + ", seed=" + seed + "]";
	}
}
