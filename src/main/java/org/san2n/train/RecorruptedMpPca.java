package org.san2n.train;

import java.util.SplittableRandom;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.mppca.MpPca;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.qspace.QSpacePairing;
import org.san2n.sampling.PatchGrid;
import org.san2n.sampling.PatchPairSampler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;

/**
 * MP-PCA refined by the network, trained on recorrupted pairs (Pang, Zheng, Quan, Ji; CVPR 2021,
 * "Recorrupted-to-Recorrupted: Unsupervised Deep Learning for Image Denoising"): with z standard normal
 * and σ the noise level per voxel, the input ŷ = y + α·σ·z and the target ỹ = y − σ·z/α have independent
 * noise when y's noise is Gaussian and independent between voxels (their covariance is σ² − σ² = 0), so
 * E‖f(ŷ) − ỹ‖² = E‖f(ŷ) − x‖² + constant: training on them is training on the clean signal x, at the
 * slightly higher noise of ŷ — the same voxel of the same volume, no averaging over space or directions.
 *
 * <p>
 * The network sees ŷ and MP-PCA's result on it, m̂ = MPPCA(ŷ) (2N channels in), and predicts a correction
 * to m̂: f(ŷ) = m̂ + g(ŷ, m̂), its last layer starting at 0, so training starts from MP-PCA and the
 * validation loss (held-out patches, the same recorrupted target) says whether it got better than MP-PCA
 * (the baseline g = 0). At inference it is applied to the scan itself and MP-PCA's result on it, with
 * {@link #AT_THE_SCANS_NOISE} of its correction (the scan's noise is lower than ŷ's).
 *
 * <p>
 * The features are one scan of 3N volumes, [ŷ | m̂ | ỹ], made once before training ({@link #features}).
 * Magnitude data are Rician, not Gaussian: far above the noise floor the difference is small; near it the
 * target's mean is the magnitude's mean, whose bias the denoiser removes afterwards as for MP-PCA.
 */
public final class RecorruptedMpPca implements TrainingObjective {

	public static final String KEY = "recorrupted-mppca";

	/**
	 * α = 1: ŷ = y + σz and ỹ = y − σz, both with noise √2·σ (the symmetric case: two independent noisy copies
	 * of the scan). α = 0.5 (ŷ 1.12 σ, ỹ 2.24 σ) left the targets too noisy to learn from in a CPU's steps: no
	 * measurable change from MP-PCA after 600 steps on bench/families.py's anatomy three30 SNR 10 phantom, where
	 * α = 1 gained 0.30 dB and lowered the FA error from 0.0544 to 0.0512 in 1000 steps.
	 */
	public static final double ALPHA = 1;

	/**
	 * The share of the learned correction applied to the scan itself: 1/(1 + α²) = ½. The network learned to
	 * correct MP-PCA's result on ŷ, whose noise variance is (1 + α²)·σ²; at the scan's σ² MP-PCA's error is
	 * smaller by that factor, and so is the correction it needs (for small corrections the best shrinkage is
	 * proportional to the noise variance). Measured: blocks dti16 SNR 20 (held-out seed 3), MP-PCA 43.22 dB /
	 * FA error 0.01340, the full correction 43.11 / 0.01423 (worse than MP-PCA), half 43.47 / 0.01352,
	 * a quarter 43.42 / 0.01338; anatomy three30 SNR 10 (seed 1), MP-PCA 40.71 / 0.0544, full 41.01 / 0.0512,
	 * half 40.90 / 0.0526. Half is the one that is never behind MP-PCA by more than noise.
	 */
	public static final double AT_THE_SCANS_NOISE = 1 / (1 + ALPHA * ALPHA);

	/**
	 * The stride of the windows of m̂ = MPPCA(ŷ), the base the network learns to correct: 2 (an eighth of stride 1's
	 * windows) where the scan's own MP-PCA runs at stride 1. The network learns to correct whatever base it is given;
	 * at inference it corrects MP-PCA's stride-1 result on the scan. Measured on the clinical-sized phantom (`bash
	 * bench/san2n-time.sh`, 96×96×60×65, AMD VM, 2 cores): ŷ's MP-PCA 7 s instead of 53 s, the result 38.40 dB / FA error
	 * 0.0279 / MD error 0.3908 against 38.37 / 0.0279 / 0.3907 at stride 1 (MP-PCA 37.65 / 0.0310 / 0.3899). Both runs of
	 * MP-PCA at stride 2 (the base at inference too) lost 0.3 dB: 38.08 / 0.0295.
	 */
	public static final int FEATURE_STRIDE = 2;

