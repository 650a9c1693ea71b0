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
 * σ is the Gaussian noise level of the complex data, per voxel ({@link MagnitudeSigma}): the σ map the method
 * measured (MP-PCA's windows) on the magnitudes, raised by the magnitude's variance Var(M) = σ²·(2L + a² − μ_L(a)²),
 * a = A/σ, which is below σ² where the signal is near the floor. (It used to be pooled over the scan from the
 * residual noisy − denoised; that residual holds only the noise the denoiser removed, so σ came out 16–54 % low
 * on the real scans, and one σ could not follow coils whose σ varies across the head.)
 *
 * <p>
 * With L receiver coils combined by root-sum-of-squares the magnitude is non-central χ with 2L degrees of
 * freedom (Constantinides, Atalar, McVeigh, MRM 1997; Aja-Fernández &amp; Vegas-Sánchez-Ferrero, "Statistical
 * Analysis of Noise in MRI", 2016, ch. 3): E[M] = σ·μ_L(A/σ) with μ_L(a) = √(π/2)·(L − ½)!/(½!·(L − 1)!)·
 * ₁F₁(−½; L; −a²/2) and E[M²] = A² + 2Lσ², so the floor at no signal is √2·Γ(L + ½)/Γ(L)·σ (2.74 σ for
 * L = 4 against 1.25 σ for one coil). {@link #forCoils} gives the same removal for L coils; the static
 * methods are the one-coil (Rician) case.
 */
public final class RicianBias {

	private static final double STEP = 0.005, LAST = 40;

	/**
	 * The error of the denoised value, relative to σ, that {@link #estimate} assumes (the width of the Gaussian
	 * likelihood of the posterior). The denoisers' outputs are closer to E[M] than that: on the tuning phantoms
	 * (bench/families.sh, seeds 1 and 2) the defaults' output lies 0.11–0.40 σ RMS from E[M] where the signal
	 * is below 3 σ (median 0.27). Chosen on those five tuning phantoms, with the bias step's σ map
	 * ({@link MagnitudeSigma}); PSNR / FA error for 0.15, 0.2, 0.25, 0.3, 0.5:
	 * blocks three30 SNR 5 31.78/0.0520, 31.47/0.0547, 31.01/0.0602, 30.49/0.0675, 28.40/0.1017;
	 * crossing multi64 SNR 5, four coils 31.56/0.0829, 31.43/0.0825, 31.10/0.0850, 30.68/0.0891, 28.81/0.1099;
	 * anatomy b = 2500 SNR 20, four coils 41.86/0.0616, 41.94/0.0596, 41.95/0.0585, 41.89/0.0584, 41.39/0.0658;
	 * anatomy three30 SNR 10 41.22/0.0543, 41.18/0.0536, 41.10/0.0531, 40.99/0.0530, 40.45/0.0549;
	 * crossing two30 SNR 10 39.19/0.0600, 39.20/0.0593, 39.22/0.0588, –, 39.19/0.0572 (the one it costs).
	 * Larger values shrink too much towards the value (the floor stays in); smaller ones invert the flat
	 * part of μ and amplify the error. (It was 0.5, chosen on an early SAN2N output whose error was larger.)
	 */
	static final double UNCERTAINTY = 0.2;
	private static final double POSTERIOR_STEP = 0.01, POSTERIOR_LAST = 60;
	/** Coils a scan may have been combined from (an array of 64 elements is the largest in use). */
	public static final int MAX_COILS = 128;

	/** One coil: the Rician case, what the static methods use. */
	private static final RicianBias ONE = new RicianBias(1);

	private final int coils;
	/** μ_L(a) at a = 0, STEP, 2·STEP, …, LAST: increasing from the floor μ_L(0). */
	private final double[] mean;
	/** E[A/σ | m/σ = r] at r = 0, POSTERIOR_STEP, …, POSTERIOR_LAST. */
	private final double[] posterior;
	/** Var(M)/σ² at the signal whose mean magnitude is r·σ, at r = 0, STEP, …, LAST. */
	private final double[] ratioByMean;

	private RicianBias(int coils) {
		this.coils = coils;
		this.mean = table(coils);
		this.posterior = posterior();
		this.ratioByMean = new double[mean.length];
		for (int i = 0; i < ratioByMean.length; i++)
			ratioByMean[i] = varianceRatioOf(signalOf(i * STEP, 1));
	}

	/**
	 * The bias removal for magnitude data combined from {@code coils} receiver coils by root-sum-of-squares
	 * (non-central χ with 2·coils degrees of freedom); 0 and 1 both mean one coil (Rician).
	 */
	public static RicianBias forCoils(int coils) {
		if (coils < 0 || coils > MAX_COILS) throw new IllegalArgumentException("coils must be 0–" + MAX_COILS + ", got " + coils);
		return coils <= 1 ? ONE : new RicianBias(coils);
	}

	public int coils() {
		return coils;
	}

	private double[] posterior() {
		double[] out = new double[(int) Math.round(POSTERIOR_LAST / POSTERIOR_STEP) + 1];
		double reach = 8 * UNCERTAINTY, da = STEP, floor = mean[0];
		for (int k = 0; k < out.length; k++) {
			double r = k * POSTERIOR_STEP, weights = 0, moment = 0;
			// μ(a) ≥ a and μ(a) ≤ a + μ(0), so only a in [r − μ(0) − reach, r + reach] is within reach of r.
			double lo = Math.max(0, r - floor - reach), hi = r + reach;
			// Weights relative to the likeliest a (a = 0 below the floor, where μ(a) = r above it): below the floor of many
			// coils r − μ(0) reaches −16 (128 coils), −7.7 σ at 0.2 σ, and exp(−z²/2) would underflow to 0 for every a.
			double nearest = r < floor ? (r - floor) / UNCERTAINTY : 0;
			for (double a = lo; a <= hi; a += da) {
				double m = unitMean(a);
				double z = (r - m) / UNCERTAINTY, w = Math.exp(-0.5 * (z * z - nearest * nearest));
				weights += w;
				moment += w * a;
			}
			out[k] = moment / weights;
		}
		return out;
	}

	/** μ_L(a) far above the floor: E[M]² → A² + (2L − 1)σ² (the error is O(L²/a³)). */
	private double large(double a) {
		return Math.sqrt(a * a + 2 * coils - 1);
	}

	/**
	 * μ_L(a) = E[M]/σ of non-central χ with 2L degrees of freedom: √(π/2)·Γ(L + ½)/(Γ(3/2)·Γ(L))·₁F₁(−½; L; −a²/2),
	 * the confluent hypergeometric function by Kummer's transformation e^{−x}·₁F₁(L + ½; L; x), x = a²/2
	 * (a series of positive terms); beyond a = 12 the asymptote √(a² + 2L − 1). For L = 1 it is
	 * {@link #meanMagnitude}.
	 */
	static double meanMagnitude(double a, int coils) {
		if (coils <= 1) return meanMagnitude(a);
		if (a > 12) return Math.sqrt(a * a + 2 * coils - 1);
		double x = a * a / 2, term = 1, sum = 1;
		for (int k = 1; k < 2000 && term > 1e-17 * sum; k++) {
			term *= (coils + 0.5 + k - 1) / (coils + k - 1) * x / k;
			sum += term;
		}
		double logFactor = logGamma(coils + 0.5) - logGamma(1.5) - logGamma(coils);
		return Math.sqrt(Math.PI / 2) * Math.exp(logFactor - x) * sum;
	}

	/** ln Γ(x) for x ≥ ½ (Lanczos, g = 7, 9 terms: ~1e-15 relative). */
	static double logGamma(double x) {
		double[] c = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
				12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7 };
		x -= 1;
		double a = c[0], t = x + 7.5;
		for (int i = 1; i < 9; i++)
			a += c[i] / (x + i);
		return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
	}

	/** μ(a) = E[M]/σ for a signal a·σ. */
	public static double meanMagnitude(double a) {
		double x = a * a / 4;
		return Math.sqrt(Math.PI / 2) * ((1 + 2 * x) * scaledBessel(0, x) + 2 * x * scaledBessel(1, x));
	}

	/** The signal A whose Rician mean is {@code mean} at noise σ (0 below the Rayleigh mean √(π/2)·σ). */
	public static double signal(double mean, double sigma) {
		return ONE.signalOf(mean, sigma);
	}

	/** The signal A whose mean magnitude is {@code mean} at noise σ (0 below the floor μ_L(0)·σ). */
	public double signalOf(double mean, double sigma) {
		double r = mean / sigma;
		if (!(r > this.mean[0])) return 0;
		if (r >= this.mean[this.mean.length - 1]) return Math.sqrt(Math.max(0, r * r - (2 * coils - 1))) * sigma;
		int lo = 0, hi = this.mean.length - 1;
		while (hi - lo > 1) {
			int mid = (lo + hi) >>> 1;
			if (this.mean[mid] <= r) lo = mid;
			else hi = mid;
		}
		double t = (r - this.mean[lo]) / (this.mean[hi] - this.mean[lo]);
		return (lo + t) * STEP * sigma;
	}

	/** E[M] = σ·μ_L(A/σ): the mean magnitude measured for a signal A at noise σ (the floor μ_L(0)·σ at A = 0). */
	public double meanOf(double signal, double sigma) {
		double a = Math.max(0, signal / sigma);
		return unitMean(a) * sigma;
	}

	/** Var(M)/σ² = 2L + a² − μ_L(a)², at least its value without signal (1 at strong signal). */
	double varianceRatioOf(double a) {
		double m = unitMean(a);
		return Math.max(2 * coils + a * a - m * m, 2 * coils - mean[0] * mean[0]);
	}

	/**
	 * Var(M)/σ² of the magnitude whose mean is r·σ: {@link #varianceRatioOf} at the signal {@link #signalOf} gives for
	 * that mean (its value without signal below the floor μ_L(0), 1 far above it).
	 */
	double varianceRatioAtMean(double r) {
		if (!(r > 0)) return ratioByMean[0];
		double x = r / STEP;
		if (x >= ratioByMean.length - 1) return 1;
		int i = (int) x;
		return ratioByMean[i] + (x - i) * (ratioByMean[i + 1] - ratioByMean[i]);
	}

	/** μ_L(a): the table up to {@link #LAST}, the asymptote beyond. */
	private double unitMean(double a) {
		return a <= LAST ? interpolatedMean(a) : large(a);
	}

	private double interpolatedMean(double a) {
		double x = a / STEP;
		int i = Math.min((int) x, mean.length - 2);
		return mean[i] + (x - i) * (mean[i + 1] - mean[i]);
	}

	private String name() {
		return coils == 1 ? "Rician" : "non-central χ (" + coils + " coils)";
	}

	/**
	 * The signal for a denoised value: the posterior mean of A given the value, taken as the Rician mean
	 * E[M] of A measured with a Gaussian error of {@link #UNCERTAINTY}·σ, under a flat prior on A ≥ 0.
	 * Far above the noise floor this is the plain inversion {@link #signal}; near it, where μ is flat and the
	 * inversion would turn small errors into large ones (and into zeros, which wreck tensor fits), it
	 * shrinks towards the value itself. It is never above a positive value (0 stays 0); a negative one, which a
	 * magnitude cannot be, becomes 0.
	 */
	public static double estimate(double mean, double sigma) {
		return ONE.estimateOf(mean, sigma);
	}

	/** As {@link #estimate}, for this number of coils. */
	public double estimateOf(double mean, double sigma) {
		double r = mean / sigma;
		if (!(r > 0)) return 0;
		if (r >= POSTERIOR_LAST) return Math.sqrt(r * r - (2 * coils - 1)) * sigma;
		double x = r / POSTERIOR_STEP;
		int i = Math.min((int) x, posterior.length - 2);
		// Never above the value: E[M] ≥ A, so removing the bias lowers a value or keeps it. Below the floor μ_L(0)σ
		// (background the scanner scaled or masked) the posterior under a flat prior would lift it.
		return Math.min(mean, (posterior[i] + (x - i) * (posterior[i + 1] - posterior[i])) * sigma);
	}

	/**
	 * Replaces every denoised value (inside the mask, or everywhere when it is null) with its signal at the voxel's σ.
	 *
	 * @param sigma σ per voxel (width × height × depth, x fastest, the scan's units; {@link MagnitudeSigma})
	 * @throws IllegalArgumentException when the map's size is not the scan's grid
	 */
	public void correctOn(DwiScan denoised, BrainMask mask, float[] sigma, Progress progress) {
		int n = denoised.volumes();
		long size = denoised.volumeSize();
		if (sigma.length != size) throw new IllegalArgumentException("a σ map needs " + size + " voxels, got " + sigma.length);
		byte[] inside = mask == null ? null : mask.inside();
		for (int v = 0; v < n; v++) {
			progress.checkCancelled();
			float[] vol = denoised.volumeArray(v);
			for (int i = 0; i < vol.length; i++)
				if (inside == null || inside[i] != 0) vol[i] = (float) estimateOf(vol[i], sigma[i]);
			denoised.voxels().set(v * size, vol, 0, vol.length);
			progress.update("removing the " + name() + " bias", v + 1, n);
		}
	}

	private static double[] table(int coils) {
		double[] t = new double[(int) Math.round(LAST / STEP) + 1];
		for (int i = 0; i < t.length; i++)
			t[i] = meanMagnitude(i * STEP, coils);
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
