package org.san2n.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * The SAN2N loss of one step (docs/METHOD.md §5), every term.
 *
 * <p>
 * The network sees intensities divided by {@code scale}; the terms are reported and weighted in the
 * scan's own units (squared errors times scale², the Rician likelihood on rescaled values with the
 * scan's σ). So the loss is the reference's loss on raw intensities, and the network's input and output
 * are merely reparametrised to be near 1, which Adam's step size and the default initialisation need.
 *
 * <p>
 * Angular terms (Lq, Lq2) average over the channels that have an angular partner only; a volume left
 * paired with itself would ask the network to copy its own noise.
 */
public final class San2nLoss {

	/** Tensors of one step, all (B, N, h, h, h) in network units; {@code prediction} carries the gradient. */
	public record Inputs(NDArray prediction, NDArray g2P, NDArray g1PPrime, NDArray g1fP, NDArray g2fP,
			NDArray g1fPPrime) {}

	/** The terms as arrays: {@code total} is what backward runs on. */
	public record Result(NDArray l1, NDArray l2, NDArray lq, NDArray lq2, NDArray lr, NDArray total) {

		public LossTerms values() {
			return new LossTerms(l1.getFloat(), l2.getFloat(), lq.getFloat(), lq2.getFloat(), lr.getFloat(),
					total.getFloat());
		}
	}

	private final double scale;
	private final float[] sigma;
	private final float[] paired;
	private final int pairedChannels;

	/**
	 * @param sigma  noise level per volume, in the scan's units
	 * @param paired per volume, whether it has an angular partner other than itself
	 * @param scale  the scan's intensity divided by the network's
	 */
	public San2nLoss(double[] sigma, boolean[] paired, double scale) {
		if (sigma.length != paired.length)
			throw new IllegalArgumentException(sigma.length + " noise levels for " + paired.length + " volumes");
		if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("intensity scale must be > 0, got " + scale);
		this.scale = scale;
		this.sigma = new float[sigma.length];
		this.paired = new float[paired.length];
		int count = 0;
		for (int v = 0; v < sigma.length; v++) {
			if (!(sigma[v] > 0) || Double.isInfinite(sigma[v]))
				throw new IllegalArgumentException("noise level of volume " + v + " must be > 0, got " + sigma[v]);
			this.sigma[v] = (float) sigma[v];
			this.paired[v] = paired[v] ? 1 : 0;
			if (paired[v]) count++;
		}
		this.pairedChannels = count;
	}

	/** The scan's intensity divided by the network's. */
	public double scale() {
		return scale;
	}

	public Result evaluate(Inputs in, LossWeights w) {
		NDArray a = in.prediction();
		long[] shape = a.getShape().getShape();
		long batch = shape[0], channels = shape[1], cube = shape[2] * shape[3] * shape[4];
		if (channels != sigma.length)
			throw new IllegalArgumentException("prediction has " + channels + " channels, the loss expects " + sigma.length);
		double s2 = scale * scale;
		long[] perChannel = { 1, channels, 1, 1, 1 };

		NDArray spatial = a.sub(in.g2P());
		NDArray l1 = spatial.square().mean().mul((float) s2);
		NDArray l2 = spatial.sub(in.g1fP().sub(in.g2fP())).square().mean().mul((float) (s2 * w.lambda1()));

		NDArray lq, lq2;
		if (pairedChannels == 0) {
			lq = a.getManager().zeros(new ai.djl.ndarray.types.Shape(), a.getDataType(), a.getDevice());
			lq2 = lq.duplicate();
		} else {
			NDArray mask = a.getManager().create(paired, new ai.djl.ndarray.types.Shape(perChannel)).toDevice(a.getDevice(), false);
			// The attention sees edges in the scan's units, as the reference computes it on raw intensities:
			// the softmax is not scale-invariant.
			NDArray weight = SobelAttention.weights(in.g1fP().mul((float) scale)).mul(mask);
			double norm = s2 * w.lambda2() / ((double) batch * pairedChannels * cube);
			NDArray angular = a.sub(in.g1PPrime());
			lq = weight.mul(angular.square()).sum().mul((float) norm);
			lq2 = weight.mul(angular.sub(in.g1fP().sub(in.g1fPPrime())).square()).sum().mul((float) norm);
		}

		NDArray lr = riceNegativeLogLikelihood(a.mul((float) scale), in.g2P().mul((float) scale), perChannel).div((float) batch);

		NDArray total = l1.mul((float) w.bigLambda1()).add(l2.mul((float) w.bigLambda2())).add(lq).add(lq2).add(lr.mul((float) w.beta()));
		return new Result(l1, l2, lq, lq2, lr, total);
	}

	/**
	 * −Σ log Rice(y | A, σ): log p = log(y/σ²) − (y² + A²)/(2σ²) + log I0e(yA/σ²) + yA/σ², with log(0)
	 * taken as 0. The middle terms are summed as −(y − A)²/(2σ²) (the same quantity without
	 * cancellation): −(y² + A²)/(2σ²) + yA/σ² = −(y − A)²/(2σ²), leaving log I0e(yA/σ²).
	 */
	NDArray riceNegativeLogLikelihood(NDArray prediction, NDArray target, long[] perChannel) {
		NDArray var = prediction.getManager().create(sigma, new ai.djl.ndarray.types.Shape(perChannel))
				.toDevice(prediction.getDevice(), false).square();
		NDArray z = target.mul(prediction).div(var);
		NDArray logTarget = NDArrays.where(target.gt(0), target.maximum(Float.MIN_NORMAL).log().sub(var.log()),
				target.zerosLike());
		NDArray logP = logTarget.sub(target.sub(prediction).square().div(var.mul(2f))).add(LogBesselI0e.of(z));
		return logP.sum().neg();
	}
}
