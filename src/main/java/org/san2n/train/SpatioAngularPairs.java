package org.san2n.train;

import java.util.SplittableRandom;

import org.san2n.sampling.NeighborSubSampler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * SAN2N's objective as published (docs/METHOD.md §3, §5): Noise2Noise targets from another voxel (the
 * Neighbor2Neighbor sub-sampler's second voxel of each 2×2×2 cell) and from another direction (the angular
 * neighbour P′), with their regularisers, the Sobel attention and the Rician likelihood ({@link San2nLoss}).
 *
 * <p>
 * Its targets are other voxels and other directions, so the network learns an image averaged in space and
 * across q-space (the minimiser of E[(f(g1 P) − g2 P)²] is E[g2 P | g1 P]); {@link RecorruptedMpPca} is
 * the unbiased alternative.
 */
public final class SpatioAngularPairs implements TrainingObjective {

	public static final String KEY = "spatio-angular-pairs";

	private final San2nLoss loss;
	private final int size;

	/** @param size the patch edge S (even: the sub-sampler halves it) */
	public SpatioAngularPairs(San2nLoss loss, int size) {
		this.loss = loss;
		this.size = size;
	}

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public boolean needsPartner() {
		return true;
	}

	@Override
	public Step begin(NDManager scope, Batch in, Forward net, LossWeights weights, SplittableRandom draws) {
		NDArray p = in.p(), q = in.partner();
		int batch = (int) p.getShape().get(0), n = (int) p.getShape().get(1), h = size / 2;
		NeighborSubSampler.Draw draw = NeighborSubSampler.draw(size, batch, draws);
		NDArray first = indices(scope, draw.first(), batch, n, h), second = indices(scope, draw.second(), batch, n, h);
		NDArray fp = net.apply(p, false), fq = net.apply(q, false);
		NDArray g1p = pick(p, first, h);
		return () -> {
			NDArray a = net.apply(g1p, true);
			San2nLoss.Result r = loss.evaluate(
					new San2nLoss.Inputs(a, pick(p, second, h), pick(q, first, h), pick(fp, first, h), pick(fp, second, h), pick(fq, first, h)),
					weights);
			return new Loss(r.total(), r.values());
		};
	}

	/**
	 * The spatial Noise2Noise term mean (f(g1 P) − g2 P)² with this batch's draw: the noise of g2 P is
	 * independent of g1 P, so it is the error of predicting the neighbouring voxel's clean signal plus σ².
	 * Baseline: f = identity (each voxel predicted by its noisy neighbour).
	 */
	/** f(P): the network applied to the noisy patches, as at inference. */
	@Override
	public NDArray estimate(NDManager scope, Batch in, Forward net) {
		return net.apply(in.p(), false);
	}

	@Override
	public double validate(NDManager scope, Batch in, Forward net, SplittableRandom draws) {
		NDArray p = in.p();
		int batch = (int) p.getShape().get(0), n = (int) p.getShape().get(1), h = size / 2;
		NeighborSubSampler.Draw draw = NeighborSubSampler.draw(size, batch, draws);
		NDArray g1p = pick(p, indices(scope, draw.first(), batch, n, h), h), g2p = pick(p, indices(scope, draw.second(), batch, n, h), h);
		NDArray a = net == null ? g1p : net.apply(g1p, false);
		return a.sub(g2p).square().mean().getFloat() * loss.scale() * loss.scale();
	}

	/** Flat patch indices of one sub-sampler side, repeated for every channel: (B, N, h³) int64. */
	static NDArray indices(NDManager m, int[] flat, int batch, int channels, int h) {
		long[] wide = new long[flat.length];
		for (int i = 0; i < flat.length; i++)
			wide[i] = flat[i];
		return m.create(wide, new Shape(batch, 1, (long) h * h * h)).repeat(1, channels);
	}

	/** g(x): the voxels named by {@code index} from x of shape (B, N, S, S, S), as (B, N, h, h, h). */
	static NDArray pick(NDArray x, NDArray index, int h) {
		Shape s = x.getShape();
		return x.reshape(s.get(0), s.get(1), -1).gather(index, 2).reshape(s.get(0), s.get(1), h, h, h);
	}
}
