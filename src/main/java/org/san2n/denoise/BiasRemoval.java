package org.san2n.denoise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.progress.Progress;

/**
 * The bias step after denoising ({@link RicianBias}), checked by its own rule before anything is written.
 *
 * <p>
 * The output check ({@link ResidualCheck}) judges the denoiser's result, which estimates the mean magnitude
 * E[M]; removing the bias then lowers low-signal values on purpose (on a spinal-cord scan at DW SNR ≈ 2, the
 * volume means by up to 21 %), so the written file's means do not match the input's, and must not. What
 * must hold instead is the noise model the step inverts: the written signal Â, put back through the mean
 * magnitude at each voxel's σ the step used ({@link MagnitudeSigma}), E[M] = σ·μ_L(Â/σ), gives back the input's
 * volume means (inside the mask)
 * within the output check's limits ({@link ResidualCheck#MEAN_SHIFT} of the mean and
 * {@link ResidualCheck#MEAN_SHIFT_SIGMA} σ). A σ far off, or a correction applied to data that are not
 * magnitudes (a phase map, data already corrected), breaks that and is refused. The step's σ (median and range
 * over the mask) and the change it made to each volume's mean are reported.
 */
final class BiasRemoval {

	private BiasRemoval() {}

	/**
	 * The step's outcome, per volume inside the mask.
	 *
	 * @param sigma    the median over the mask of the σ the bias was removed with (the scan's units)
	 * @param low      its 5th percentile over the mask
	 * @param high     its 95th percentile
	 * @param input    the noisy input's means
	 * @param before   the denoised means before the step
	 * @param after    the written means
	 * @param model    the means of σ·μ_L(written/σ), what the written signal predicts the input's means to be
	 * @param problems volumes whose {@code model} mean misses the input's (empty: passed)
	 */
	record Report(double sigma, double low, double high, double[] input, double[] before, double[] after, double[] model, List<String> problems) {

		boolean passed() {
			return problems.isEmpty();
		}

		/** One line: σ, the change the step made, and how well the written data explain the input. */
		String summary(RicianBias bias, double[] bvalues) {
			double lowest = Double.POSITIVE_INFINITY, highest = Double.NEGATIVE_INFINITY, mostSigma = 0, worst = 0, worstSigma = 0;
			int at = 0;
			for (int v = 0; v < input.length; v++) {
				if (before[v] == 0) continue;
				double change = (after[v] - before[v]) / before[v];
				if (change < lowest) {
					lowest = change;
					at = v;
				}
				highest = Math.max(highest, change);
				mostSigma = Math.max(mostSigma, Math.abs(after[v] - before[v]) / sigma);
				if (input[v] != 0) worst = Math.max(worst, Math.abs(model[v] - input[v]) / Math.abs(input[v]));
				worstSigma = Math.max(worstSigma, Math.abs(model[v] - input[v]) / sigma);
			}
			String head = String.format(Locale.ROOT,
					"%s bias removed (σ = %.4g, median; %.4g–%.4g over the mask, 5th–95th percentile: the method's σ map raised to the "
							+ "complex data's where the magnitude's spread is below it): volume means changed by %+.1f %% to %+.1f %% (%.2f σ at most; "
							+ "most in volume %d, b=%.0f); the written signal, through the mean magnitude at each voxel's σ, gives the input's "
							+ "volume means within %.1f %% (%.2f σ)",
					bias.coils() <= 1 ? "Rician" : "non-central χ (" + bias.coils() + " coils)", sigma, low, high, 100 * lowest, 100 * highest, mostSigma,
					at, bvalues[at], 100 * worst, worstSigma);
			if (passed()) return head;
			int shown = Math.min(3, problems.size());
			return head + "; FAILED: " + String.join("; ", problems.subList(0, shown))
					+ (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "");
		}
	}

