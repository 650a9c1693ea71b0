package org.san2n.denoise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.model.OutputCheck;
import org.san2n.progress.Progress;
import org.san2n.qspace.PairingOptions;
import org.san2n.qspace.Shell;
import org.san2n.qspace.ShellClustering;

/**
 * Checks a denoised scan against its input before anything is written (see {@link OutputCheck}). Per
 * volume, inside the mask, with σ the scan's noise level:
 * <ul>
 * <li>the mean must not move by more than {@value #MEAN_SHIFT} of the volume's mean and more than
 * {@value #MEAN_SHIFT_SIGMA} σ: denoising removes noise, whose mean over thousands of voxels is ~0 (a
 * collapsed network was seen to move b0 means by +40 % and halve others);</li>
 * <li>the residual's spread must stay below {@value #MAX_SPREAD} σ: the residual is the removed noise
 * (spread ≤ σ) plus the error the denoiser made; beyond that the error alone is larger than the noise,
 * the output is worse than the input;</li>
 * <li>per shell, the output must keep at least {@value #MIN_ANGULAR} of the <em>directional contrast</em>
 * — the variance across a shell's directions, what FA and fibre orientations are fitted to. The scan's
 * own contrast is measured without σ as the covariance across directions of neighbouring voxels (x and
 * x + 1: their noise is independent, their signal nearly the same), which errs low where the tissue
 * changes, so good denoisers keep 1–3× of it; a network that averaged directions kept 0.29 of it and
 * doubled the FA error (bench/families.sh, anatomy, b = 2500) while its volume means and residuals
 * looked fine.</li>
 * </ul>
 * A residual spread under {@value #MIN_SPREAD} σ is only a warning: the output is nearly the input.
 */
public final class ResidualCheck {

	static final double MEAN_SHIFT = 0.08, MEAN_SHIFT_SIGMA = 0.3, MAX_SPREAD = 1.5, MIN_SPREAD = 0.1, MIN_ANGULAR = 0.5;
	/** Shells with fewer directions than this have too little directional contrast to judge. */
	static final int MIN_DIRECTIONS = 6;

	private ResidualCheck() {}

	public static OutputCheck of(DwiScan noisy, DwiScan denoised, BrainMask mask, double sigma, String sigmaSource,
			Progress progress) {
		return of(noisy, denoised, mask, sigma, sigmaSource, 1, progress);
	}

