package org.san2n.budget;

/**
 * What the automatic choices (MP-PCA's stride, SAN2N's training length) are sized by: the time a piece of
 * work takes on a reference CPU, from a model of its size, not from a clock. A clock makes the same scan
 * come out differently on a busy machine (a stride of 2 instead of 1, 600 training steps instead of 2000);
 * the model makes the choice a function of the scan and the settings alone, so the output is the same bit
 * for bit wherever it runs, and the budget ({@code --max-minutes}) is what the work would take on the
 * reference machine: an estimate, not a limit. What this machine will take is measured and printed
 * separately.
 *
 * <p>
 * The reference is the CI machine of this project: 2 cores of an x86-64 server CPU (the one CI runs on),
 * Java 17, PyTorch 2.7.1 on the CPU through DJL. The constants were fitted on it with the
 * commands named at each of them.
 */
public final class ReferenceCpu {

	private ReferenceCpu() {}

	/** Threads the reference has (and that MP-PCA and PyTorch use on it). */
	public static final int THREADS = 2;

	/**
	 * Seconds one MP-PCA window of {@code voxels} voxels × {@code volumes} volumes takes on one reference
	 * thread while the other works too (reading, Gram matrix, eigenvalues, the signal vectors, reconstruction):
	 * a·v·n·m + b·m³ + c·m² + d·v·n + e with v voxels, n volumes, m = min(v, n). Fitted by least squares on the
	 * relative error to windows timed with {@code MpPca.secondsPerWindow}, two threads at once, on synthetic scans
	 * of 17–288 volumes and windows of 3³–9³ voxels ({@code bash bench/mppca-profile.sh --fit}): within ±7 % of the
	 * measured times where the window has at least as many voxels as the scan has volumes (every default window).
	 * A window set smaller than that is taken at v = n, which errs long (up to 4×: the model is for budgets). The fit
	 * predates the probe's timing of adding each reconstruction up: it errs short by that (≈ 3 % on a 5³ × 65 window,
	 * more on the smallest ones, where windows outside the field of view, now skipped, make up for it).
	 */
	public static double mppcaWindowSeconds(int voxels, int volumes) {
		double n = volumes, v = Math.max(voxels, volumes), m = n;
		return 2.41e-11 * v * n * m + 8.48e-11 * m * m * m + 1.35e-8 * m * m + 3.81e-9 * v * n + 2.9e-6;
	}

	/**
	 * Seconds one SAN2N training step takes on the reference CPU: a fixed cost (the batch's patches read and
	 * uploaded, Adam) and one in proportion to the forward pass's multiply-adds, batch · patch³ ·
	 * (27·(in·width + width²) + width·out) for SNet's two 3×3×3 and one 1×1×1 convolutions (with a q-space projection
	 * to K channels, in·K + 27·K·width in place of 27·in·width; {@code projection} 0: none) (the backward pass
	 * and the objective's extra passes are in the constant). Fitted on recorrupted training (in = 2N) with the
	 * batch 16 (the default then; recorrupted training's automatic batch is now 8, for which the model errs longer:
	 * 0.25 s a step against 0.09 s measured on the 65-volume phantom) and patch 16³ on the real scans of sample-data/realdata and two phantoms (first 20 steps,
	 * {@code san2n train --max-minutes 1}): N = 17 0.18 s, 21 0.20 s, 32 0.14 s, 65 0.62 s a step; the model gives
	 * 0.18, 0.20, 0.27, 0.62 (it errs long, so a budget is not overrun). The projection's term was not fitted: with one
	 * (32 channels) the model gives 0.19 s a step of 8 on the 65-volume phantom, where 0.08–0.09 s was measured.
	 */
	public static double san2nStepSeconds(int batch, int patch, int inChannels, int projection, int width, int outChannels) {
		double voxels = (double) batch * patch * patch * patch;
		// With a q-space projection to K channels: in·K for it, and the first 3³ convolution sees K channels.
		double first = projection > 0 ? (double) inChannels * projection + 27.0 * projection * width : 27.0 * inChannels * width;
		double multiplyAdds = voxels * (first + 27.0 * width * width + (double) width * outChannels);
		return 0.15 + 2.07e-11 * multiplyAdds;
	}
}
