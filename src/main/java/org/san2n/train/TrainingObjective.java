package org.san2n.train;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What the network is trained to predict, and from what: one class per self-supervised target, behind this
 * interface, so that the trainer (sampling, Adam, schedule, validation, time budget) is written once.
 *
 * <p>
 * A step is two phases: {@link #begin} does the work that needs no gradient (e.g. f(P) and f(P′) of the
 * published loss) outside PyTorch's gradient recording; {@link Step#loss} then runs inside it, and the
 * trainer back-propagates its total. Tensors are (B, N, S, S, S) in network units (the scan's intensity
 * divided by its scale); losses are reported in the scan's units.
 */
public interface TrainingObjective {

	/** The name recorded in model files and logs (e.g. {@code recorrupted-mppca}). */
	String key();

	/** Whether a step needs P′, the angular neighbours' patches (uploading them costs a copy of the batch). */
	boolean needsPartner();

	/**
	 * Whether a step reads P, the scan's own patches; an objective that reads features of its own at the batch's
	 * positions does not, and the sampler then extracts nothing ({@link Batch#p()} null).
	 */
	default boolean needsScanPatches() {
		return true;
	}

	/**
	 * Starts a step on a batch.
	 *
	 * @param draws the step's random draws (masks, sub-sampler pairs): one seed, one run
	 */
	Step begin(NDManager scope, Batch batch, Forward net, LossWeights weights, SplittableRandom draws);

	/**
	 * The validation loss of one held-out batch in the scan's units² (lower is better), or, with
	 * {@code net} null, that of the objective's trivial predictor (the baseline a trained network must beat).
	 */
	double validate(NDManager scope, Batch batch, Forward net, SplittableRandom draws);

	/**
	 * The network's estimate of the batch's clean signal, (B, N, S, S, S) in network units, without gradient:
	 * what the denoiser would write for these patches. A network that collapsed gives ≈ 0 here.
	 */
	NDArray estimate(NDManager scope, Batch batch, Forward net);

	/** Sets the freshly initialised network's weights where the objective needs a particular start (default: none). */
	default void initialize(ai.djl.nn.SequentialBlock block) {}

	/**
	 * One batch: the sampler's patches (positions, raw values), P in network units when {@link #needsScanPatches()},
	 * P′ when {@link #needsPartner()} too, and the way to upload other values of the batch's shape to network units.
	 */
	record Batch(org.san2n.sampling.PatchBatch raw, NDArray p, NDArray partner, Upload upload) {}

	/** Values laid out (B, C, S, S, S) into network units on the step's device (non-finite values as 0). */
	interface Upload {
		NDArray of(float[] values, ai.djl.ndarray.types.Shape shape);

		/**
		 * As {@link #of}, the values written patch by patch: patch k (C·S³ values) by {@code patch} into an array of its
		 * own ({@link org.san2n.model.StagingBuffer#uploadParts}); by default into one array of the batch, then uploaded.
		 */
		default NDArray ofPatches(ai.djl.ndarray.types.Shape shape, org.san2n.model.StagingBuffer.Part patch) {
			int patches = Math.toIntExact(shape.get(0)), per = Math.toIntExact(shape.size() / patches);
			float[] values = new float[Math.toIntExact(shape.size())], part = new float[per];
			for (int k = 0; k < patches; k++) {
				patch.write(k, part);
				System.arraycopy(part, 0, values, k * per, per);
			}
			return of(values, shape);
		}
	}

	/** A held-out batch's validation loss (scan units²) and the sum of the network's estimate (network units). */
	record Checked(double loss, double estimateSum) {}

	/**
	 * {@link #validate} and the sum of {@link #estimate} on one held-out batch; by default one after the other. An
	 * objective whose loss is computed from its estimate gives both from one forward pass.
	 */
	default Checked validateAndSumEstimate(NDManager scope, Batch batch, Forward net, SplittableRandom draws) {
		return new Checked(validate(scope, batch, net, draws), estimate(scope, batch, net).sum().getFloat());
	}

	/** The network as an objective sees it. */
	interface Forward {
		/** f(x), (B, N, D, H, W) → same shape; recorded for back-propagation only when {@code withGradient}. */
		NDArray apply(NDArray x, boolean withGradient);
	}

	/** The part of a step that runs while gradients are recorded. */
	interface Step {
		Loss loss();
	}

	/** The loss to back-propagate ({@code total}, a scalar) and its terms for the log. */
	record Loss(NDArray total, LossTerms terms) {}
}