	/**
	 * Removes the bias from {@code out} (in place: inside the mask, everywhere when voxels outside it were denoised too)
	 * and checks the result.
	 *
	 * @param measured the σ map the method used (width × height × depth, x fastest, the scan's units; 0 where none was
	 *                 measured), turned into the step's σ by {@link MagnitudeSigma}
	 * @param given    whether that map is a known σ the user gave (kept as given) rather than one measured on the
	 *                 magnitudes (raised to the complex data's σ)
	 * @throws DenoisingFailedException when the check fails and {@code options.refuse()}; {@code out} is then
	 *                                  corrected but must not be written
	 */
	static Report apply(DwiScan noisy, DwiScan out, BrainMask mask, DenoiseOptions options, float[] measured, boolean given,
			Progress progress) {
		RicianBias bias = options.bias();
		int n = noisy.volumes();
		double[] input = new double[n], before = new double[n];
		for (int v = 0; v < n; v++) {
			double[] m = means(noisy.volumeArray(v), out.volumeArray(v), mask, null, null);
			input[v] = m[0];
			before[v] = m[1];
		}
		float[] sigmaMap = MagnitudeSigma.of(measured, !given, out, mask, bias, progress);
		bias.correctOn(out, options.outside() == OutsideMask.DENOISE ? null : mask, sigmaMap, progress);
		double[] spread = percentiles(sigmaMap, mask);
		double sigma = spread[1];
		double[] after = new double[n], model = new double[n];
		List<String> problems = new ArrayList<>();
		double[] b = noisy.gradients().bvals();
		for (int v = 0; v < n; v++) {
			double[] m = means(noisy.volumeArray(v), out.volumeArray(v), mask, bias, sigmaMap);
			after[v] = m[1];
			model[v] = m[2];
			double miss = Math.abs(model[v] - input[v]);
			if (miss > ResidualCheck.MEAN_SHIFT * Math.abs(input[v]) && miss > ResidualCheck.MEAN_SHIFT_SIGMA * sigma)
				problems.add(String.format(Locale.ROOT,
						"volume %d (b=%.0f): the written signal predicts a mean magnitude of %.4g, the input's is %.4g (%+.0f %%, %.1f σ)", v,
						b[v], model[v], input[v], 100 * (model[v] - input[v]) / input[v], miss / sigma));
		}
		Report report = new Report(sigma, spread[0], spread[2], input, before, after, model, List.copyOf(problems));
		String summary = report.summary(bias, b);
		progress.log(summary);
		progress.record("bias_coils", Math.max(1, bias.coils()));
		progress.record("bias_sigma", sigma);
		progress.record("bias_check", summary);
		if (!report.passed()) {
			if (options.refuse())
				throw new DenoisingFailedException("the bias removal did not give a result that can be trusted, so nothing was written: "
						+ "if the data are not magnitude images, or were corrected already, use --rician keep (rician=keep in a macro)",
						List.of(summary));
			progress.log("WARNING: writing an output whose bias removal failed its check, as asked (check = warn)");
		}
		return report;
	}

	/** Over the mask's voxels where the input is finite: the input's mean, the output's, and σ·μ_L(output/σ)'s. */
	private static double[] means(float[] noisy, float[] out, BrainMask mask, RicianBias bias, float[] sigma) {
		byte[] inside = mask.inside();
		double sn = 0, so = 0, sm = 0;
		long count = 0;
		for (int i = 0; i < noisy.length; i++) {
			if (inside[i] == 0 || !Float.isFinite(noisy[i]) || !Float.isFinite(out[i])) continue;
			sn += noisy[i];
			so += out[i];
			if (bias != null) sm += bias.meanOf(out[i], sigma[i]);
			count++;
		}
		return count == 0 ? new double[3] : new double[] { sn / count, so / count, sm / count };
	}

	/** The 5th, 50th and 95th percentiles of {@code map} over the mask. */
	private static double[] percentiles(float[] map, BrainMask mask) {
		byte[] in = mask.inside();
		float[] inside = new float[map.length];
		int n = 0;
		for (int i = 0; i < map.length; i++)
			if (in[i] != 0) inside[n++] = map[i];
		if (n == 0) return new double[3];
		java.util.Arrays.sort(inside, 0, n);
		return new double[] { inside[(int) (0.05 * (n - 1))], inside[(n - 1) / 2], inside[(int) (0.95 * (n - 1))] };
	}
}