	/**
	 * The MP-PCA options of m̂ = MPPCA(ŷ) given the scan's own ({@code scans}) on a scan of this shape: the same, with
	 * windows at least {@link #FEATURE_STRIDE} apart (the scan's own stride where that is coarser).
	 */
	public static MpPcaOptions featureOptions(MpPcaOptions scans, long[] spatialShape, int volumes) {
		int stride = MpPca.strideFor(Math.toIntExact(spatialShape[0]), Math.toIntExact(spatialShape[1]), Math.toIntExact(spatialShape[2]), volumes, scans);
		return scans.withStride(Math.min(Math.max(FEATURE_STRIDE, stride), scans.windowFor(volumes)));
	}

	private final PatchPairSampler features;
	private final int volumes, size;
	private final double scale;

	/**
	 * @param features [ŷ | m̂ | ỹ], 3N volumes of the scan's shape ({@link #features})
	 * @param volumes  N
	 * @param scale    the scan's intensity divided by the network's
	 * @param size     the patch edge
	 */
	RecorruptedMpPca(DwiScan features, int volumes, double scale, int size) {
		if (features.volumes() != 3 * volumes) throw new IllegalArgumentException("features must have 3 × " + volumes + " volumes");
		int[] self = new int[features.volumes()];
		for (int v = 0; v < self.length; v++)
			self[v] = v;
		QSpacePairing none = new QSpacePairing(self, new double[self.length], java.util.List.of(), new double[0]);
		// Any grid over the scan: the trainer's sampler decides which patches a batch takes; this one only reads them.
		this.features = new PatchPairSampler(features, none, PatchGrid.over(BrainMask.full(features.spatialShape()), size, size));
		this.volumes = volumes;
		this.scale = scale;
		this.size = size;
	}

	/**
	 * The training features of {@code scan}: [ŷ | m̂ | ỹ] as one scan of 3N volumes, with ŷ = y + α·σ·z,
	 * ỹ = y − σ·z/α (z standard normal, from {@code seed}) and m̂ = {@code mppca}(ŷ).
	 *
	 * @param sigma the noise level per voxel (x fastest), in the scan's units; non-finite voxels get no noise
	 */
	public static DwiScan features(DwiScan scan, float[] sigma, long seed, java.util.function.UnaryOperator<DwiScan> mppca) {
		int n = scan.volumes();
		long size = scan.volumeSize();
		long[] shape = scan.voxels().shape();
		if (3 * size * n > Integer.MAX_VALUE - 16)
			throw new IllegalArgumentException("SAN2N's training keeps three copies of the scan in memory (the recorrupted scan, MP-PCA's "
					+ "result on it and the targets: " + 3 * size * n + " values), more than one Java array holds; "
					+ "use --method mppca (method=mppca in a macro) for a scan this large");
		float[] noisy = new float[Math.toIntExact(size * n)], target = new float[noisy.length];
		SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
		for (int v = 0; v < n; v++) {
			float[] y = scan.volumeArray(v);
			for (int i = 0; i < y.length; i++) {
				double s = Float.isFinite(sigma[i]) ? sigma[i] : 0, z = random.nextGaussian();
				noisy[(int) (v * size) + i] = (float) (y[i] + ALPHA * s * z);
				target[(int) (v * size) + i] = (float) (y[i] - s * z / ALPHA);
			}
		}
		DwiScan recorrupted = new DwiScan(net.imglib2.img.array.ArrayImgs.floats(noisy, shape), scan.gradients(), scan.geometry());
		DwiScan refined = mppca.apply(recorrupted);
		float[] all = new float[Math.toIntExact(3 * size * n)];
		System.arraycopy(noisy, 0, all, 0, noisy.length);
		refined.voxels().get(0, all, noisy.length, noisy.length);
		System.arraycopy(target, 0, all, 2 * noisy.length, noisy.length);
		double[] b = scan.gradients().bvals(), b3 = new double[3 * n];
		double[][] g = scan.gradients().bvecs(), g3 = new double[3 * n][];
		for (int k = 0; k < 3; k++)
			for (int v = 0; v < n; v++) {
				b3[k * n + v] = b[v];
				g3[k * n + v] = g[v];
			}
		return new DwiScan(net.imglib2.img.array.ArrayImgs.floats(all, shape[0], shape[1], shape[2], 3L * n),
				new org.san2n.qspace.GradientTable(b3, g3), scan.geometry());
	}

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public boolean needsPartner() {
		return false;
	}

