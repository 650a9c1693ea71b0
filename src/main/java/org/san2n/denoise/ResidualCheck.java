package org.san2n.denoise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.model.OutputCheck;
import org.san2n.progress.Progress;

/**
 * Checks a denoised scan against its input before anything is written (see {@link OutputCheck}). Per
 * volume, inside the mask, with σ the scan's noise level:
 * <ul>
 * <li>the mean must not move by more than {@value #MEAN_SHIFT} of the volume's mean and more than
 * {@value #MEAN_SHIFT_SIGMA} σ: denoising removes noise, whose mean over thousands of voxels is ~0 (a
 * collapsed network was seen to move b0 means by +40 % and halve others);</li>
 * <li>the residual's spread must stay below {@value #MAX_SPREAD} σ: the residual is the removed noise
 * (spread ≤ σ) plus the error the denoiser made; beyond that the error alone is larger than the noise,
 * the output is worse than the input.</li>
 * </ul>
 * A residual spread under {@value #MIN_SPREAD} σ is only a warning: the output is nearly the input.
 */
public final class ResidualCheck {

	static final double MEAN_SHIFT = 0.08, MEAN_SHIFT_SIGMA = 0.3, MAX_SPREAD = 1.5, MIN_SPREAD = 0.1;

	private ResidualCheck() {}

	public static OutputCheck of(DwiScan noisy, DwiScan denoised, BrainMask mask, double sigma, String sigmaSource,
			Progress progress) {
		if (!(sigma > 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("cannot check the output against a noise level of " + sigma);
		int n = noisy.volumes();
		byte[] inside = mask.inside();
		double[] noisyMean = new double[n], denoisedMean = new double[n], spread = new double[n];
		List<String> problems = new ArrayList<>(), warnings = new ArrayList<>();
		int tiny = 0;
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
			if (spread[v] < MIN_SPREAD * sigma) tiny++;
		}
		if (tiny > 0)
			warnings.add(tiny + " of " + n + " volumes changed by less than " + MIN_SPREAD + " σ: the output is nearly the input");
		return new OutputCheck(sigma, sigmaSource, noisyMean, denoisedMean, spread, List.copyOf(problems), List.copyOf(warnings));
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
