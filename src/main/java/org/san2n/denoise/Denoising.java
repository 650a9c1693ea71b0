package org.san2n.denoise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.NonFiniteVoxels;
import org.san2n.dwi.ZeroVoxels;
import org.san2n.dwi.IntensityScale;
import org.san2n.mask.BrainMask;
import org.san2n.mask.MedianOtsu;
import org.san2n.model.OutputCheck;
import org.san2n.model.San2nModel;
import org.san2n.mppca.MpPca;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.mppca.PolyphaseMpPca;
import org.san2n.noise.CoilCount;

import org.san2n.progress.Progress;
import org.san2n.qspace.PairingOptions;
import org.san2n.qspace.AngularPairing;
import org.san2n.model.ValidationReport;
import org.san2n.train.Objective;
import org.san2n.train.RecorruptedMpPca;
import org.san2n.train.San2nTrainer;
import org.san2n.train.StepReport;
import org.san2n.train.TrainingConfig;
import org.san2n.train.TrainingFailedException;
import org.san2n.train.TrainingData;


/** The ways a scan gets denoised (MP-PCA, SAN2N trained on it, a trained model), shared by every front end. */
public final class Denoising {

	private Denoising() {}

	/** Learning rates of the attempts, as fractions of the requested one: a failed run is retried slower. */
	static final double[] ATTEMPT_RATES = { 1, 0.25 };
	/** Mask voxels whose MP-PCA σ gives the noise level the output is checked against. */
	static final int NOISE_SAMPLE = 3000;

	/**
	 * Trains on the scan itself, then applies the network to it; the trained model is handed to
	 * {@code keep}. Training is watched on held-out patches and the output checked against the noise
	 * level ({@link ResidualCheck}); a run that fails either is retried at a quarter of the learning rate,
	 * and if that fails too, {@link DenoisingFailedException} says what was seen and nothing is returned.
	 */
	public static Denoised selfSupervised(TrainingData data, San2nTrainer trainer, DenoiseOptions options, MpPcaOptions mppca,
			Progress progress, java.util.function.Consumer<San2nModel> keep) throws IOException {
		return selfSupervised(data, trainer, options, mppca, null, progress, keep);
	}