	/**
	 * @param neighbour the distance along x of the voxels whose agreement across directions is the
	 *                  directional contrast to keep: 1, or 2 where neighbouring voxels' noise is correlated (it
	 *                  would be taken for contrast)
	 */
	public static OutputCheck of(DwiScan noisy, DwiScan denoised, BrainMask mask, double sigma, String sigmaSource, int neighbour,
			Progress progress) {
		if (neighbour < 1) throw new IllegalArgumentException("neighbour distance must be ≥ 1, got " + neighbour);
		if (!(sigma > 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("cannot check the output against a noise level of " + sigma);
		int n = noisy.volumes();
		byte[] inside = mask.inside();
		double[] noisyMean = new double[n], denoisedMean = new double[n], spread = new double[n];
		List<String> problems = new ArrayList<>(), warnings = new ArrayList<>();
		List<String> tiny = new ArrayList<>();
		double[] b = noisy.gradients().bvals();
		for (int v = 0; v < n; v++) {
			progress.checkCancelled();
			float[] a = noisy.volumeArray(v), d = denoised.volumeArray(v);
			double sa = 0, sd = 0, sr = 0, srr = 0;
			long count = 0, broken = 0;
			for (int i = 0; i < a.length; i++) {
				if (inside[i] == 0 || !Float.isFinite(a[i])) continue;
				if (!Float.isFinite(d[i])) {
					broken++;
					continue;
				}
				double r = a[i] - d[i];
				sa += a[i];
				sd += d[i];
				sr += r;
				srr += r * r;
				count++;
			}
			if (broken > 0) problems.add(String.format(Locale.ROOT, "volume %d (b=%.0f): %d output voxels are not finite", v, b[v], broken));
			if (count == 0) continue;
			noisyMean[v] = sa / count;
			denoisedMean[v] = sd / count;
			double meanResidual = sr / count;
			spread[v] = Math.sqrt(Math.max(0, srr / count - meanResidual * meanResidual));
			double shift = Math.abs(denoisedMean[v] - noisyMean[v]);
			if (shift > MEAN_SHIFT * Math.abs(noisyMean[v]) && shift > MEAN_SHIFT_SIGMA * sigma)
				problems.add(String.format(Locale.ROOT, "volume %d (b=%.0f): mean moved from %.4g to %.4g (%+.0f %%, %.1f σ)", v, b[v],
						noisyMean[v], denoisedMean[v], 100 * (denoisedMean[v] - noisyMean[v]) / noisyMean[v], shift / sigma));
			if (spread[v] > MAX_SPREAD * sigma)
				problems.add(String.format(Locale.ROOT,
						"volume %d (b=%.0f): the removed part varies by %.2f σ, more than noise can (%.1f σ at most): signal was removed",
						v, b[v], spread[v] / sigma, MAX_SPREAD));
			if (spread[v] < MIN_SPREAD * sigma) tiny.add(String.format(Locale.ROOT, "%d (b=%.0f)", v, b[v]));
		}
		for (Shell shell : ShellClustering.shells(noisy.gradients(), PairingOptions.DEFAULTS.b0Threshold(),
				PairingOptions.DEFAULTS.shellTolerance())) {
			if (shell.b0() || shell.size() < MIN_DIRECTIONS) continue;
			double kept = directionalContrastKept(noisy, denoised, mask, shell.volumes(), neighbour, progress);
			if (kept < MIN_ANGULAR)
				problems.add(String.format(Locale.ROOT,
						"shell b=%.0f: the output keeps %.0f %% of the directional contrast that neighbouring voxels agree on "
								+ "(at least %.0f %% expected): directions were averaged, FA and fibre orientations fitted to it would be biased",
						shell.bvalue(), 100 * kept, 100 * MIN_ANGULAR));
		}
		if (!tiny.isEmpty())
			warnings.add(tiny.size() + " of " + n + " volumes changed by less than " + MIN_SPREAD + " σ, the output nearly the input there: "
					+ (tiny.size() == 1 ? "volume " : "volumes ") + String.join(", ", tiny.subList(0, Math.min(6, tiny.size())))
					+ (tiny.size() > 6 ? " and " + (tiny.size() - 6) + " more" : ""));
		return new OutputCheck(sigma, sigmaSource, noisyMean, denoisedMean, spread, List.copyOf(problems), List.copyOf(warnings));
	}

	/**
	 * The output's variance across the shell's directions, mean over mask voxels, divided by the covariance
	 * across directions of the input at x and x + {@code lag} (mask pairs); NaN-free voxels only. Infinite
	 * when the input shows no directional contrast to keep.
	 */
	static double directionalContrastKept(DwiScan noisy, DwiScan denoised, BrainMask mask, int[] volumes, int lag, Progress progress) {
		int nx = noisy.width();
		byte[] inside = mask.inside();
		int pairs = 0;
		for (int i = 0; i + lag < inside.length; i++)
			if (inside[i] != 0 && inside[i + lag] != 0 && i % nx + lag < nx) pairs++;
		int[] at = new int[pairs];
		for (int i = 0, k = 0; i + lag < inside.length; i++)
			if (inside[i] != 0 && inside[i + lag] != 0 && i % nx + lag < nx) at[k++] = i;
		double[] sa = new double[pairs], sb = new double[pairs], sab = new double[pairs], so = new double[pairs], soo = new double[pairs];
		boolean[] bad = new boolean[pairs];
		for (int v : volumes) {
			progress.checkCancelled();
			float[] a = noisy.volumeArray(v), o = denoised.volumeArray(v);
			for (int k = 0; k < pairs; k++) {
				float ya = a[at[k]], yb = a[at[k] + lag], out = o[at[k]];
				if (!Float.isFinite(ya) || !Float.isFinite(yb) || !Float.isFinite(out)) {
					bad[k] = true;
					continue;
				}
				sa[k] += ya;
				sb[k] += yb;
				sab[k] += (double) ya * yb;
				so[k] += out;
				soo[k] += (double) out * out;
			}
		}
		int n = volumes.length;
		double cov = 0, var = 0;
		for (int k = 0; k < pairs; k++) {
			if (bad[k]) continue;
			cov += (sab[k] - sa[k] * sb[k] / n) / (n - 1);
			var += (soo[k] - so[k] * so[k] / n) / (n - 1);
		}
		return cov > 0 ? var / cov : Double.POSITIVE_INFINITY;
	}

	/** One line for the user: the range of residual spreads and of mean changes, or what failed. */
	public static String summary(OutputCheck c) {
		double lo = Double.POSITIVE_INFINITY, hi = 0, worst = 0;
		for (int v = 0; v < c.spread().length; v++) {
			lo = Math.min(lo, c.spread()[v] / c.sigma());
			hi = Math.max(hi, c.spread()[v] / c.sigma());
			if (c.noisyMean()[v] != 0)
				worst = Math.max(worst, Math.abs(c.denoisedMean()[v] - c.noisyMean()[v]) / Math.abs(c.noisyMean()[v]));
		}
		String head = String.format(Locale.ROOT, "output check (σ = %.4g, %s): residual spread %.2f–%.2f σ, volume means within %.1f %%",
				c.sigma(), c.sigmaSource(), lo, hi, 100 * worst);
		if (c.passed()) return head + (c.warnings().isEmpty() ? "" : "; " + String.join("; ", c.warnings()));
		int shown = Math.min(3, c.problems().size());
		return head + "; FAILED: " + String.join("; ", c.problems().subList(0, shown))
				+ (c.problems().size() > shown ? "; and " + (c.problems().size() - shown) + " more" : "");
	}
}
