package org.san2n.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.san2n.model.ValidationReport;
import org.san2n.sampling.PatchBatch;
import org.san2n.sampling.PatchPairSampler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Watches training on patch positions the optimiser never steps on, with the objective's own validation
 * loss ({@link TrainingObjective#validate}) and the same draws at every check: for the published targets the
 * spatial Noise2Noise term, for recorrupted training the error against the recorrupted target. Both are the
 * error of predicting the clean signal plus a constant σ², a self-supervised measure of denoising quality
 * that goes up when the network collapses or over-smooths, which a training loss dominated by a regulariser
 * does not show.
 *
 * <p>
 * Keeps a copy of the weights with the lowest loss (restored at the end), stops training early when the
 * loss has not improved for {@link #PATIENCE} checks past the first half, and reports divergence.
 */
final class Validation {

	/** Checks per training run. */
	static final int CHECKS = 40;
	/** Checks without improvement, past half of the training, before stopping early. */
	static final int PATIENCE = 8;
	/** A loss this many times the best so far, or not finite, after the first fifth of training: diverged. */
	static final double DIVERGED = 4;

	enum Verdict {
		GO_ON, CONVERGED, DIVERGED
	}

	/** Positions to hold out of {@code positions}: an eighth, at most four batches; none when too few. */
	static int heldOut(int positions, int batch) {
		int batches = Math.min(4, positions / 8 / batch);
		return batches >= 1 && positions - batches * batch >= batch ? batches * batch : 0;
	}

	private final PatchPairSampler sampler;
	private final San2nTrainer.Network net;
	private final NDManager manager;
	private final int batch, size;
	private final long seed;
	private final double baseline;
	private final List<ValidationReport.Check> history = new ArrayList<>();
	private final List<NDArray> best = new ArrayList<>();
	private double bestLoss = Double.POSITIVE_INFINITY;
	private long bestStep = -1;
	private int sinceBest;

	Validation(PatchPairSampler sampler, San2nTrainer.Network net, NDManager manager, int batch, int size, long seed) {
		this.sampler = sampler;
		this.net = net;
		this.manager = manager;
		this.batch = batch;
		this.size = size;
		this.seed = seed;
		this.baseline = loss(true);
	}

	/** Validates after {@code step} steps, {@code fraction} of the training done. */
	Verdict check(long step, double fraction) {
		double loss = loss(false);
		history.add(new ValidationReport.Check(step, loss));
		if (!Double.isFinite(loss) || (fraction > 0.2 && loss > DIVERGED * bestLoss)) return Verdict.DIVERGED;
		if (loss < bestLoss) {
			bestLoss = loss;
			bestStep = step;
			sinceBest = 0;
			keepWeights();
		} else {
			sinceBest++;
		}
		return fraction > 0.5 && sinceBest >= PATIENCE ? Verdict.CONVERGED : Verdict.GO_ON;
	}

	double last() {
		return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).loss();
	}

	double best() {
		return bestLoss;
	}

	List<ValidationReport.Check> records() {
		return List.copyOf(history);
	}

	/** Puts the best weights back into the network (no-op before the first check). */
	void restoreBest() {
		if (best.isEmpty()) return;
		int i = 0;
		for (Pair<String, Parameter> p : net.parameters())
			best.get(i++).copyTo(p.getValue().getArray());
	}

	ValidationReport report(String outcome) {
		return new ValidationReport(sampler.positions(), baseline, bestStep, bestLoss, outcome, List.copyOf(history));
	}

	private void keepWeights() {
		int i = 0;
		for (Pair<String, Parameter> p : net.parameters()) {
			NDArray w = p.getValue().getArray();
			if (best.size() <= i) {
				NDArray copy = w.duplicate();
				copy.attach(manager);
				best.add(copy);
			} else {
				w.copyTo(best.get(i));
			}
			i++;
		}
	}

	/**
	 * The objective's validation loss over the held-out positions in the scan's units, with the same draws
	 * at every check; {@code baseline}: that of the objective's trivial predictor.
	 */
	private double loss(boolean baseline) {
		double sum = 0;
		int batches = 0;
		SplittableRandom draws = new SplittableRandom(seed * 31 + 7);
		Iterator<PatchBatch> it = sampler.epoch(seed, 0, batch);
		while (it.hasNext()) {
			PatchBatch b = it.next();
			try (NDManager scope = manager.newSubManager()) {
				TrainingObjective.Batch in = net.batch(scope, b, new Shape(batch, b.channels(), size, size, size));
				sum += net.objective().validate(scope, in, baseline ? null : net, draws);
			}
			batches++;
		}
		return sum / batches;
	}

	static String format(double loss) {
		return String.format(Locale.ROOT, "%.4g", loss);
	}
}
