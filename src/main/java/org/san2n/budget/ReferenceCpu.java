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
	 * thread (Gram matrix, eigen-decomposition, reconstruction): a·v·n·m + b·m³ + c with m = min(v, n).
	 * Fitted by least squares on the relative error to windows timed with {@code MpPca.secondsPerWindow}
	 * (v = 27–729, n = 17–288): within ±13 % of the measured times except the largest window (729 × 288,
	 * 19 % under).
	 */
	public static double mppcaWindowSeconds(int voxels, int volumes) {
		double v = voxels, n = volumes, m = Math.min(v, n);
		return 5.39e-10 * v * n * m + 7.43e-10 * m * m * m + 7.5e-6;
	}
}
