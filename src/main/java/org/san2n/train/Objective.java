package org.san2n.train;

import java.util.Locale;

/** The training objectives by name (model files record it; inference follows it). */
public enum Objective {
	/** {@link RecorruptedMpPca}: MP-PCA refined by a network trained on recorrupted pairs; SAN2N's default. */
	RECORRUPTED_MPPCA(RecorruptedMpPca.KEY),
	/** {@link SpatioAngularPairs}: the published Noise2Noise targets from other voxels and directions. */
	SPATIO_ANGULAR_PAIRS(SpatioAngularPairs.KEY);

	private final String key;

	Objective(String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	/**
	 * The network's hidden width when the configuration leaves it automatic (0). As published (METHOD.md), one
	 * channel per volume. Recorrupted training refines MP-PCA's result and needs less: at most
	 * {@link #RECORRUPTED_WIDTH}. On the anatomy three30 SNR 10 phantom (65 volumes, held-out seed 3, 600 steps)
	 * width 32 gave 40.97 dB / FA error 0.0524 in 288 s against width 65's 40.90 dB / 0.0523 in 499 s (MP-PCA
	 * 40.71 / 0.0540, 50 s): the same result at 0.58 of the time. With the q-space projection and 1200 steps, on the
	 * clinical-sized phantom of bench/san2n-time.sh (65 volumes, 2 cores, oneDNN limited to SSE4.1 on AMD, as the product did then) width 16
	 * gave 38.37 dB / FA error 0.0275 in 379 s against width 32's 38.34 / 0.0277 in 618 s (0.21 s a step against
	 * 0.36), width 8 38.10 / 0.0292 in 315 s (MP-PCA 37.65 / 0.0310); on six held-out cells of bench/families.sh
	 * width 16 was −0.11 to +0.12 dB and −0.0002 to +0.0011 FA error from width 32 (crossing two30 SNR 10 seed 4:
	 * 39.85 / 0.0555 in 244 s against 39.96 / 0.0544 in 494 s), ahead of MP-PCA in each: level with 32 at 0.5–0.6 of the
	 * time, which is what issue 18's time limit needed while oneDNN ran on SSE4.1 (before {@link org.san2n.model.BlockedConv3d}).
	 */
	public int automaticWidth(int volumes) {
		return this == RECORRUPTED_MPPCA ? Math.min(volumes, RECORRUPTED_WIDTH) : volumes;
	}

	/**
	 * Patch pairs per step when the configuration leaves the batch automatic (0): 16 as published (METHOD.md §6);
	 * {@link #RECORRUPTED_BATCH} for recorrupted training. Its progress is set by the number of Adam steps more
	 * than by the patches each sees: on the clinical-sized phantom of bench/san2n-time.sh (96×96×60, 65 volumes)
	 * 2000 steps of 8 gave 34.86 dB in 279 s, 2000 of 16 34.88 dB in 459 s, 1000 of 16 34.78 dB, 2000 of 4 34.78 dB
	 * (MP-PCA 34.66); on bench/families.py's crossing two30 SNR 10 (held-out seed 4) 2000 of 8 40.07 dB / FA error
	 * 0.0530 in 117 s, as 2000 of 16 did in 394 s before (1000 of 16: 39.93 / 0.0539; 2000 of 4: 40.03 / 0.0533).
	 */
	public int automaticBatch() {
		return this == RECORRUPTED_MPPCA ? RECORRUPTED_BATCH : PUBLISHED_BATCH;
	}

	/** The automatic batch of recorrupted training. */
	public static final int RECORRUPTED_BATCH = 8;
	/** The method's batch (METHOD.md §6). */
	public static final int PUBLISHED_BATCH = 16;

	/** The largest automatic hidden width of recorrupted training. */
	public static final int RECORRUPTED_WIDTH = 16;

	/**
	 * The q-space projection's channels ({@link org.san2n.model.SNet#create(int, int, int)}; 0: none). As published,
	 * none. Recorrupted training: its 2N input channels projected to at most {@link #RECORRUPTED_PROJECTION}, a first
	 * layer of less than half the arithmetic that also learns faster ({@link #automaticSteps}). Measured (steps of 8,
	 * 2 cores; PSNR / FA error against the clean signal): on the clinical-sized phantom of bench/san2n-time.sh (65
	 * volumes) 2000 steps gave 34.99 dB / 0.0253 with it (to 16 channels 35.02 / 0.0253) against 34.86 / 0.0277
	 * without (MP-PCA 34.66 / 0.0288); on bench/families.py's crossing two30 SNR 10 (held-out seed 4, 32 volumes) 40.13 /
	 * 0.0525 against 40.07 / 0.0530 (to 16 channels in 1200 steps 40.03 / 0.0533), with four coils 37.45 / 0.0564
	 * against 37.31 / 0.0572. A step of 8 patches on the clinical phantom: forward 17 ms and backward 29 ms against 28
	 * and 38. Where the network trains on every other voxel it has none ({@link San2nTrainer#forEveryOtherVoxel}).
	 */
	public int projection(int volumes) {
		return this == RECORRUPTED_MPPCA ? Math.min(inputChannels(volumes), RECORRUPTED_PROJECTION) : 0;
	}

	/** The largest q-space projection of recorrupted training. */
	public static final int RECORRUPTED_PROJECTION = 32;

	/**
	 * The steps of an automatic training length for a network with a q-space projection of {@code projection} channels:
	 * {@link #PROJECTED_STEPS} for recorrupted training with one, else {@link TrainingConfig#DEFAULT_STEPS}. The
	 * projected network gets as far in fewer steps: on the clinical-sized phantom 1200 steps gave 34.99 dB / FA error
	 * 0.0256 in 188 s, 2000 steps 34.99 / 0.0253 in 246 s; on the crossing phantom 40.08 / 0.0526 in 92 s, with four
	 * coils 37.38 / 0.0565 (2000 steps without the projection: 40.07 / 0.0530 in 117 s, 37.31 / 0.0572).
	 */
	public int automaticSteps(int projection) {
		return this == RECORRUPTED_MPPCA && projection > 0 ? PROJECTED_STEPS : TrainingConfig.DEFAULT_STEPS;
	}

	/** Automatic steps of recorrupted training with a q-space projection. */
	public static final int PROJECTED_STEPS = 1200;

	/** The network's input channels for a scan of {@code volumes} volumes (its output has one per volume). */
	public int inputChannels(int volumes) {
		return this == RECORRUPTED_MPPCA ? 2 * volumes : volumes;
	}

	/** The objective for one training on {@code data}, whose network sees intensities divided by {@code scale}. */
	TrainingObjective create(TrainingData data, double scale, int patchSize) {
		if (this == RECORRUPTED_MPPCA) {
			if (data.recorrupted() == null)
				throw new IllegalStateException("recorrupted training needs the recorrupted scan and its MP-PCA (TrainingData.recorrupted)");
			return new RecorruptedMpPca(data.recorrupted(), data.scan().volumes(), scale, patchSize);
		}
		int n = data.scan().volumes();
		boolean[] paired = new boolean[n];
		for (int v = 0; v < n; v++)
			paired[v] = !data.pairing().isSelfPaired(v);
		return new SpatioAngularPairs(new San2nLoss(data.sigma(), paired, scale), patchSize);
	}

	/** The objective named {@code key}; null (a model file written before objectives had names) is the published one. */
	public static Objective of(String key) {
		if (key == null) return SPATIO_ANGULAR_PAIRS;
		for (Objective o : values())
			if (o.key.equals(key.trim().toLowerCase(Locale.ROOT))) return o;
		throw new IllegalArgumentException("unknown training objective '" + key + "' (known: recorrupted-mppca, spatio-angular-pairs)");
	}
}