	/** The features hold ŷ, m̂ and ỹ: the scan's own patches are never read. */
	@Override
	public boolean needsScanPatches() {
		return false;
	}

	/** The last layer at 0: the untrained network is MP-PCA itself. */
	@Override
	public void initialize(SequentialBlock block) {
		java.util.List<Block> layers = block.getChildren().values();
		for (Pair<String, Parameter> p : layers.get(layers.size() - 1).getParameters()) {
			NDArray w = p.getValue().getArray();
			boolean tracked = w.hasGradient();
			w.setRequiresGradient(false); // PyTorch refuses to write a leaf that records gradients
			w.set(new NDIndex("..."), 0f);
			if (tracked) w.setRequiresGradient(true);
		}
	}

	@Override
	public Step begin(NDManager scope, Batch in, Forward net, LossWeights weights, SplittableRandom draws) {
		NDArray all = read(in), input = input(all), base = base(all), target = target(all);
		return () -> {
			NDArray total = base.add(net.apply(input, true)).sub(target).square().mean().mul((float) (scale * scale));
			double value = total.getFloat();
			return new Loss(total, new LossTerms(value, 0, 0, 0, 0, value));
		};
	}

	/** The recorrupted loss on held-out patches; baseline: MP-PCA alone (g = 0). */
	@Override
	public double validate(NDManager scope, Batch in, Forward net, SplittableRandom draws) {
		NDArray all = read(in);
		NDArray prediction = net == null ? base(all) : corrected(all, net);
		return loss(prediction, all);
	}

	/** The loss and the estimate from one read and one forward pass (validation did each twice: 17 of a run's 270 s). */
	@Override
	public Checked validateAndSumEstimate(NDManager scope, Batch in, Forward net, SplittableRandom draws) {
		NDArray all = read(in), prediction = corrected(all, net);
		return new Checked(loss(prediction, all), prediction.sum().getFloat());
	}

	/** m̂ + g(ŷ, m̂) on the recorrupted patches: MP-PCA's result with the network's correction. */
	@Override
	public NDArray estimate(NDManager scope, Batch in, Forward net) {
		return corrected(read(in), net);
	}

	/** [ŷ | m̂] of the features: what the network sees. */
	private NDArray input(NDArray all) {
		return all.get(new NDIndex(":, 0:{}", 2 * volumes));
	}

	/** m̂, MP-PCA's result on ŷ: what the network corrects. */
	private NDArray base(NDArray all) {
		return all.get(new NDIndex(":, {}:{}", volumes, 2 * volumes));
	}

	/** ỹ, the recorrupted target. */
	private NDArray target(NDArray all) {
		return all.get(new NDIndex(":, {}:", 2 * volumes));
	}

	private NDArray corrected(NDArray all, Forward net) {
		return base(all).add(net.apply(input(all), false));
	}

	/** The mean squared difference from the target ỹ, in the scan's units². */
	private double loss(NDArray prediction, NDArray all) {
		return prediction.sub(target(all)).square().mean().getFloat() * scale * scale;
	}

	/** The features at the batch's positions, (B, 3N, S, S, S) in network units, each patch read straight into its upload. */
	private NDArray read(Batch in) {
		int[] positions = in.raw().positions();
		long per = 3L * volumes * size * size * size;
		if (per > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("a patch of 3 × " + volumes + " volumes × " + size + "³ does not fit in one array; use a smaller patch");
		return in.upload().ofPatches(new Shape(positions.length, 3L * volumes, size, size, size),
				(k, into) -> features.extractAt(in.raw().origin(k), into, null, 0));
	}
}
