package org.san2n.dwi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.san2n.progress.Progress;

/**
 * Where a scan's voxels are NaN or infinite. No denoiser may invent values there: a volume that is mostly
 * non-finite is refused (its index named), and the few non-finite voxels of the others are reported and
 * put back into the output as they were (or as 0, when asked), never filled with plausible numbers.
 *
 * <p>"Mostly" is measured against the voxels that are finite in at least half of the volumes, so a scan
 * stored with NaN outside the brain (every volume alike) is not refused for its background.
 *
 * @param perVolume non-finite voxels in each volume
 * @param mostly    volumes that are non-finite in more than {@link #MOSTLY} of the common finite region
 */
public record NonFiniteVoxels(long[] perVolume, int[] mostly) {

	public static final double MOSTLY = 0.5;

	public NonFiniteVoxels {
		perVolume = perVolume.clone();
		mostly = mostly.clone();
	}

	@Override
	public long[] perVolume() {
		return perVolume.clone();
	}

	@Override
	public int[] mostly() {
		return mostly.clone();
	}

	/** Two passes over the scan, one volume at a time. */
	public static NonFiniteVoxels count(DwiScan scan, Progress progress) {
		int n = scan.volumes(), size = Math.toIntExact(scan.volumeSize());
		long[] per = new long[n];
		short[] badIn = null; // per voxel: in how many volumes it is non-finite (only when some are)
		for (int v = 0; v < n; v++) {
			progress.checkCancelled();
			float[] data = scan.volumeArray(v);
			for (int i = 0; i < size; i++)
				if (!Float.isFinite(data[i])) {
					if (badIn == null) badIn = new short[size];
					badIn[i]++;
					per[v]++;
				}
		}
		if (badIn == null) return new NonFiniteVoxels(per, new int[0]);
		int common = 0;
		for (short b : badIn)
			if (2 * b <= n) common++;
		List<Integer> mostly = new ArrayList<>();
		for (int v = 0; v < n; v++) {
			if (per[v] == 0) continue;
			progress.checkCancelled();
			float[] data = scan.volumeArray(v);
			long badInCommon = 0;
			for (int i = 0; i < size; i++)
				if (2 * badIn[i] <= n && !Float.isFinite(data[i])) badInCommon++;
			if (common == 0 || badInCommon > MOSTLY * common) mostly.add(v);
		}
		return new NonFiniteVoxels(per, mostly.stream().mapToInt(Integer::intValue).toArray());
	}

	public boolean none() {
		for (long c : perVolume)
			if (c > 0) return false;
		return true;
	}

	public long total() {
		long t = 0;
		for (long c : perVolume)
			t += c;
		return t;
	}

	/** E.g. "12 non-finite (NaN or ±∞) input voxels in 2 volumes: 3 (10), 7 (2)". */
	public String summary() {
		List<String> parts = new ArrayList<>();
		for (int v = 0; v < perVolume.length; v++)
			if (perVolume[v] > 0) parts.add(v + " (" + perVolume[v] + ")");
		String list = parts.size() <= 12 ? String.join(", ", parts)
				: String.join(", ", parts.subList(0, 12)) + " and " + (parts.size() - 12) + " more";
		return String.format(Locale.ROOT, "%d non-finite (NaN or ±∞) input voxels in %d volume%s: %s", total(), parts.size(),
				parts.size() == 1 ? "" : "s", list);
	}

	/**
	 * Logs what was found and refuses a scan with a volume that is mostly non-finite: nothing could be
	 * said about such a volume but what its neighbours say, which would be an invented volume.
	 */
	public void check(Progress progress) {
		if (none()) return;
		refuseMostlyNonFinite();
		progress.log(summary() + "; they stay as they were in the output");
	}

	/** Refuses, without a word when there is nothing to refuse, a scan with a volume that is mostly non-finite. */
	public void refuseMostlyNonFinite() {
		if (mostly.length > 0) {
			StringBuilder which = new StringBuilder();
			for (int v : mostly)
				which.append(which.length() == 0 ? "" : ", ").append(v);
			throw new IllegalArgumentException("volume" + (mostly.length == 1 ? " " : "s ") + which + " of the scan "
					+ (mostly.length == 1 ? "is" : "are") + " mostly NaN or infinite (counted from 0): a denoiser could only invent "
					+ (mostly.length == 1 ? "it" : "them") + "; remove " + (mostly.length == 1 ? "it" : "them")
					+ " (with its bvals/bvecs entries) and run again");
		}
	}

	/**
	 * Puts the input's non-finite voxels back into {@code out} ({@code asZero}: 0 instead), so that no
	 * value is made up where the scan had none.
	 */
	public void restore(DwiScan input, DwiScan out, boolean asZero) {
		if (none()) return;
		int size = Math.toIntExact(input.volumeSize());
		for (int v = 0; v < perVolume.length; v++) {
			if (perVolume[v] == 0) continue;
			float[] in = input.volumeArray(v), o = out.volumeArray(v);
			for (int i = 0; i < size; i++)
				if (!Float.isFinite(in[i])) o[i] = asZero ? 0 : in[i];
			out.voxels().set((long) v * size, o, 0, size);
		}
	}
}