	/**
	 * As {@link #selfSupervised(TrainingData, San2nTrainer, DenoiseOptions, MpPcaOptions, Progress, java.util.function.Consumer)},
	 * every MP-PCA run (the base the network refines, the recorrupted inputs) using {@code prior} as its noise
	 * level where it is given, and the output checked against the prior's median over the mask.
	 *
	 * @param prior σ per voxel (width × height × depth, the scan's units), or null: MP-PCA's own estimate
	 */
	public static Denoised selfSupervised(TrainingData data, San2nTrainer trainer, DenoiseOptions options, MpPcaOptions mppca,
			float[] prior, Progress progress, java.util.function.Consumer<San2nModel> keep) throws IOException {
		// Counted again for the output (TrainingInputs.prepare has reported them already).
		NonFiniteVoxels nonFinite = NonFiniteVoxels.count(data.scan(), progress);
		nonFinite.refuseMostlyNonFinite();
		NoiseCorrelation noise = noise(data.scan(), data.mask(), NOISE_SAMPLE, progress);
		double sigma = prior == null ? noise.sigma() : priorLevel(prior, data.mask());
		MpPca.Result base = null;
		MpPca.Result[] bases = null; // every component's, where the network trains on all four
		TrainingData full = data;
		boolean everyOther = false;
		if (trainer.objective() == Objective.RECORRUPTED_MPPCA) {
			if (noise.correlated()) {
				// Recorrupted pairs need noise independent between voxels: on every other voxel in-plane it is again (2×
				// interpolation), unless the correlation reaches further, when no network is trained.
				TrainingData even = independentOnEveryOtherVoxel(data, progress);
				if (even == null) {
					progress.record("result", "polyphase MP-PCA's (noise correlated beyond neighbouring voxels: no network)");
					return mppcaMaps(data.scan(), data.mask(), PairingOptions.DEFAULTS, options, mppca, prior, progress);
				}
				everyOther = true;
				trainer = trainer.forEveryOtherVoxel();
			}
			if (everyOther) {
				Components prepared = recorruptedComponents(full, trainer.config().seed(), trainer.config().patchSize(), mppca, prior, progress);
				bases = prepared.bases();
				base = bases[0];
				data = prepared.data();
			} else {
				Recorrupted prepared = recorrupted(data, trainer.config().seed(), mppca, prior, progress);
				base = prepared.base();
				data = prepared.data();
			}
		}
		List<String> failures = new ArrayList<>();
		// What the attempts have used of an automatic length's budget, on the reference CPU (never a clock: see ReferenceCpu).
		double used = 0, perStep = trainer.referenceSecondsPerStep(data);
		for (double fraction : ATTEMPT_RATES) {
			TrainingConfig config = trainer.config().withLearningRate(trainer.config().learningRate() * fraction);
			if (fraction != 1) {
				// The time budget is the run's, not each attempt's: a retry gets what is left of it, and is not started
				// when that is less than the fewest steps that train at all.
				if (config.budgetSeconds() > 0 && config.automaticLength()) {
					double left = config.budgetSeconds() - used;
					if (left < TrainingConfig.MIN_STEPS * perStep) {
						failures.add("a retry at learning rate " + config.learningRate() + " was not started: it needs at least "
								+ TrainingConfig.MIN_STEPS + " steps (" + StepReport.duration(TrainingConfig.MIN_STEPS * perStep)
								+ " on the reference CPU) and " + StepReport.duration(Math.max(0, left)) + " of the "
								+ StepReport.duration(config.budgetSeconds()) + " budget is left (a larger --max-minutes gives it room)");
						progress.log(failures.get(failures.size() - 1));
						break;
					}
					config = config.withBudgetMinutes(left / 60);
				}
				progress.log("retrying with learning rate " + config.learningRate()
						+ (config.budgetSeconds() > 0 && config.automaticLength()
								? " in what is left of the time budget (" + StepReport.duration(config.budgetSeconds()) + " on the reference CPU)" : ""));
			}
			int planned = config.automaticLength() && config.budgetSeconds() > 0
					? San2nTrainer.automaticSteps(config.resolvedFor(1, trainer.automaticSteps(data.scan().volumes())), perStep) : 0;
			San2nModel model;
			try {
				model = trainer.with(config).train(data);
				if (everyOther) model.recordTrainedOnEveryOtherVoxel();
			} catch (TrainingFailedException e) {
				used += perStep * e.stepsRun(); // what the failed attempt ran, not what it planned
				failures.add("at learning rate " + config.learningRate() + ": " + e.getMessage());
				progress.log(e.getMessage());
				continue;
			}
			used += perStep * planned;
			try (model) {
				ValidationReport report = model.metadata().validation();
				if (base != null && (report == null || !(report.bestLoss() < report.baseline()))) {
					// The trainer has set the correction to 0 (and said why): the result is MP-PCA's, the model saved as asked.
					progress.record("result", "MP-PCA's: the network's correction was set to 0 (it did not beat MP-PCA on held-out patches, "
							+ "or none could be held out)");
					// MP-PCA of every voxel has run already; other outside-mask options need a run of their own.
					Denoised out = options.outside() == OutsideMask.DENOISE && !everyOther
							? finishMppca(full.scan(), full.mask(), base, noise, nonFinite, options, prior != null, progress)
							: mppcaMaps(full.scan(), full.mask(), PairingOptions.DEFAULTS, options, mppca, prior, progress);
					keep.accept(model);
					return out;
				}
				MpPca.Result applied = everyOther ? applyToEachComponent(model, full.scan(), full.mask(), bases, options, mppca, prior,
						model.metadata().scale(), progress) : null;
				DwiScan out = everyOther ? applied.scan()
						: TiledDenoiser.denoise(model, data.scan(), base == null ? null : base.scan(), data.mask(), model.metadata().scale(),
								options, progress);
				OutputCheck check = ResidualCheck.of(full.scan(), out, full.mask(), sigma, sigmaSource(prior), noise.neighbour(), progress);
				if (!acceptable(check, options, progress)) {
					failures.add("at learning rate " + config.learningRate() + ": " + ResidualCheck.summary(check));
					continue;
				}
				model.recordCheck(check);
				// The σ map is the base's, whose noise the recorrupted pairs were made with (every component's when trained on
				// every other voxel); san2n-paper used one σ.
				Denoised result = applied != null ? new Denoised(out, applied.sigma(), applied.rank())
						: base != null ? new Denoised(out, base.sigma(), base.rank()) : Denoised.withLevel(out, sigma);
				finish(full.scan(), out, full.mask(), nonFinite, options, result.sigma(), prior != null, progress);
				// Saved once everything that could refuse the result has passed: a refused run writes nothing.
				keep.accept(model);
				return result;
			}
		}
		throw new DenoisingFailedException("SAN2N could not denoise this scan safely, so nothing was written: try a lower --lr, or "
				+ "--method mppca (no training; method=mppca in a macro)", failures);
	}

