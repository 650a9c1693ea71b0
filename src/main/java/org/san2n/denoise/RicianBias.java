package org.san2n.denoise;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.progress.Progress;

/**
 * Removes the Rician bias from a denoised magnitude scan. A network trained with Noise2Noise targets
 * learns the mean of the noisy magnitude, E[M] = σ·μ(A/σ) with μ(a) = √(π/2)·e^{−a²/4}·[(1 + a²/2)·I0(a²/4)
 * + (a²/2)·I1(a²/4)], which lies above the true signal A where the signal is low (strongly weighted
 * volumes, low SNR). Inverting μ gives A back.
 *
 * <p>
 * σ comes from the scan itself, pooled over volumes (one receiver chain): the residual between noisy
 * and denoised values has variance Var(M) = σ²·(2 + a² − μ(a)²), a = Â/σ, so σ is the fixed point of
 * σ² = mean (M − m)² / mean (2 + a² − μ(a)²) over the mask. It needs no background (often cropped or
 * zeroed by scanners). On an SNR 8 phantom (true σ 125) it gave 122.6 after SAN2N; the second-moment
 * identity E[M²] = A² + 2σ² gave 116.8 (its sampling noise does not cancel) and DIPY's estimate_sigma ~90.
 */
public final class RicianBias {

	private static final double STEP = 0.005, LAST = 40;
	/** μ(a) at a = 0, STEP, 2·STEP, …, LAST: increasing from √(π/2). */
	private static final double[] MEAN = table();
	/** Values (voxels × volumes) the σ fixed point looks at, voxels spread evenly over the mask. */
	private static final int SAMPLE = 4_000_000;

	/**
	 * The error of the network's output, relative to σ, that {@link #estimate} assumes. Chosen on the SNR 8
	 * phantom of bench/versus-peers.sh (posterior means for 0.1, 0.2, 0.3, 0.5 σ: PSNR 33.18, 33.15, 32.81,
	 * 31.72 dB; FA error 0.075, 0.067, 0.061, 0.053, against 27.28 dB and 0.055 uncorrected): the smallest
	 * that does not make the FA of a tensor fit worse than without correction.
	 */
	static final double UNCERTAINTY = 0.5;
	private static final double POSTERIOR_STEP = 0.01, POSTERIOR_LAST = 60;
	/** E[A/σ | m/σ = r] at r = 0, POSTERIOR_STEP, …, POSTERIOR_LAST. */
	private static final double[] POSTERIOR = posterior();

	private RicianBias() {}

	private static double[] posterior() {
		double[] out = new double[(int) Math.round(POSTERIOR_LAST / POSTERIOR_STEP) + 1];
		double reach = 8 * UNCERTAINTY, da = STEP;
		for (int k = 0; k < out.length; k++) {
			double r = k * POSTERIOR_STEP, weights = 0, moment = 0;
			// μ(a) ≥ a and μ(a) ≤ a + √(π/2), so only a in [r − √(π/2) − reach, r + reach] is within reach of r.
			double lo = Math.max(0, r - Math.sqrt(Math.PI / 2) - reach), hi = r + reach;
			for (double a = lo; a <= hi; a += da) {
				double m = a <= LAST ? interpolatedMean(a) : Math.sqrt(a * a + 1);
				double z = (r - m) / UNCERTAINTY, w = Math.exp(-0.5 * z * z);
				weights += w;
				moment += w * a;
			}
			out[k] = weights > 0 ? moment / weights : Math.max(0, r);
		}
		return out;
	}

	/** μ(a) = E[M]/σ for a signal a·σ. */
	public static double meanMagnitude(double a) {
		double x = a * a / 4;
		return Math.sqrt(Math.PI / 2) * ((1 + 2 * x) * scaledBessel(0, x) + 2 * x * scaledBessel(1, x));
	}

	/** The signal A whose Rician mean is {@code mean} at noise σ (0 below the Rayleigh mean √(π/2)·σ). */
	public static double signal(double mean, double sigma) {
		double r = mean / sigma;
		if (!(r > MEAN[0])) return 0;
		if (r >= MEAN[MEAN.length - 1]) return Math.sqrt(r * r - 1) * sigma; // E[M]² → A² + σ² for large A
		int lo = 0, hi = MEAN.length - 1;
		while (hi - lo > 1) {
			int mid = (lo + hi) >>> 1;
			if (MEAN[mid] <= r) lo = mid;
			else hi = mid;
		}
		double t = (r - MEAN[lo]) / (MEAN[hi] - MEAN[lo]);
		return (lo + t) * STEP * sigma;
	}

