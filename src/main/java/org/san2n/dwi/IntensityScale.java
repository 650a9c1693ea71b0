package org.san2n.dwi;

import org.san2n.mask.BrainMask;

/**
 * The intensity the network's units are measured in: the mean of the b0 volumes inside the mask (all
 * volumes when there is no b0). Dividing by it puts a scan's signal near 1 whatever the scanner's units.
 */
public final class IntensityScale {

	public static final String RULE = "mean of the b0 volumes inside the brain mask (all volumes if none)";

	private IntensityScale() {}

	/** @param b0Volumes indices of the b0 volumes; empty to use all volumes */
	public static double of(DwiScan scan, BrainMask mask, int[] b0Volumes) {
		int[] volumes = b0Volumes.length > 0 ? b0Volumes : java.util.stream.IntStream.range(0, scan.volumes()).toArray();
		byte[] inside = mask.inside();
		int size = (int) scan.volumeSize();
		double sum = 0;
		long count = 0;
		for (int v : volumes) {
			float[] voxels = scan.volumeArray(v);
			for (int i = 0; i < size; i++)
				if (inside[i] != 0 && Float.isFinite(voxels[i])) {
					sum += voxels[i];
					count++;
				}
		}
		double mean = count == 0 ? 0 : sum / count;
		if (!(mean > 0))
			throw new IllegalArgumentException("the scan's mean " + (b0Volumes.length > 0 ? "b0 " : "")
					+ "signal inside the mask is " + mean + "; expected positive magnitude data");
		return mean;
	}
}