	static final String SIGMA_SOURCE = "MP-PCA, median over the mask", PRIOR_SOURCE = "the known σ given (noise_map_in), median over the mask";

	/** Where the σ the output is checked against comes from. */
	static String sigmaSource(float[] prior) {
		return prior == null ? SIGMA_SOURCE : PRIOR_SOURCE;
	}

	/**
	 * The training data's voxels with x and y even ({@link PolyphaseMpPca#phase}): where the scanner interpolated 2×
	 * in-plane, the original samples, whose noise is independent between voxels as recorrupted pairs need.
	 */
	static TrainingData everyOtherVoxel(TrainingData data) {
		return new TrainingData(PolyphaseMpPca.phase(data.scan(), 0, 0), PolyphaseMpPca.phase(data.mask(), 0, 0), data.pairing(),
				data.sigma());
	}

	/**
	 * A refining model trained on the voxels with x and y even ({@link #everyOtherVoxel}) applied to each of the four
	 * in-plane polyphase components of the scan, with MP-PCA's result on that component as its base ({@code bases}:
	 * MP-PCA's on each component, index 2·i + j, when it has run already, else null).
	 *
	 * @param prior a known σ per voxel of the whole scan for MP-PCA (noise_map_in), or null
	 * @return the network's result on the whole scan, with the σ and rank maps of the MP-PCA bases put together
	 */
	static MpPca.Result applyToEachComponent(San2nModel model, DwiScan scan, BrainMask mask, MpPca.Result[] bases, DenoiseOptions options,
			MpPcaOptions mppca, float[] prior, double scale, Progress progress) throws IOException {
		long[] grid = scan.spatialShape();
		float[] sigma = new float[Math.toIntExact(scan.volumeSize())], rank = new float[sigma.length];
		// The bases computed for training had this share of the budget too (recorruptedComponents), so all four are alike.
		MpPcaOptions each = PolyphaseMpPca.perComponent(mppca);
		DwiScan out = PolyphaseMpPca.eachComponent(scan, (part, i, j) -> {
			MpPca.Result partBase = bases != null ? bases[2 * i + j]
					: MpPca.denoise(part, null, false, each, prior == null ? null : PolyphaseMpPca.phase(prior, grid, i, j), progress);
			PolyphaseMpPca.putPhase(partBase.sigma(), sigma, grid, i, j);
			if (partBase.rank() != null) PolyphaseMpPca.putPhase(partBase.rank(), rank, grid, i, j);
			return TiledDenoiser.denoise(model, part, partBase.scan(), mask == null ? null : PolyphaseMpPca.phase(mask, i, j), scale, options,
					progress);
		}, progress);
		return new MpPca.Result(out, sigma, rank);
	}

	/** Training data with the recorrupted features, and MP-PCA's result on the scan itself (the network's base). */
	public record Recorrupted(TrainingData data, MpPca.Result base) {}

	/**
	 * What recorrupted training ({@link RecorruptedMpPca}) needs besides the scan: MP-PCA on the scan (its
	 * result, the base the network refines, and its σ map, the noise the recorruption adds) and on the
	 * recorrupted scan. Two MP-PCA runs.
	 *
	 * @throws IllegalArgumentException when the scan's noise is correlated between neighbouring voxels, which
	 *                                  recorrupted pairs cannot handle (the message says what to do)
	 */
	public static Recorrupted recorrupted(TrainingData data, long seed, MpPcaOptions mppca, Progress progress) throws IOException {
		return recorrupted(data, seed, mppca, null, progress);
	}

