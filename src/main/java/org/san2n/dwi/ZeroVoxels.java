package org.san2n.dwi;

import org.san2n.progress.Progress;

/**
 * The voxels that are exactly 0 in every volume of a scan: outside the scanner's field of view, or masked by
 * the scanner or by a previous tool. No signal was measured there, so a denoiser has nothing to change: they
 * are written as 0 (MP-PCA's windows and the bias removal would otherwise lift them, e.g. a Philips
 * background of 0 to up to 168).
 *
 * @param at the voxels' indices (x fastest), ascending
 */
public record ZeroVoxels(int[] at) {

	/** The voxels of {@code scan} that are 0 in every volume (NaN is not 0). */
	public static ZeroVoxels of(DwiScan scan) {
		int size = Math.toIntExact(scan.volumeSize());
		boolean[] measured = new boolean[size];
		for (int v = 0; v < scan.volumes(); v++) {
			float[] volume = scan.volumeArray(v);
			for (int i = 0; i < size; i++)
				measured[i] |= volume[i] != 0;
		}
		int count = 0;
		for (boolean m : measured)
			if (!m) count++;
		int[] at = new int[count];
		for (int i = 0, k = 0; i < size; i++)
			if (!measured[i]) at[k++] = i;
		return new ZeroVoxels(at);
	}

	public int count() {
		return at.length;
	}

	/** Writes 0 at these voxels in every volume of {@code out}; says how many voxels it put back, if any had changed. */
	public void restore(DwiScan out, Progress progress) {
		if (at.length == 0) return;
		int size = Math.toIntExact(out.volumeSize());
		long changed = 0;
		for (int v = 0; v < out.volumes(); v++) {
			float[] o = out.volumeArray(v);
			for (int i : at) {
				if (o[i] != 0) changed++;
				o[i] = 0;
			}
			out.voxels().set((long) v * size, o, 0, size);
		}
		if (changed > 0)
			progress.log(String.format(java.util.Locale.ROOT,
					"%,d voxels are 0 in every volume of the input (outside the field of view, or masked): written as 0", at.length));
	}

	/** {@code mask} without these voxels (the same mask when there are none). */
	public org.san2n.mask.BrainMask outOf(org.san2n.mask.BrainMask mask) {
		if (at.length == 0) return mask;
		byte[] inside = mask.inside().clone();
		for (int i : at)
			inside[i] = 0;
		return org.san2n.mask.BrainMask.of(inside, mask.image().dimensionsAsLongArray());
	}
}
