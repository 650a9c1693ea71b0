package org.san2n.train;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Blind-volume training (J-invariance across q-space; Batson &amp; Royer, ICML 2019, "Noise2Self", with the
 * volumes as the partition): in each patch of the batch a random set of volumes is hidden (set to 0) and
 * the network is asked to predict them, voxel for voxel, from the volumes left and their 3D
 * neighbourhood; the loss is the squared error on the hidden volumes only.
 *
 * <p>
 * The target is the same voxel of the same volume, and its noise is independent of the input (the other
 * volumes) even where the noise is correlated between neighbouring voxels (interpolation, partial Fourier),
 * because every volume is a separate acquisition. So the minimiser of the loss is E[y_v | other volumes],
 * the clean signal's best prediction from them (for Rician data: the magnitude's mean, whose bias the
 * denoiser removes afterwards) — no averaging over space or directions as with the published targets
 * ({@link SpatioAngularPairs}). Like Patch2Self (Fadnavis et al., NeurIPS 2020), but with a 3D CNN that
 * sees all other volumes of a neighbourhood, and its prediction is then fused with the volume's own
 * measurement given σ ({@code org.san2n.denoise.MeasurementFusion}; Laine et al., NeurIPS 2019).
 *
 * <p>
 * Inference hides each of {@link #groups(int)} interleaved groups of volumes in turn ({@link #predict}).
 */
public final class BlindVolume implements TrainingObjective {

	public static final String KEY = "blind-volume";

	/**
	 * Inference passes (and 1 / the fraction of the volumes hidden at a time): eight. Hiding fewer leaves more
	 * to predict from but makes inference slower (one pass per group); eight costs an eighth of the volumes.
	 */
	static final int GROUPS = 8;

	private final double scale;

	/** @param scale the scan's intensity divided by the network's (losses are reported in the scan's units) */
	public BlindVolume(double scale) {
		if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("intensity scale must be > 0, got " + scale);
		this.scale = scale;
	}

	/** Groups of volumes hidden together, for a scan of {@code volumes} volumes: volume v is in group v mod groups. */
	public static int groups(int volumes) {
		return Math.max(1, Math.min(GROUPS, volumes));
	}

	/** Volumes hidden per patch in training: the size of the largest inference group. */
	static int hidden(int volumes) {
		int g = groups(volumes);
		return (volumes + g - 1) / g;
	}

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public boolean needsPartner() {
		return false;
	}

	@Override
	public Step begin(NDManager scope, Batch in, Forward net, LossWeights weights, SplittableRandom draws) {
		NDArray p = in.p();
		NDArray hide = masks(scope, p.getShape(), draws);
		NDArray input = p.mul(hide.neg().add(1f));
		return () -> {
			NDArray se = net.apply(input, true).sub(p).square().mul(hide);
			NDArray mse = se.sum().div(hide.sum().mul((float) voxels(p.getShape())));
			NDArray total = mse.mul((float) (scale * scale));
			double value = total.getFloat();
			return new Loss(total, new LossTerms(value, 0, 0, 0, 0, value));
		};
	}

	/**
	 * Mean squared error of the hidden volumes' prediction. Baseline: each hidden voxel predicted by the
	 * mean of the volumes left at that voxel (what q-space alone says without a model).
	 */
	@Override
	public double validate(NDManager scope, Batch in, Forward net, SplittableRandom draws) {
		NDArray p = in.p();
		NDArray hide = masks(scope, p.getShape(), draws);
		NDArray keep = hide.neg().add(1f);
		NDArray input = p.mul(keep);
		NDArray prediction = net != null ? net.apply(input, false)
				: input.sum(new int[] { 1 }, true).div(keep.sum(new int[] { 1 }, true));
		NDArray se = prediction.sub(p).square().mul(hide);
		return se.sum().div(hide.sum().mul((float) voxels(p.getShape()))).getFloat() * scale * scale;
	}

	/** Voxels of one patch of a (B, N, D, H, W) shape. */
	private static long voxels(Shape s) {
		return s.get(2) * s.get(3) * s.get(4);
	}

	/** (B, N, 1, 1, 1): 1 for the volumes hidden in each patch, {@link #hidden} of them, drawn without repeats. */
	static NDArray masks(NDManager scope, Shape shape, SplittableRandom draws) {
		int batch = (int) shape.get(0), n = (int) shape.get(1), k = hidden(n);
		float[] hide = new float[batch * n];
		int[] order = new int[n];
		for (int b = 0; b < batch; b++) {
			for (int v = 0; v < n; v++)
				order[v] = v;
			for (int i = 0; i < k; i++) { // the first k of a Fisher–Yates shuffle
				int j = i + draws.nextInt(n - i);
				int t = order[i];
				order[i] = order[j];
				order[j] = t;
				hide[b * n + order[i]] = 1;
			}
		}
		return scope.create(hide, new Shape(batch, n, 1, 1, 1)).toDevice(scope.getDevice(), false);
	}

	/**
	 * The blind prediction of every volume of x, (B, N, D, H, W) in network units: for each group g of
	 * {@link #groups(int)}, the network applied with group g hidden, its outputs for group g kept. So no output
	 * voxel depends on its own volume's measurement.
	 */
	public static NDArray predict(Forward net, NDArray x) {
		int n = (int) x.getShape().get(1), groups = groups(n);
		NDManager m = x.getManager();
		NDArray sum = null;
		for (int g = 0; g < groups; g++) {
			float[] hide = new float[n];
			for (int v = g; v < n; v += groups)
				hide[v] = 1;
			NDArray h = m.create(hide, new Shape(1, n, 1, 1, 1)).toDevice(x.getDevice(), false);
			NDArray part = net.apply(x.mul(h.neg().add(1f)), false).mul(h);
			sum = sum == null ? part : sum.add(part);
		}
		return sum;
	}
}