	/**
	 * The noise σ, pooled over volumes, from the residual between the noisy and the denoised scan inside
	 * the mask (see the class comment).
	 */
	public static double sigma(DwiScan noisy, DwiScan denoised, BrainMask mask) {
		int n = noisy.volumes();
		int[] voxels = sampleOf(mask, Math.max(1, SAMPLE / n));
		float[][] mean = new float[n][];
		double residual = 0;
		for (int v = 0; v < n; v++) {
			float[] noisyVolume = noisy.volumeArray(v), denoisedVolume = denoised.volumeArray(v);
			mean[v] = new float[voxels.length];
			for (int i = 0; i < voxels.length; i++) {
				double d = finite(noisyVolume[voxels[i]]) - denoisedVolume[voxels[i]];
				residual += d * d;
				mean[v][i] = denoisedVolume[voxels[i]];
			}
		}
		residual /= (double) n * voxels.length;
		if (!(residual > 0)) throw new IllegalArgumentException("the denoised scan equals the noisy one: no noise to measure");
		double sigma = Math.sqrt(residual);
		for (int iteration = 0; iteration < 100; iteration++) {
			double ratio = 0;
			for (float[] vm : mean)
				for (float m : vm)
					ratio += varianceRatio(signal(m, sigma) / sigma);
			double next = Math.sqrt(residual / (ratio / ((double) n * voxels.length)));
			if (Math.abs(next - sigma) <= 1e-5 * sigma) return next;
			sigma = next;
		}
		return sigma;
	}

	/** Var(M)/σ² for a signal a·σ: 2 + a² − μ(a)², from 2 − π/2 (no signal) to 1 (strong signal). */
	static double varianceRatio(double a) {
		double m = a <= LAST ? interpolatedMean(a) : Math.sqrt(a * a + 1);
		return Math.max(2 + a * a - m * m, 2 - Math.PI / 2);
	}

	private static double interpolatedMean(double a) {
		double x = a / STEP;
		int i = Math.min((int) x, MEAN.length - 2);
		return MEAN[i] + (x - i) * (MEAN[i + 1] - MEAN[i]);
	}

	/**
	 * Estimates σ and removes the bias: inside the mask when voxels outside it were kept or zeroed,
	 * everywhere when they were denoised too.
	 *
	 * @return σ
	 */
	public static double remove(DwiScan noisy, DwiScan denoised, BrainMask mask, OutsideMask outside, Progress progress) {
		progress.update("estimating σ for the Rician bias", 0, 1);
		double sigma = sigma(noisy, denoised, mask);
		correct(denoised, outside == OutsideMask.DENOISE ? null : mask, sigma, progress);
		return sigma;
	}

	/**
	 * The signal for a denoised value: the posterior mean of A given the value, taken as the Rician mean
	 * E[M] of A measured with a Gaussian error of {@link #UNCERTAINTY}·σ, under a flat prior on A ≥ 0.
	 * Far above the noise floor this is the plain inversion {@link #signal}; near it, where μ is flat and the
	 * inversion would turn small errors into large ones (and into zeros, which wreck tensor fits), it
	 * shrinks towards the value itself.
	 */
	public static double estimate(double mean, double sigma) {
		double r = mean / sigma;
		if (!(r > 0)) return 0;
		if (r >= POSTERIOR_LAST) return Math.sqrt(r * r - 1) * sigma;
		double x = r / POSTERIOR_STEP;
		int i = Math.min((int) x, POSTERIOR.length - 2);
		return (POSTERIOR[i] + (x - i) * (POSTERIOR[i + 1] - POSTERIOR[i])) * sigma;
	}

	/** Replaces every denoised value (inside the mask, or everywhere when it is null) with its signal at σ. */
	public static void correct(DwiScan denoised, BrainMask mask, double sigma, Progress progress) {
		int n = denoised.volumes();
		long size = denoised.volumeSize();
		for (int v = 0; v < n; v++) {
			progress.checkCancelled();
			float[] vol = denoised.volumeArray(v);
			for (int i = 0; i < vol.length; i++)
				if (mask == null || mask.contains(i)) vol[i] = (float) estimate(vol[i], sigma);
			denoised.voxels().set(v * size, vol, 0, vol.length);
			progress.update("removing the Rician bias", v + 1, n);
		}
	}

	private static int[] sampleOf(BrainMask mask, int most) {
		byte[] inside = mask.inside();
		long count = mask.count();
		if (count == 0) throw new IllegalArgumentException("the mask is empty: no voxels to estimate σ from");
		long every = Math.max(1, (count + most - 1) / most);
		int[] out = new int[(int) Math.min(count, (count + every - 1) / every)];
		long seen = 0;
		int k = 0;
		for (int i = 0; i < inside.length && k < out.length; i++)
			if (inside[i] != 0 && seen++ % every == 0) out[k++] = i;
		return k == out.length ? out : java.util.Arrays.copyOf(out, k);
	}

	private static double finite(float f) {
		return Float.isFinite(f) ? f : 0;
	}

	private static double[] table() {
		double[] t = new double[(int) Math.round(LAST / STEP) + 1];
		for (int i = 0; i < t.length; i++)
			t[i] = meanMagnitude(i * STEP);
		return t;
	}

	/** e^{−x}·I_ν(x) for ν = 0, 1: power series up to x = 20, then the asymptotic expansion. */
	static double scaledBessel(int nu, double x) {
		if (x <= 20) {
			double term = nu == 0 ? 1 : x / 2, sum = term, q = x * x / 4;
			for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
				term *= q / (k * (double) (k + nu));
				sum += term;
			}
			return sum * Math.exp(-x);
		}
		double mu = 4.0 * nu * nu, term = 1, sum = 1;
		for (int k = 1; k <= 12; k++) {
			term *= -(mu - (2 * k - 1) * (2 * k - 1)) / (k * 8 * x);
			sum += term;
		}
		return sum / Math.sqrt(2 * Math.PI * x);
	}
}
