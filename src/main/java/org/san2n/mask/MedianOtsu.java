package org.san2n.mask;

import java.util.stream.IntStream;

import org.san2n.dwi.DwiScan;
import org.san2n.progress.Progress;
import org.san2n.qspace.QSpacePairing;
import org.san2n.qspace.Shell;

/**
 * Brain extraction as DIPY's median_otsu: the mean of the b0 volumes, smoothed by a cubic median filter
 * of radius r applied several times (SciPy's "reflect" border), thresholded with Otsu's method over a
 * 256-bin histogram.
 */
public final class MedianOtsu {

	public static final int DEFAULT_RADIUS = 4;
	public static final int DEFAULT_PASSES = 4;

	private MedianOtsu() {}

	/** Largest median radius: a window of 21³ already spans a whole adult brain at 2 mm. */
	public static final int MAX_RADIUS = 10;
	public static final int MAX_PASSES = 20;

	/** Refuses filter settings that cannot run (negative) or would run for hours. */
	public static void checkFilter(int radius, int passes) {
		if (radius < 0 || radius > MAX_RADIUS)
			throw new IllegalArgumentException("median filter radius must be 0–" + MAX_RADIUS + " voxels, got " + radius);
		if (passes < 0 || passes > MAX_PASSES)
			throw new IllegalArgumentException("median filter passes must be 0–" + MAX_PASSES + ", got " + passes);
	}

	/**
	 * The mask of a scan from the mean of its b0 volumes. A scan without b0s (some protocols store them in
	 * another file) gets the mean of its lowest shell, the volumes nearest a b0 in contrast, and is told so on
	 * {@code progress}: a "mean b0" made silently of diffusion-weighted volumes would mislead whoever checks it.
	 */
	public static BrainMask compute(DwiScan scan, QSpacePairing pairing, int radius, int passes, Progress progress) {
		int[] volumes = pairing.b0Volumes();
		if (volumes.length == 0 && !pairing.shells().isEmpty()) {
			Shell lowest = pairing.shells().stream().min(java.util.Comparator.comparingDouble(Shell::bvalue)).orElseThrow();
			volumes = lowest.volumes();
			progress.log(String.format(java.util.Locale.ROOT, "no b0 volume in the scan: the brain mask is made from the mean of its "
					+ "lowest shell (b = %.0f, %d volume%s) instead of the mean b0", lowest.bvalue(), volumes.length,
					volumes.length == 1 ? "" : "s"));
		}
		return compute(scan, volumes, radius, passes, progress);
	}

	/** The mask of a scan from the mean of {@code b0Volumes} (all volumes if none are given). */
	public static BrainMask compute(DwiScan scan, int[] b0Volumes, int radius, int passes, Progress progress) {
		checkFilter(radius, passes);
		int n = (int) scan.volumeSize();
		int[] vols = b0Volumes.length > 0 ? b0Volumes : IntStream.range(0, scan.volumes()).toArray();
		float[] mean = new float[n];
		for (int v : vols) {
			progress.checkCancelled();
			float[] data = scan.volumeArray(v);
			for (int i = 0; i < n; i++)
				if (Float.isFinite(data[i])) mean[i] += data[i]; // a NaN background counts as 0
		}
		for (int i = 0; i < n; i++)
			mean[i] /= vols.length;
		return threshold(mean, scan.spatialShape(), radius, passes, progress);
	}

	public static BrainMask threshold(float[] volume, long[] shape, int radius, int passes, Progress progress) {
		int nx = (int) shape[0], ny = (int) shape[1], nz = (int) shape[2];
		float[] a = volume.clone(), b = new float[a.length];
		for (int p = 0; p < passes; p++) {
			progress.checkCancelled();
			medianFilter(a, b, nx, ny, nz, radius, progress);
			float[] t = a;
			a = b;
			b = t;
			progress.update("brain mask: median filter", p + 1, passes);
		}
		double thr = otsu(a, 256);
		byte[] inside = new byte[a.length];
		for (int i = 0; i < a.length; i++)
			inside[i] = (byte) (a[i] > thr ? 1 : 0);
		return BrainMask.of(inside, shape);
	}

	static void medianFilter(float[] src, float[] dst, int nx, int ny, int nz, int r) {
		medianFilter(src, dst, nx, ny, nz, r, Progress.NONE);
	}

