package org.san2n.denoise;

import java.util.Locale;

import org.san2n.mppca.MpPcaOptions;

/**
 * The least scan the methods mean anything on, refused before any work: below it a "denoised" scan would be a
 * spatial blur or worse than the input, written with exit 0.
 *
 * <p>
 * <b>Volumes.</b> MP-PCA tells signal from noise by comparing the spread of a window matrix's smallest
 * eigenvalues with the Marchenko–Pastur law: it needs at least one signal component and two noise eigenvalues
 * to compare, so 3 volumes. With 2, the single eigenvalue left as noise passes any test, and with 1 the whole
 * window is taken for noise and the result is its spatial mean. Measured on phantoms (32×32×12, b0 and
 * directions at b = 1000, seeds 1–3, {@code simulate} then {@code denoise}): with 2 volumes MP-PCA's σ came
 * out 25–34 % high at SNR 15 and 78–145 % high at SNR 30, where the output was 2.4–4.9 dB <em>worse</em>
 * than the input; with 3 volumes σ was 3–11 % high and the output 2.3–4.2 dB better; with 4, within 5 %.
 * SAN2N needs the same: both of its objectives are checked against MP-PCA's noise level, and {@code san2n}
 * refines MP-PCA's result.
 *
 * <p>
 * <b>Voxels.</b> Every method measures the noise with MP-PCA's automatic window (edge 3 up to 27 volumes, 5
 * up to 125, 7 up to 343), which shrinks to a scan thinner than it. A flat window still works (a single
 * 32×32 slice of 33 volumes: +8.2 dB with 5×5×1 windows), so a scan must hold the window's edge along at
 * least two axes: a 1×1×1 or 3×3×3 scan of 63 volumes has no window to fit.
 */
public final class MinimumScan {

	/** The fewest volumes of every method (see the class comment for why, and what was measured). */
	public static final int VOLUMES = 3;

	private MinimumScan() {}

	/**
	 * Refuses a scan with too few volumes, or too few voxels for MP-PCA's window, naming it.
	 *
	 * @param shape x, y, z and volumes
	 * @param scan  how to name the scan in a message: its file, or "the scan"
	 */
	public static void require(long[] shape, String scan) {
		long volumes = shape.length > 3 ? shape[3] : 1;
		if (volumes < VOLUMES)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %d volume%s; the least is %d for every method: "
					+ "%s (its Marchenko–Pastur fit needs a signal component and two noise eigenvalues to tell them apart), "
					+ "%s and %s (they are checked against MP-PCA's noise level): denoise it together with the other volumes "
					+ "of its acquisition", scan, volumes, volumes == 1 ? "" : "s", VOLUMES, Method.MPPCA.key(), Method.SAN2N.key(),
					Method.SAN2N_PAPER.key()));
		int k = MpPcaOptions.DEFAULTS.windowFor((int) Math.min(Integer.MAX_VALUE, volumes));
		int fitting = 0;
		for (int d = 0; d < 3; d++)
			if (d < shape.length && shape[d] >= k) fitting++;
		if (fitting < 2)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is %d×%d×%d voxels: too small; the least is %d×%d "
					+ "voxels along two of its axes (e.g. %d×%d×1 for a single slice): MP-PCA's window for %d volumes is %d×%d×%d, "
					+ "and every method measures the noise with it", scan, shape[0], shape.length > 1 ? shape[1] : 1,
					shape.length > 2 ? shape[2] : 1, k, k, k, k, volumes, k, k, k));
	}
}
