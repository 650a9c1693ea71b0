package org.san2n.denoise;

import java.util.Locale;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.metrics.BoxFilter;
import org.san2n.progress.Progress;

/**
 * Puts each voxel's own measurement back into a blind prediction ({@link org.san2n.train.BlindVolume}): the
 * prediction μ of volume v never saw y_v, so y_v = x + n and μ = x + e are two estimates of the signal x with
 * independent errors, of variances σ² (the noise) and τ² (the prediction's). Their best linear combination
 * (a local Wiener filter; Laine et al., NeurIPS 2019, "High-quality self-supervised deep image denoising", §3,
 * with a Gaussian prior) is
 * <pre>  x̂ = μ + τ²/(τ² + σ²) · (y − μ),  τ² = max(0, ⟨(y − μ)²⟩ − σ²)</pre>
 * where ⟨·⟩ is the mean over a cube of {@link #WINDOW}³ voxels of the same volume: E[(y − μ)²] = σ² + τ²
 * because the two errors are independent. Where the prediction is good (τ ≪ σ) the result is μ; where it
 * misses (an edge, a lesion the other volumes do not show) the measurement takes over.
 */
public final class MeasurementFusion {

	/** Edge of the cube over which τ² is measured: 5 voxels (125 residuals, ±13 % on τ² + σ²). */
	static final int WINDOW = 5;

	private MeasurementFusion() {}

	/**
	 * Replaces {@code predicted} by the fusion with {@code noisy}, inside the mask (everywhere when it is null).
	 *
	 * @param sigma the noise level σ in the scan's units (> 0)
	 * @return the mean weight of the measurement, τ²/(τ² + σ²), over the fused voxels and volumes
	 */
	public static double fuse(DwiScan noisy, DwiScan predicted, BrainMask mask, double sigma, Progress progress) {
		if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("σ must be > 0, got " + sigma);
		int n = noisy.volumes(), nx = noisy.width(), ny = noisy.height(), nz = noisy.depth();
		long size = noisy.volumeSize();
		double s2 = sigma * sigma, weights = 0;
		long count = 0;
		for (int v = 0; v < n; v++) {
			progress.checkCancelled();
			float[] y = noisy.volumeArray(v), mu = predicted.volumeArray(v);
			double[] local = new double[y.length];
			for (int i = 0; i < y.length; i++) {
				double r = Float.isFinite(y[i]) ? y[i] - mu[i] : 0;
				local[i] = r * r;
			}
			BoxFilter.mean3d(local, nx, ny, nz, WINDOW);
			for (int i = 0; i < y.length; i++) {
				if ((mask != null && !mask.contains(i)) || !Float.isFinite(y[i])) continue;
				double tau2 = Math.max(0, local[i] - s2), w = tau2 / (tau2 + s2);
				mu[i] = (float) Math.max(0, mu[i] + w * (y[i] - mu[i]));
				weights += w;
				count++;
			}
			predicted.voxels().set(v * size, mu, 0, mu.length);
			progress.update("putting each voxel's measurement back", v + 1, n);
		}
		return count == 0 ? 0 : weights / count;
	}

	/** The log line for a fusion at σ with mean weight {@code w}. */
	static String summary(double sigma, double w) {
		return String.format(Locale.ROOT, "measurement fusion (σ = %.4g): the measurement's mean weight %.3f", sigma, w);
	}
}