	/**
	 * One pass of the median filter; a cancel is honoured between slices (a pass over a large scan takes seconds:
	 * checked only between passes, Ctrl-C in {@code san2n mask} took 9.8 s to take effect). The same values as taking
	 * each window's median (the (w³/2)-th smallest, 0-based) by selection, computed by sliding the window along x over
	 * a histogram of the values' ranks (Huang, Yang &amp; Tang 1979; Perreault &amp; Hébert 2007): the values are replaced
	 * by their rank in sorted order, a step adds and removes one w × w column of ranks, and the median rank is found in a
	 * two-level histogram (bins of 1024 ranks, then ranks). Selection per voxel, used before, took 4 of the clinical
	 * phantom's 45 s.
	 */
	static void medianFilter(float[] src, float[] dst, int nx, int ny, int nz, int r, Progress progress) {
		int w = 2 * r + 1, n = src.length, half = w * w * w / 2;
		int[][] ix = reflected(nx, r), iy = reflected(ny, r), iz = reflected(nz, r);
		// Ranks: position in ascending order (ties in index order), and the value of each rank.
		long[] keyed = new long[n];
		for (int i = 0; i < n; i++) {
			int bits = Float.floatToIntBits(src[i] == 0 ? 0f : src[i]); // -0 sorts with 0
			bits ^= (bits >> 31) & 0x7fffffff; // order-preserving for negative values
			keyed[i] = ((long) bits << 32) | i;
		}
		java.util.Arrays.sort(keyed);
		int[] rank = new int[n];
		float[] valueOf = new float[n];
		for (int k = 0; k < n; k++) {
			int i = (int) keyed[k];
			rank[i] = k;
			valueOf[k] = src[i];
		}
		int coarse = (n >> 10) + 1, workers = Math.max(1, Math.min(nz, Runtime.getRuntime().availableProcessors()));
		// One histogram per worker over a run of slices (a row leaves it empty again), not one per slice: zeroing a
		// histogram of every voxel's rank for each slice would cost more than the slice's medians on a large scan.
		IntStream.range(0, workers).parallel().forEach(worker -> {
			int[] fine = new int[n], bins = new int[coarse];
			for (int z = worker * nz / workers; z < (worker + 1) * nz / workers && !progress.isCancelled(); z++)
				filterSlice(z, rank, valueOf, fine, bins, dst, ix, iy, iz, nx, ny, r, half);
		});
		progress.checkCancelled();
	}

	/** The medians of slice z into dst, sliding along each row over {@code fine} and {@code bins} (empty on entry and exit). */
	private static void filterSlice(int z, int[] rank, float[] valueOf, int[] fine, int[] bins, float[] dst, int[][] ix, int[][] iy,
			int[][] iz, int nx, int ny, int r, int half) {
		for (int y = 0; y < ny; y++) {
			// The window at x = 0, then one column out and one in per step.
			for (int xx : ix[0])
				column(rank, fine, bins, xx, iy[y], iz[z], nx, ny, 1);
			for (int x = 0; x < nx; x++) {
				dst[(z * ny + y) * nx + x] = valueOf[kth(fine, bins, half)];
				if (x + 1 < nx) {
					column(rank, fine, bins, reflect(x - r, nx), iy[y], iz[z], nx, ny, -1);
					column(rank, fine, bins, reflect(x + 1 + r, nx), iy[y], iz[z], nx, ny, 1);
				}
			}
			for (int xx : ix[nx - 1])
				column(rank, fine, bins, xx, iy[y], iz[z], nx, ny, -1);
		}
	}

	/** Adds ({@code sign} 1) or removes (−1) the ranks of column x over the window's rows and slices. */
	private static void column(int[] rank, int[] fine, int[] bins, int x, int[] ys, int[] zs, int nx, int ny, int sign) {
		for (int zz : zs)
			for (int yy : ys) {
				int k = rank[(zz * ny + yy) * nx + x];
				fine[k] += sign;
				bins[k >> 10] += sign;
			}
	}

	/** The rank with {@code k} ranks below it in the histogram (0-based k-th smallest). */
	private static int kth(int[] fine, int[] bins, int k) {
		int b = 0, seen = 0;
		while (seen + bins[b] <= k)
			seen += bins[b++];
		int i = b << 10;
		while (seen + fine[i] <= k)
			seen += fine[i++];
		return i;
	}

	/** SciPy's "reflect" of index j into 0 … n − 1 (d c b a | a b c d | d c b a). */
	private static int reflect(int j, int n) {
		while (j < 0 || j >= n)
			j = j < 0 ? -j - 1 : 2 * n - j - 1;
		return j;
	}

	/** For each position, the indices of its window under SciPy's "reflect" (d c b a | a b c d | d c b a). */
	private static int[][] reflected(int n, int r) {
		int[][] idx = new int[n][2 * r + 1];
		for (int i = 0; i < n; i++)
			for (int k = -r; k <= r; k++)
				idx[i][k + r] = reflect(i + k, n);
		return idx;
	}


	/** Otsu's threshold exactly as DIPY (and scikit-image before it) computes it. */
	static double otsu(float[] values, int bins) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float v : values) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		if (max <= min) return min;
		double[] hist = new double[bins];
		double width = (max - min) / bins;
		for (float v : values) {
			int bin = (int) ((v - min) / width);
			hist[Math.min(bins - 1, bin)]++;
		}
		double[] edges = new double[bins + 1];
		for (int i = 0; i <= bins; i++)
			edges[i] = min + i * width;
		// As DIPY: class means use the upper bin edges, and the threshold is a lower edge.
		double[] w1 = new double[bins], m1 = new double[bins], w2 = new double[bins], m2 = new double[bins];
		double cw = 0, cm = 0;
		for (int i = 0; i < bins; i++) {
			cw += hist[i];
			cm += hist[i] * edges[i + 1];
			w1[i] = cw;
			m1[i] = cm / cw;
		}
		cw = 0;
		cm = 0;
		for (int i = bins - 1; i >= 0; i--) {
			cw += hist[i];
			cm += hist[i] * edges[i + 1];
			w2[i] = cw;
			m2[i] = cm / cw;
		}
		int best = 0;
		double bestVar = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < bins - 1; i++) {
			double d = m1[i] - m2[i + 1];
			double var = w1[i] * w2[i + 1] * d * d;
			if (var > bestVar) {
				bestVar = var;
				best = i;
			}
		}
		return edges[best];
	}
}