	/**
	 * As {@link #recorrupted(TrainingData, long, MpPcaOptions, Progress)}, both MP-PCA runs using {@code prior}
	 * (σ per voxel, or null) as their noise level, and the recorruption adding noise of the prior's σ.
	 */
	public static Recorrupted recorrupted(TrainingData data, long seed, MpPcaOptions mppca, float[] prior, Progress progress)
			throws IOException {
		MpPca.Result first = MpPca.denoise(data.scan(), null, false, mppca, prior, progress);
		progress.log("recorrupting the scan (α = " + RecorruptedMpPca.ALPHA + ") and running MP-PCA on it for the training inputs");
		MpPcaOptions onRecorrupted = RecorruptedMpPca.featureOptions(mppca, data.scan().spatialShape(), data.scan().volumes());
		DwiScan features = RecorruptedMpPca.features(data.scan(), first.sigma(), seed, recorrupted -> {
			try {
				return MpPca.denoise(recorrupted, null, false, onRecorrupted, prior, progress.recordingUnder("training_inputs_")).scan();
			} catch (IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		return new Recorrupted(data.withRecorrupted(features), first);
	}

	/**
	 * Training data of all four in-plane polyphase components of {@code data} (x ≡ i, y ≡ j mod 2) for recorrupted
	 * training where neighbouring voxels' noise is correlated: each component recorrupted ({@link #recorrupted}, its own
	 * draw of z) with MP-PCA's result and σ map on that component, and the four stacked along z ({@link ComponentStack}),
	 * the patch edge of zero slices between them. Before, the network trained on the even component alone: a quarter of
	 * the positions (see {@link ComponentStack}).
	 *
	 * @param patch the training patch edge (no patch reaches from one component into the next)
	 * @param prior σ per voxel of the whole scan (width × height × depth), or null: MP-PCA's on each component
	 * @return the stacked data and MP-PCA's result on each component, index 2·i + j (the bases the model refines)
	 */
	public static Components recorruptedComponents(TrainingData data, long seed, int patch, MpPcaOptions mppca, float[] prior,
			Progress progress) throws IOException {
		long[] grid = data.scan().spatialShape();
		int gap = ComponentStack.gap(patch);
		long[] stackedShape = ComponentStack.shape(data.scan().voxels().shape(), gap);
		stackedShape[3] *= 3;
		long values = stackedShape[0] * stackedShape[1] * stackedShape[2] * stackedShape[3];
		if (values > Integer.MAX_VALUE - 16)
			throw new IllegalArgumentException("SAN2N's training keeps three copies of the scan's four in-plane components in memory (the "
					+ "recorrupted scan, MP-PCA's result on it and the targets: " + values + " values), more than one Java array holds; "
					+ "use --method mppca (method=mppca in a macro) for a scan this large");
		// Filled component by component: the four components' features are never all held twice.
		var stackedFeatures = net.imglib2.img.array.ArrayImgs.floats(stackedShape);
		MpPcaOptions each = PolyphaseMpPca.perComponent(mppca);
		List<DwiScan> scans = new ArrayList<>();
		List<BrainMask> masks = new ArrayList<>();
		MpPca.Result[] bases = new MpPca.Result[4];
		org.san2n.qspace.GradientTable featureGradients = null; // each volume's thrice: ŷ, m̂, ỹ
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2; j++) {
				progress.log("training inputs on the voxels with x " + (i == 0 ? "even" : "odd") + ", y " + (j == 0 ? "even" : "odd"));
				TrainingData part = new TrainingData(PolyphaseMpPca.phase(data.scan(), i, j), PolyphaseMpPca.phase(data.mask(), i, j),
						data.pairing(), data.sigma());
				// The even component keeps the run's seed (as when it was trained on alone); the others draw z of their own.
				Recorrupted r = recorrupted(part, seed + COMPONENT_SEED_STEP * (2 * i + j), each,
						prior == null ? null : PolyphaseMpPca.phase(prior, grid, i, j), progress);
				bases[2 * i + j] = r.base();
				scans.add(part.scan());
				masks.add(part.mask());
				ComponentStack.put(r.data().recorrupted().image(), stackedFeatures, 2 * i + j, data.scan().depth(), gap);
				featureGradients = r.data().recorrupted().gradients();
			}
		DwiScan features = new DwiScan(stackedFeatures, featureGradients, data.scan().geometry());
		TrainingData stacked = new TrainingData(ComponentStack.scans(scans, gap), ComponentStack.masks(masks, gap), data.pairing(),
				data.sigma()).withRecorrupted(features);
		return new Components(stacked, bases);
	}

	private static final long COMPONENT_SEED_STEP = 0x632BE59BD9B4E019L;

	/** {@link #recorruptedComponents}' result: the stacked training data, and MP-PCA's result on each component (index 2·i + j). */
	public record Components(TrainingData data, MpPca.Result[] bases) {}

	/**
	 * What recorrupted training trains on: the data as they are, or where the scan's noise is correlated between
	 * neighbouring voxels, every other voxel in-plane ({@link #everyOtherVoxel}), whose noise is independent again.
	 * A model trained on the latter is recorded as such ({@link San2nModel#recordTrainedOnEveryOtherVoxel}) and applied
	 * to each in-plane polyphase component of a scan.
	 */
	public static TrainingData trainingVoxels(TrainingData data, Progress progress) {
		// The sample of selfSupervised and withModel: a borderline scan is judged the same way by Train and by Denoise.
		NoiseCorrelation noise = noise(data.scan(), data.mask(), NOISE_SAMPLE, progress);
		if (!noise.correlated()) return data;
		TrainingData even = independentOnEveryOtherVoxel(data, progress);
		if (even == null)
			throw new IllegalArgumentException("SAN2N's training needs noise independent between voxels, and this scan's is correlated "
					+ "even between voxels two apart (not the 2× interpolation that every other voxel undoes); SAN2N Denoise (or --method "
					+ "mppca) denoises it with MP-PCA on every other voxel in-plane, with no model to train");
		return even;
	}

	/**
	 * The voxels with x and y even when their noise is independent between them, as recorrupted pairs need (MP-PCA's σ on
	 * every other voxel of them not above {@link #CORRELATED} times σ on all of them: 2× interpolation, whose correlation
	 * every other voxel undoes); null when the correlation reaches further (other interpolation factors, strong
	 * filtering), and the log says so. Undetermined (too small to tell) counts as independent.
	 */
	static TrainingData independentOnEveryOtherVoxel(TrainingData data, Progress progress) {
		TrainingData even = everyOtherVoxel(data);
		NoiseCorrelation further = noise(even.scan(), even.mask(), NOISE_SAMPLE, Progress.NONE);
		if (further.correlated()) {
			progress.log(String.format(java.util.Locale.ROOT, "the noise is correlated even between voxels two apart (MP-PCA's σ %.4g on every "
					+ "fourth voxel, %.4g on every other): SAN2N's recorrupted pairs cannot be made independent, so no network is trained "
					+ "and the result is MP-PCA's on every other voxel in-plane", further.everyOther(), further.all()));
			return null;
		}
		progress.log(TRAINS_ON_EVERY_OTHER_VOXEL);
		progress.record("trained_on", "every other voxel in-plane (noise correlated between neighbouring voxels)");
		return even;
	}

	private static final String TRAINS_ON_EVERY_OTHER_VOXEL = "SAN2N trains on every other voxel in-plane, whose noise is independent: "
			+ "on the four such components of the scan (x, y even or odd) together, and is applied to each of them";

	/**
	 * The scan's noise level for the output check and the measurement fusion: MP-PCA's σ, median over a
	 * sample of the mask, the honest one where neighbouring voxels' noise is correlated ({@link #noise}).
	 */
	static double noiseLevel(DwiScan scan, BrainMask mask, Progress progress) {
		return noise(scan, mask, NOISE_SAMPLE, progress).sigma();
	}

	/**
	 * MP-PCA's σ (median over a sample of {@code sample} mask voxels) on the scan as it is and on every other
	 * voxel in-plane. Where the noise of neighbouring voxels is correlated (in-plane interpolation, zero-filled
	 * partial Fourier: most clinical scans), the Marchenko–Pastur fit takes the widened noise eigenvalues for
	 * signal and its σ is far too low (a third of the true σ on bench/families.py's correlated phantoms); on
	 * every other voxel the 2× interpolated noise is independent again. On white noise both agree.
	 */
	static NoiseCorrelation noise(DwiScan scan, BrainMask mask, int sample, Progress progress) {
		if (mask.count() == 0)
			throw new IllegalArgumentException("the brain mask is empty, so the noise level cannot be measured (median_otsu finds no "
					+ "brain in the mean b0 of some scans: a few voxels, a phantom); give a mask with voxels inside (--mask FILE, or the "
					+ "mask setting in Fiji; a mask of ones denoises every voxel)");
		double sigma = MpPca.noiseLevel(scan, mask, MpPcaOptions.DEFAULTS, sample, progress);
		if (!(sigma > 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("the noise level of the scan could not be measured (MP-PCA gave " + sigma
					+ "): is the mask empty, or the scan constant?");
		int k = MpPcaOptions.DEFAULTS.windowFor(scan.volumes());
		if (scan.width() < 2 * k || scan.height() < 2 * k) return new NoiseCorrelation(sigma, Double.NaN);
		BrainMask everyOtherMask = PolyphaseMpPca.phase(mask, 0, 0);
		if (everyOtherMask.count() == 0) return new NoiseCorrelation(sigma, Double.NaN);
		DwiScan everyOther = PolyphaseMpPca.phase(scan, 0, 0);
		NoiseCorrelation found = new NoiseCorrelation(sigma, MpPca.noiseLevel(everyOther, everyOtherMask, MpPcaOptions.DEFAULTS, sample, progress));
		if (found.correlated()) progress.log(found.describe());
		progress.record("noise_correlated_between_voxels", found.correlated());
		return found;
	}

	/**
	 * MP-PCA's σ map of the scan, as {@code denoise} measures it: every window's σ (the window centred on each voxel),
	 * on every other voxel in-plane where the noise of neighbouring voxels is correlated ({@link PolyphaseMpPca}).
	 * Runs MP-PCA's windows once (its denoised scan is a by-product).
	 *
	 * @param mask the brain mask the correlation is measured in (not null)
	 * @return the σ and rank maps (width × height × depth, the scan's units), and whether the noise was found correlated
	 */
	public static NoiseMap noiseMap(DwiScan scan, BrainMask mask, MpPcaOptions mppca, Progress progress) throws IOException {
		NoiseCorrelation noise = noise(scan, mask, NOISE_SAMPLE / 3, progress);
		MpPca.Result r = noise.correlated() ? PolyphaseMpPca.denoise(scan, null, false, mppca, progress)
				: MpPca.denoise(scan, null, false, mppca, progress);
		return new NoiseMap(r.sigma(), r.rank(), noise.correlated());
	}

	/** {@link #noiseMap}'s result: σ and rank per voxel, and whether σ was measured on every other voxel in-plane. */
	public record NoiseMap(float[] sigma, float[] rank, boolean correlated) {}

	/** MP-PCA's σ on all voxels and on every other voxel in-plane (NaN when the scan is too small for it). */
	record NoiseCorrelation(double all, double everyOther) {

		/** Correlated: σ on every other voxel more than {@link #CORRELATED} times σ on all of them. */
		boolean correlated() {
			return everyOther > CORRELATED * all && Double.isFinite(everyOther);
		}

		/** The distance of voxels whose noise is independent along x: 2 when correlated, else 1. */
		int neighbour() {
			return correlated() ? 2 : 1;
		}

		/** The noise level to trust: on every other voxel when the noise is correlated. */
		double sigma() {
			return correlated() ? everyOther : all;
		}

		String describe() {
			return String.format(java.util.Locale.ROOT,
					"noise correlated between neighbouring voxels: MP-PCA's σ is %.4g on every other voxel in-plane, %.4g on all of them",
					everyOther, all);
		}
	}

	/** σ on every other voxel above this multiple of σ on all of them: the noise of neighbours is correlated. */
	static final double CORRELATED = 1.25;

	/** Logs the check; true when the output may be written: it passed, or the user asked for it anyway. */
	private static boolean acceptable(OutputCheck check, DenoiseOptions options, Progress progress) {
		progress.log(ResidualCheck.summary(check));
		progress.record("noise_sigma", check.sigma());
		progress.record("output_check", ResidualCheck.summary(check));
		progress.record("output_check_passed", check.passed());
		if (check.passed()) return true;
		if (options.refuse()) return false;
		progress.log("WARNING: writing an output that failed its check, as asked (check = warn)");
		return true;
	}

	/** Checks {@code out} against {@code scan}; throws {@link DenoisingFailedException} when it fails. */
	static void requirePassing(DwiScan scan, DwiScan out, BrainMask mask, double sigma, String source, int neighbour, String what,
			DenoiseOptions options, Progress progress) {
		OutputCheck check = ResidualCheck.of(scan, out, mask, sigma, source, neighbour, progress);
		if (!acceptable(check, options, progress))
			throw new DenoisingFailedException(what + "'s output failed its check against the noise level, so nothing was written "
					+ "(--check warn writes it anyway, with a warning)", List.of(ResidualCheck.summary(check)));
	}

	/**
	 * MP-PCA ({@link MpPca}) with the same post-processing as SAN2N's output: voxels outside the mask as
	 * {@code options.outside()} says, then the Rician bias removed unless switched off.
	 *
	 * @param mask the brain mask (needed unless every voxel is denoised), or null to compute one
	 */
	public static DwiScan mppca(DwiScan scan, BrainMask mask, PairingOptions pairing, DenoiseOptions options,
			MpPcaOptions mppca, Progress progress) throws IOException {
		return mppcaMaps(scan, mask, pairing, options, mppca, null, progress).scan();
	}

	/**
	 * As {@link #mppca}, with its σ and rank maps ({@link Denoised}).
	 *
	 * @param prior σ per voxel (width × height × depth, x fastest, the scan's units) that decides each window's
	 *              rank instead of MP-PCA's own estimate ({@link MpPca#denoise(DwiScan, BrainMask, boolean, MpPcaOptions,
	 *              float[], Progress)}); null: MP-PCA's own. The output is then checked against its median over the mask.
	 */
	public static Denoised mppcaMaps(DwiScan scan, BrainMask mask, PairingOptions pairing, DenoiseOptions options,
			MpPcaOptions mppca, float[] prior, Progress progress) throws IOException {
		NonFiniteVoxels nonFinite = NonFiniteVoxels.count(scan, progress);
		nonFinite.check(progress);
		if (mask == null)
			mask = MedianOtsu.compute(scan, AngularPairing.pair(scan.gradients(), pairing), MedianOtsu.DEFAULT_RADIUS, MedianOtsu.DEFAULT_PASSES,
					progress);
		BrainMask region = options.outside() == OutsideMask.DENOISE ? null : mask;
		// A third of the output check's sample: enough to tell correlated noise (σ off by 2–3×) from white.
		NoiseCorrelation noise = noise(scan, mask, NOISE_SAMPLE / 3, progress);
		MpPca.Result r = noise.correlated() ? PolyphaseMpPca.denoise(scan, region, options.outside() == OutsideMask.ZERO, mppca, prior, progress)
				: MpPca.denoise(scan, region, options.outside() == OutsideMask.ZERO, mppca, prior, progress);
		return finishMppca(scan, mask, r, noise, nonFinite, options, prior != null, progress);
	}

	/** MP-PCA's result {@code r} (changed in place) checked, its bias removed and the input's non-finite voxels put back. */
	private static Denoised finishMppca(DwiScan scan, BrainMask mask, MpPca.Result r, NoiseCorrelation noise, NonFiniteVoxels nonFinite,
			DenoiseOptions options, boolean given, Progress progress) {
		String source = given ? PRIOR_SOURCE : SIGMA_SOURCE;
		DwiScan out = r.scan();
		// Its own σ map gives the noise level: no second pass of windows for it.
		double sigma = r.medianSigma(mask);
		requirePassing(scan, out, mask, sigma > 0 ? sigma : noiseLevel(scan, mask, progress), sigma > 0 ? source : SIGMA_SOURCE,
				noise.neighbour(), "MP-PCA", options, progress);
		finish(scan, out, mask, nonFinite, options, r.sigma(), given, progress);
		return new Denoised(out, r.sigma(), r.rank());
	}

	/**
	 * The median of a prior σ map over the mask (its voxels with a σ > 0): the noise level the output is checked
	 * against when a prior is given.
	 *
	 * @throws IllegalArgumentException when the prior gives no voxel of the mask a σ > 0
	 */
	static double priorLevel(float[] prior, BrainMask mask) {
		double level = MpPca.medianInside(prior, mask);
		if (!(level > 0)) throw new IllegalArgumentException("the prior noise map gives no voxel of the brain mask a σ > 0");
		return level;
	}

	/**
	 * The steps after a checked result, the same for every method: voxels that are 0 in every volume of the
	 * input written as 0 ({@link ZeroVoxels}), the bias removed and checked by its own rule ({@link BiasRemoval}),
	 * the input's non-finite voxels put back. {@code out} is changed in place.
	 *
	 * @param sigma the σ map the method used (the result's, {@link Denoised#sigma}): what the bias step's σ is made from
	 * @param given whether that map is the known σ the user gave (noise_map_in), taken as the complex data's σ
	 */
	private static void finish(DwiScan scan, DwiScan out, BrainMask mask, NonFiniteVoxels nonFinite, DenoiseOptions options,
			float[] sigma, boolean given, Progress progress) {
		ZeroVoxels zeros = ZeroVoxels.of(scan);
		zeros.restore(out, progress);
		// Voxels with no measurement are no noise to measure σ on, nor data for the bias step's check (a mask of ones on
		// a scan with a zero background would count them as input 0 against a noise floor of 1.25 σ).
		if (options.unbias()) {
			DenoiseOptions counted = options;
			if (options.coils() == 0) {
				// The noise floor to take off depends on the coil count: counted on the background unless given.
				CoilCount coils = CoilCount.estimate(scan, mask);
				progress.log(coils.why());
				counted = options.withCoils(coils.coils());
			}
			progress.record("coils", counted.coils() == 0 ? 1 : counted.coils());
			BiasRemoval.apply(scan, out, zeros.outOf(mask), counted, sigma, given, progress);
		}
		nonFinite.restore(scan, out, options.zeroNonFinite());
	}

	/**
	 * Applies a trained model to a scan. The scan's intensity scale is measured on the scan itself (its
	 * b0s inside the mask), so a model carries over to another scan of the same protocol.
	 *
	 * @param mask the brain mask, or null to compute one with median_otsu
	 */
	public static Denoised withModel(San2nModel model, DwiScan scan, BrainMask mask, PairingOptions pairing,
			DenoiseOptions options, MpPcaOptions mppca, Progress progress) throws IOException {
		return withModel(model, scan, mask, pairing, options, mppca, null, progress);
	}

	/** As {@link #withModel(San2nModel, DwiScan, BrainMask, PairingOptions, DenoiseOptions, MpPcaOptions, Progress)}, MP-PCA using {@code prior} (σ per voxel, or null). */
	public static Denoised withModel(San2nModel model, DwiScan scan, BrainMask mask, PairingOptions pairing,
			DenoiseOptions options, MpPcaOptions mppca, float[] prior, Progress progress) throws IOException {
		NonFiniteVoxels nonFinite = NonFiniteVoxels.count(scan, progress);
		nonFinite.check(progress);
		org.san2n.qspace.QSpacePairing paired = AngularPairing.pair(scan.gradients(), pairing);
		int[] b0 = paired.b0Volumes();
		if (mask == null) mask = MedianOtsu.compute(scan, paired, MedianOtsu.DEFAULT_RADIUS, MedianOtsu.DEFAULT_PASSES, progress);
		double scale = IntensityScale.of(scan, mask, b0);
		// A model for another gradient table is refused before any work.
		org.san2n.model.VolumeMapping.between(model.metadata().gradients(), scan.gradients(), "the scan");
		NoiseCorrelation noise = noise(scan, mask, NOISE_SAMPLE, progress);
		boolean refines = model.metadata().trainedFor() == Objective.RECORRUPTED_MPPCA;
		boolean everyOther = model.metadata().everyOtherVoxel();
		if (refines && noise.correlated() != everyOther) {
			// A network trained on every other voxel has learned structures at twice the voxel size, and one trained on every
			// voxel sees correlated noise as signal: each only on the noise it was trained for.
			progress.log(noise.correlated()
					? "this scan's noise is correlated between neighbouring voxels, unlike the noise the model was trained for: "
							+ "the result is MP-PCA's on every other voxel in-plane (the model is not used)"
					: "the model was trained on a scan whose noise is correlated between neighbouring voxels, and this scan's is not: "
							+ "the result is MP-PCA's (the model is not used)");
			return mppcaMaps(scan, mask, pairing, options, mppca, prior, progress);
		}
		MpPca.Result base;
		DwiScan out;
		if (everyOther) {
			progress.log("the model was trained on every other voxel in-plane (noise correlated between neighbouring voxels): it is "
					+ "applied to each of the four such components of the scan");
			base = applyToEachComponent(model, scan, mask, null, options, mppca, prior, scale, progress);
			out = base.scan();
		} else {
			base = refines ? MpPca.denoise(scan, null, false, mppca, prior, progress) : null;
			out = TiledDenoiser.denoise(model, scan, base == null ? null : base.scan(), mask, scale, options, progress);
		}
		double sigma = prior == null ? noise.sigma() : priorLevel(prior, mask);
		requirePassing(scan, out, mask, sigma, sigmaSource(prior), noise.neighbour(), "the model", options, progress);
		Denoised result = base != null ? new Denoised(out, base.sigma(), base.rank()) : Denoised.withLevel(out, sigma);
		finish(scan, out, mask, nonFinite, options, result.sigma(), prior != null, progress);
		return result;
	}
}
