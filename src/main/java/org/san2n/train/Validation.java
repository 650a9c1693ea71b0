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
 * loss has not improved for {@link #PATIENCE} checks past the first half, and reports divergence and
 * collapse (the network's estimate of the clean patches, {@link TrainingObjective#estimate}, far from the
 * noisy patches in mean: a network whose output went to ≈ 0 was seen with a loss that only rose slowly).
 *
 * <p>
 * On a scan too small to hold patches out ({@link #heldOut} gives 0) it watches the training patches
 * themselves ({@link #onTrainingPatches}): divergence and collapse are still seen during training, but
 * the loss says nothing about over-fitting, so no weights are kept and training is never stopped early.
 */
final class Validation {

	/** Checks per training run. */
	static final int CHECKS = 40;
	/** Checks without improvement, past half of the training, before stopping early. */
	static final int PATIENCE = 8;
	/** A loss this many times the best so far, or not finite, after the first fifth of training: diverged. */
	static final double DIVERGED = 4;

	/**
	 * The network's estimate, mean over the watched patches, outside this range of the noisy patches' mean
	 * (after the first fifth of training): collapsed or blown up. Denoising moves a mean by a few per cent;
	 * the output check refuses 8 %; collapses seen moved it by −93 % to −100 %, blow-ups by +2500 %.
	 */
	static final double COLLAPSED = 0.5, BLOWN_UP = 2;

	enum Verdict {
		GO_ON, CONVERGED, DIVERGED, COLLAPSED
	}

	/** The fewest positions held out: fewer make a validation loss too noisy to judge a network by. */
	static final int MIN_HELD = 4;

	/**
	 * Positions to hold out of {@code positions}: an eighth, at most four batches, none when that is fewer than
	 * {@link #MIN_HELD}. Small scans (the sample scan's 32 positions, a 64×64×20 clinical scan's ~60) get a few,
	 * validated in one smaller batch: with none, a recorrupted network cannot be judged against MP-PCA and is
	 * not trained at all.
	 */
	static int heldOut(int positions, int batch) {
		int held = Math.min(4 * batch, positions / 8);
		if (held < MIN_HELD) return 0;
		// Whole validation batches (of min(batch, held)): the sampler yields only full ones.
		int per = Math.min(batch, held);
		return held / per * per;
	}

	/** The fewest patch positions {@link #heldOut} holds some out of. */
	static int leastPositions() {
		return 8 * MIN_HELD;
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
	private final boolean heldOut;
	private double lastRatio = Double.NaN;
	private boolean keptSignal;

	Validation(PatchPairSampler sampler, San2nTrainer.Network net, NDManager manager, int batch, int size, long seed) {
		this(sampler, net, manager, batch, size, seed, true);
	}

	/** Watches the patches the network trains on: divergence and collapse only (see the class comment). */
	static Validation onTrainingPatches(PatchPairSampler sampler, San2nTrainer.Network net, NDManager manager, int batch, int size,
			long seed) {
		return new Validation(sampler, net, manager, batch, size, seed, false);
	}

	private Validation(PatchPairSampler sampler, San2nTrainer.Network net, NDManager manager, int batch, int size, long seed,
			boolean heldOut) {
		this.heldOut = heldOut;
		this.sampler = sampler;
		this.net = net;
		this.manager = manager;
		this.batch = batch;
		this.size = size;
		this.seed = seed;
		this.baseline = loss(true);
	}

	/** Validates after {@code step} of {@code steps} steps. */
	Verdict check(long step, long steps) {
		double fraction = (double) step / steps, loss = loss(false);
		history.add(new ValidationReport.Check(step, loss));
		if (!Double.isFinite(loss) || (fraction > 0.2 && loss > DIVERGED * bestLoss)) return Verdict.DIVERGED;
		boolean keeps = lastRatio >= COLLAPSED && lastRatio <= BLOWN_UP;
		// The published network starts from random weights, whose output is far from its input: judged once it has kept the
		// signal at some check, or past the first fifth of a run long enough to train at all.
		if (!keeps && fraction > 0.2 && (keptSignal || steps >= TrainingConfig.MIN_STEPS)) return Verdict.COLLAPSED;
		keptSignal |= keeps;
		if (loss < bestLoss) {
			bestLoss = loss;
			bestStep = step;
			sinceBest = 0;
			if (heldOut) keepWeights();
		} else {
			sinceBest++;
		}
		return heldOut && fraction > 0.5 && sinceBest >= PATIENCE ? Verdict.CONVERGED : Verdict.GO_ON;
	}

	/** Whether the watched patches were held out of training (false: {@link #onTrainingPatches}). */
	boolean heldOut() {
		return heldOut;
	}

	/** What a verdict of {@link Verdict#DIVERGED} or {@link Verdict#COLLAPSED} at this step means, for the user. */
	String failure(Verdict verdict, long step, long steps) {
		String where = heldOut ? "held-out" : "training";
		if (verdict == Verdict.COLLAPSED)
			return String.format(Locale.ROOT, "training %s at step %d of %d: the network's output averages %.3g %% of its input on the "
					+ "%s patches (a denoiser keeps ~100 %%)", Math.abs(lastRatio) < 1 ? "collapsed" : "blew up", step, steps, 100 * lastRatio, where);
		return "training diverged at step " + step + " of " + steps + " (" + where + " loss " + format(last()) + ", best "
				+ format(best()) + ")";
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
		double sum = 0, estimated = 0, noisy = 0;
		int batches = 0;
		SplittableRandom draws = new SplittableRandom(seed * 31 + 7);
		// P always (the collapse watch compares the estimate with it), P′ when the objective needs it.
		Iterator<PatchBatch> it = sampler.epoch(seed, 0, batch, true, net.objective().needsPartner());
		while (it.hasNext()) {
			PatchBatch b = it.next();
			try (NDManager scope = manager.newSubManager()) {
				Shape shape = new Shape(batch, b.channels(), size, size, size);
				TrainingObjective.Batch in = net.batch(scope, b, shape);
				if (baseline) sum += net.objective().validate(scope, in, null, draws);
				else {
					TrainingObjective.Checked checked = net.objective().validateAndSumEstimate(scope, in, net, draws);
					sum += checked.loss();
					estimated += checked.estimateSum();
					noisy += (in.p() != null ? in.p() : net.upload(scope, b.input(), shape)).sum().getFloat();
				}
			}
			batches++;
		}
		if (!baseline) lastRatio = estimated / noisy;
		return sum / batches;
	}

	static String format(double loss) {
		return String.format(Locale.ROOT, "%.4g", loss);
	}
}
