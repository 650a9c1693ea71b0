package org.san2n.mppca;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.san2n.budget.ReferenceCpu;
import org.san2n.dwi.DwiScan;
import org.san2n.dwi.Voxels;
import org.san2n.mask.BrainMask;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;

/**
 * MP-PCA denoising (Veraart et al., NeuroImage 2016), written from the papers: for every voxel (every
 * {@code stride}-th), the volumes × window-voxels matrix X of a cubic window around it, each volume
 * centred on its window mean, is decomposed; the components that the Marchenko–Pastur law explains as
 * noise are dropped, and the low-rank window is averaged into every voxel it covers (weight 1/(1 + rank)).
 * The noise variance found on the way is the window's σ² — a noise map that needs no background and
 * follows parallel-imaging noise that varies across the brain.
 *
 * <p>
 * Windows keep their full size at the scan's border by shifting inwards. Non-finite input voxels count as
 * 0. Work is split over the processor's cores by blocks of rows; the scan is read one window-deep slab of
 * slices at a time and reconstructions collect in a ring of as many slices, so memory is the slab, the
 * ring, the output and the σ map.
 */
public final class MpPca {

	/**
	 * The denoised scan, and two maps of its voxel grid (x fastest, width × height × depth floats): per voxel the
	 * noise level σ of the window centred on it (the scan's units: the values as read, scale factor applied) and
	 * that window's rank, the number of signal components it kept. Both are the window <em>centred on</em> the
	 * voxel's, not a mean over the windows that cover it (with a stride: of the nearest centre at or before it);
	 * 0 where no window was computed (voxels whose windows all miss the region). With a prior σ ({@link #denoise(DwiScan,
	 * BrainMask, boolean, MpPcaOptions, float[], Progress)}) σ is the prior where it was used.
	 */
	public record Result(DwiScan scan, float[] sigma, float[] rank) {

		/** The median of the σ map over the mask's voxels where it was computed; NaN when there are none. */
		public double medianSigma(BrainMask mask) {
			return medianInside(sigma, mask);
		}
	}

	/**
	 * The median of a map (width × height × depth, x fastest) over the mask's voxels where it is > 0 (NaN is
	 * left out); NaN when there are none.
	 */
	public static double medianInside(float[] map, BrainMask mask) {
		byte[] inside = mask.inside();
		if (inside.length != map.length) throw new IllegalArgumentException("a map of " + map.length + " voxels and a mask of " + inside.length);
		float[] found = new float[map.length];
		int n = 0;
		for (int i = 0; i < map.length; i++)
			if (inside[i] != 0 && map[i] > 0) found[n++] = map[i];
		if (n == 0) return Double.NaN;
		java.util.Arrays.sort(found, 0, n);
		return n % 2 == 1 ? found[n / 2] : (found[n / 2 - 1] + (double) found[n / 2]) / 2;
	}

	private MpPca() {}

	/**
	 * @param region the voxels to denoise, or null for every voxel; elsewhere the input is kept
	 *               ({@code zeroOutside}: written as 0)
	 */
	public static Result denoise(DwiScan scan, BrainMask region, boolean zeroOutside, MpPcaOptions options, Progress progress)
			throws IOException {
		return denoise(scan, region, zeroOutside, options, null, progress);
	}

	/**
	 * MP-PCA with a known noise level: where {@code prior} gives the voxel a σ (finite, > 0), the window centred
	 * on it keeps the components whose eigenvalue exceeds the Marchenko–Pastur upper edge for that σ
	 * ({@link MarchenkoPastur#signalComponentsAbove}) instead of fitting σ from the eigenvalues; elsewhere the
	 * fit runs as usual.
	 *
	 * @param prior σ per voxel in the scan's units (width × height × depth, x fastest), or null for none
	 * @throws IllegalArgumentException when {@code prior} does not have one value per voxel of a volume
	 */
	public static Result denoise(DwiScan scan, BrainMask region, boolean zeroOutside, MpPcaOptions options, float[] prior,
			Progress progress) throws IOException {
		if (prior != null && prior.length != scan.volumeSize())
			throw new IllegalArgumentException("the prior σ map has " + prior.length + " voxels, the scan's volumes " + scan.volumeSize());
		int nx = scan.width(), ny = scan.height(), nz = scan.depth(), nv = scan.volumes();
		long planeL = (long) nx * ny;
		if (planeL * nz > Integer.MAX_VALUE) throw new IllegalArgumentException("a volume of " + planeL * nz + " voxels is too large");
		int plane = (int) planeL;
		int k = options.windowFor(nv);
		int kx = Math.min(k, nx), ky = Math.min(k, ny), kz = Math.min(k, nz);
		byte[] inside = region == null ? null : region.inside();
		Voxels dst = Voxels.allocate(scan.voxels().shape(), Path.of(System.getProperty("java.io.tmpdir")));
		float[] sigma = new float[plane * nz], rank = new float[plane * nz];
		float[] slab = new float[nv * kz * plane];
		// Overlapping windows: each slice collects the reconstructions of every window that covers it,
		// in a ring of kz slices, and is written once no later window reaches it.
		float[] sum = new float[nv * kz * plane];
		float[] weight = new float[kz * plane];
		float[] out = new float[nv * plane];
		// Rows are processed in blocks of one parity at a time, in parallel without locks: a block's windows write
		// rows at most k − 1 beyond it (k − 1 where the border shifts a window inwards), so blocks of 2k − 2 rows one
		// block apart never write the same voxel. The smallest such blocks: the more blocks, the more evenly the
		// threads share a parity's work (blocks of 2k left one of 2 threads idle a sixth of the time on 96 rows).
		int blockRows = blockRows(ky), blocks = (ny + blockRows - 1) / blockRows;
		int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), (blocks + 1) / 2));
		int step = options.stride();
		if (step > k) throw new IllegalArgumentException("the MP-PCA stride " + step + " is larger than the window (" + k
				+ " voxels): some voxels would be in no window");
		// An automatic stride is chosen by the reference CPU's model, not by a clock: the same scan gets the same
		// stride, and the same output, on a busy machine.
		if (step == 0) step = strideFor(nx, ny, nz, nv, options);
		// The time this machine will take is measured (a few windows timed on this scan) and said before the work starts.
		double perWindow = secondsPerWindow(scan, k, kx, ky, kz, options.estimator(), centres(nx, 1) * centres(ny, 1) * centres(nz, 1) / threads,
				threads, progress);
		progress.record("mppca_window", k);
		progress.record("mppca_stride", step);
		progress.record("mppca_stride_choice", options.stride() == 0
				? "automatic: the finest whose windows fit " + duration(options.budgetSeconds()) + " on the reference CPU" : "given");
		long windows = centres(nx, step) * centres(ny, step) * centres(nz, step);
		// Windows that miss the region are skipped: the time said is that of the windows that will run.
		long computed = inside == null ? windows : windowsTouching(inside, nx, ny, nz, k, kx, ky, kz, step);
		double expected = estimate(nx, ny, nz, step, perWindow, threads) * computed / Math.max(1, windows);
		progress.log(String.format(java.util.Locale.ROOT, "MP-PCA: %,d windows of %d×%d×%d voxels × %d volumes (stride %d%s%s): about %s here on %d thread%s",
				computed, kx, ky, kz, nv, step, computed < windows ? String.format(java.util.Locale.ROOT, "; %,d more miss the region", windows - computed) : "",
				options.stride() == 0 ? String.format(java.util.Locale.ROOT, ", automatic: the finest whose windows fit %s on the reference CPU",
						duration(options.budgetSeconds())) : "",
				duration(expected), threads, threads == 1 ? "" : "s")
				+ (step > 1 && options.stride() == 0 ? "; stride 1 would take about " + duration(estimate(nx, ny, nz, 1, perWindow, threads)
						* (inside == null ? 1 : windowsTouching(inside, nx, ny, nz, k, kx, ky, kz, 1) / (double) centres(nx, 1) / centres(ny, 1) / centres(nz, 1))) : ""));
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
			Thread t = new Thread(r, "mppca");
			t.setDaemon(true);
			return t;
		});
		java.util.concurrent.BlockingQueue<Window> free = new java.util.concurrent.ArrayBlockingQueue<>(threads);
		for (int t = 0; t < threads; t++)
			free.add(new Window(nv, kx, ky, kz, options.estimator()));
		try {
			int loadedFrom = -1, written = 0;
			progress.update("MP-PCA", 0, nz);
			final int stride = step;
			for (int z = 0; z < nz; z = next(z, step, nz)) {
				progress.checkCancelled();
				int z0 = Math.max(0, Math.min(z - k / 2, nz - kz));
				// Slices before z0 are complete: no window from here on reaches them.
				for (; written < z0; written++)
					flush(scan, dst, sum, weight, out, written, kz, nv, nz, plane, inside, zeroOutside);
				if (z0 != loadedFrom) {
					for (int v = 0; v < nv; v++)
						for (int dz = 0; dz < kz; dz++)
							scan.copy(((long) v * nz + z0 + dz) * plane, slab, (v * kz + dz) * plane, plane);
					clean(slab);
					loadedFrom = z0;
				}
				int zz = z, zs = z0;
				for (int parity = 0; parity < 2; parity++) {
					List<Future<?>> tasks = new ArrayList<>();
					for (int b = parity; b < blocks; b += 2) {
						int from = b * blockRows, to = Math.min(ny, from + blockRows);
						tasks.add(pool.submit(() -> {
							Window w = free.take();
							try {
								for (int y = first(from, stride, ny); y < to; y = next(y, stride, ny)) {
									if (progress.isCancelled()) return null;
									for (int x = 0; x < nx; x = next(x, stride, nx)) {
										int voxel = zz * plane + y * nx + x;
										if (inside != null && !w.touches(inside, nx, ny, nz, x, y, zz)) continue;
										w.decompose(slab, nx, ny, x, y, zz - zs, prior == null ? Double.NaN : prior[voxel]);
										w.accumulate(sum, weight, nx, plane, zs, kz);
										// The σ and rank maps: this window's for its centre's cell of the stride grid.
										float sg = (float) Math.sqrt(w.sigma2), rk = w.signal;
										for (int cz = zz; cz < Math.min(nz, zz + stride); cz++)
											for (int cy = y; cy < Math.min(ny, y + stride); cy++) {
												int row = cz * plane + cy * nx;
												java.util.Arrays.fill(sigma, row + x, row + Math.min(nx, x + stride), sg);
												java.util.Arrays.fill(rank, row + x, row + Math.min(nx, x + stride), rk);
											}
									}
								}
							} finally {
								free.add(w);
							}
							return null;
						}));
					}
					for (Future<?> f : tasks)
						f.get();
				}
				progress.checkCancelled();
				double elapsed = (System.nanoTime() - started) / 1e9, fraction = (z + 1.0) / nz;
				progress.status("about " + duration(elapsed * (1 - fraction) / fraction) + " left");
				progress.update("MP-PCA", z + 1, nz);
			}
			for (; written < nz; written++)
				flush(scan, dst, sum, weight, out, written, kz, nv, nz, plane, inside, zeroOutside);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancelledException();
		} catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException r) throw r;
			throw new IllegalStateException(e.getCause());
		} finally {
			pool.shutdownNow();
		}
		progress.status("");
		progress.log(String.format(java.util.Locale.ROOT, "MP-PCA: %,d windows in %s (said before: %s)", computed,
				duration((System.nanoTime() - started) / 1e9), duration(expected)));
		return new Result(scan.withVoxels(dst), sigma, rank);
	}

	/**
	 * How many windows of the stride grid hold a voxel of the region (those {@link #denoise} computes): the region
	 * dilated by the window along each axis in turn (a window clamped at the border as {@link Window#touches} clamps
	 * it), counted at the window centres. O(voxels × window edge).
	 */
	static long windowsTouching(byte[] inside, int nx, int ny, int nz, int k, int kx, int ky, int kz, int step) {
		int plane = nx * ny;
		byte[] a = inside.clone(), b = new byte[inside.length];
		int[] sizes = { nx, ny, nz }, edges = { kx, ky, kz }, strides = { 1, nx, plane };
		for (int axis = 0; axis < 3; axis++) {
			int n = sizes[axis], edge = edges[axis], stride = strides[axis];
			for (int i = 0; i < a.length; i++) {
				int c = i / stride % n, from = Math.max(0, Math.min(c - k / 2, n - edge));
				byte any = 0;
				for (int d = 0, at = i + (from - c) * stride; d < edge && any == 0; d++, at += stride)
					any = a[at];
				b[i] = any;
			}
			byte[] t = a;
			a = b;
			b = t;
		}
		long count = 0;
		for (int z = 0; z < nz; z = next(z, step, nz))
			for (int y = 0; y < ny; y = next(y, step, ny))
				for (int x = 0; x < nx; x = next(x, step, nx))
					if (a[z * plane + y * nx + x] != 0) count++;
		return count;
	}

	/** Rows of a block of window centres (see {@link #denoise}): 2k − 2, at least 1. */
	static int blockRows(int ky) {
		return Math.max(1, 2 * ky - 2);
	}

	/** Window centres along an axis of n voxels with the given stride (every stride-th, and the last). */
	static long centres(int n, int stride) {
		long c = 0;
		for (int i = 0; i < n; i = next(i, stride, n))
			c++;
		return c;
	}

	/**
	 * Seconds MP-PCA's windows take on a scan of this shape on the reference CPU ({@link ReferenceCpu}, its
	 * {@link ReferenceCpu#THREADS} threads), at the stride {@link #denoise} will use (the automatic one when
	 * {@code options} say 0): the estimate the automatic stride is chosen by, from the scan's shape alone (its
	 * header; no voxel is read). Reading, the mask, the output check and writing are not in it.
	 *
	 * @param nx,ny,nz the volume's size in voxels; {@code nv} its volumes
	 * @return seconds (≥ 0)
	 * @throws IllegalArgumentException a size below 1, or a given stride larger than the window
	 */
	public static double referenceSeconds(int nx, int ny, int nz, int nv, MpPcaOptions options) {
		if (nx < 1 || ny < 1 || nz < 1 || nv < 1)
			throw new IllegalArgumentException("a scan of " + nx + "×" + ny + "×" + nz + "×" + nv + " voxels has nothing to denoise");
		int k = options.windowFor(nv), kx = Math.min(k, nx), ky = Math.min(k, ny), kz = Math.min(k, nz);
		return estimate(nx, ny, nz, strideFor(nx, ny, nz, nv, options), ReferenceCpu.mppcaWindowSeconds(kx * ky * kz, nv), referenceThreads(ny, ky));
	}

	/** The threads the reference CPU runs a scan's windows on: its own, at most one per two row blocks ({@link #denoise}'s parities). */
	private static int referenceThreads(int ny, int ky) {
		int blocks = (ny + blockRows(ky) - 1) / blockRows(ky);
		return Math.max(1, Math.min(ReferenceCpu.THREADS, (blocks + 1) / 2));
	}

	/**
	 * The stride MP-PCA's windows take on a scan of this shape as {@code options} ask: theirs, or where they say 0 the
	 * automatic one ({@link #automaticStride}), as {@link #denoise} chooses it. A function of the shape alone.
	 *
	 * @throws IllegalArgumentException a given stride larger than the window
	 */
	public static int strideFor(int nx, int ny, int nz, int nv, MpPcaOptions options) {
		int k = options.windowFor(nv), kx = Math.min(k, nx), ky = Math.min(k, ny), kz = Math.min(k, nz);
		if (options.stride() > k) throw new IllegalArgumentException("the MP-PCA stride " + options.stride() + " is larger than the window (" + k + " voxels)");
		return options.stride() > 0 ? options.stride() : automaticStride(nx, ny, nz, kx * ky * kz, nv, k, referenceThreads(ny, ky), options.budgetSeconds());
	}

	/**
	 * The automatic stride: the finest (1 to {@link MpPcaOptions#MAX_STRIDE}, at most the window) whose windows
	 * take at most {@code budgetSeconds} on the reference CPU ({@link ReferenceCpu}); the coarsest when none does.
	 * A function of the scan's shape alone.
	 */
	static int automaticStride(int nx, int ny, int nz, int windowVoxels, int volumes, int window, int threads, double budgetSeconds) {
		int coarsest = Math.min(MpPcaOptions.MAX_STRIDE, window);
		double perWindow = ReferenceCpu.mppcaWindowSeconds(windowVoxels, volumes);
		for (int s = 1; s < coarsest; s++)
			if (estimate(nx, ny, nz, s, perWindow, threads) <= budgetSeconds) return s;
		return coarsest;
	}

	/**
	 * Seconds the windows of a stride take: windows × one window's time ÷ threads (the probe times decomposition,
	 * reconstruction and adding it up, on windows in the brain, where ranks and so times are highest).
	 */
	static double estimate(int nx, int ny, int nz, int stride, double perWindow, int threads) {
		return centres(nx, stride) * centres(ny, stride) * centres(nz, stride) * perWindow / threads;
	}

	static String duration(double seconds) {
		long s = Math.round(seconds);
		return s >= 3600 ? String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
				: String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
	}

	/**
	 * One window's time on one thread (decomposition, reconstruction, adding it up) while {@code threads} threads work,
	 * as the real run will: measured on windows of this scan spread through its middle, by {@code threads} threads at
	 * once for at least 0.5 s (the JIT's warm-up) and at most 2 s, less than 2 s once stride 1 ({@code windowsPerThread}
	 * windows a thread) clearly takes under 30 s. Each thread's first half of batches of 8 windows is dropped (the JIT
	 * still compiling); of the rest, the median of the fastest three quarters: on a busy machine the probe's threads
	 * share the cores with the same load as the run's, so the estimate follows the load.
	 */
	static double secondsPerWindow(DwiScan scan, int k, int kx, int ky, int kz, MarchenkoPastur.Estimator estimator, long windowsPerThread,
			int threads, Progress progress) {
		List<Double> batches = java.util.Collections.synchronizedList(new ArrayList<>());
		long began = System.nanoTime();
		java.util.stream.IntStream.range(0, Math.max(1, threads)).parallel()
				.forEach(t -> probe(scan, k, kx, ky, kz, estimator, windowsPerThread, t, began, batches, progress));
		List<Double> sorted = new ArrayList<>(batches);
		if (sorted.isEmpty()) return 0;
		java.util.Collections.sort(sorted);
		// Without the slowest quarter (warm-up, mostly), the median of the rest.
		List<Double> kept = sorted.subList(0, Math.max(1, sorted.size() - sorted.size() / 4));
		return kept.get(kept.size() / 2);
	}

	/** One probing thread: batches of 8 windows, each batch's time per window added to {@code batches}. */
	private static void probe(DwiScan scan, int k, int kx, int ky, int kz, MarchenkoPastur.Estimator estimator, long windowsPerThread,
			int thread, long began, List<Double> batches, Progress progress) {
		List<Double> mine = new ArrayList<>();
		int nx = scan.width(), ny = scan.height(), nz = scan.depth(), nv = scan.volumes();
		Window w = new Window(nv, kx, ky, kz, estimator);
		float[] slab = new float[(int) (nv * kz * (long) ky * kx)], sum = new float[slab.length], weight = new float[kz * ky * kx];
		double best = Double.POSITIVE_INFINITY;
		long batchTime = 0;
		int inBatch = 0;
		for (int i = thread * 50_000; i < thread * 50_000 + 100_000; i++) {
			progress.checkCancelled();
			// Positions through the central half of the scan, a little apart from each other.
			int x = nx / 4 + (int) ((i * 7919L) % Math.max(1, nx / 2)), y = ny / 4 + (int) ((i * 104729L) % Math.max(1, ny / 2));
			int z = nz / 4 + (int) ((i * 1299709L) % Math.max(1, nz / 2));
			int[] at = windowSlab(scan, x, y, z, k, kx, ky, kz, slab);
			// Only the window's own work is timed (the slab read here is done once per slice in the real run), adding
			// its reconstruction up included: on small windows (3³ × 17) that is half the time.
			long t = System.nanoTime();
			w.decompose(slab, kx, ky, x - at[0], y - at[1], z - at[2], Double.NaN);
			w.accumulate(sum, weight, kx, kx * ky, 0, kz);
			batchTime += System.nanoTime() - t;
			if (++inBatch == 8) {
				double perWindow = batchTime / 1e9 / inBatch;
				mine.add(perWindow);
				best = Math.min(best, perWindow);
				batchTime = 0;
				inBatch = 0;
				// Enough once it is clear the whole run is short (no stride to choose), or after 2 s; never before 0.5 s,
				// which the JIT needs to compile the window's loops (the first batches of small windows ran 2× slower).
				long spent = System.nanoTime() - began;
				if (spent > 500_000_000L && best * windowsPerThread < 30 && mine.size() >= 16 || spent > 2_000_000_000L) break;
			}
		}
		if (inBatch > 0 && mine.isEmpty()) mine.add(batchTime / 1e9 / inBatch);
		// The second half of this thread's batches: the first ran while the JIT was still compiling.
		batches.addAll(mine.subList(mine.size() / 2, mine.size()));
	}

	/** Copies the window around (x, y, z) into {@code slab} (kx × ky × kz per volume); returns its corner. */
	static int[] windowSlab(DwiScan scan, int x, int y, int z, int k, int kx, int ky, int kz, float[] slab) {
		int nx = scan.width(), ny = scan.height(), nz = scan.depth(), nv = scan.volumes();
		long plane = (long) nx * ny;
		int x0 = Math.max(0, Math.min(x - k / 2, nx - kx)), y0 = Math.max(0, Math.min(y - k / 2, ny - ky));
		int z0 = Math.max(0, Math.min(z - k / 2, nz - kz));
		for (int v = 0; v < nv; v++)
			for (int dz = 0; dz < kz; dz++)
				for (int dy = 0; dy < ky; dy++)
					scan.copy(((long) v * nz + z0 + dz) * plane + (long) (y0 + dy) * nx + x0, slab, ((v * kz + dz) * ky + dy) * kx, kx);
		clean(slab);
		return new int[] { x0, y0, z0 };
	}

	/** NaN and ±∞ read as 0 (one would spread through a window's whole decomposition), once per slab read. */
	private static void clean(float[] slab) {
		for (int i = 0; i < slab.length; i++)
			if (!Float.isFinite(slab[i])) slab[i] = 0;
	}

	/** The next window centre after {@code c}: every {@code step}-th voxel, and always the last one. */
	static int next(int c, int step, int n) {
		return c == n - 1 ? n : Math.min(c + step, n - 1);
	}

	/** The first window centre at or after {@code from} on the grid 0, step, 2·step, …, n − 1. */
	static int first(int from, int step, int n) {
		int c = (from + step - 1) / step * step;
		return Math.min(c, n - 1) < from ? n : Math.min(c, n - 1);
	}

	/**
	 * Writes slice z: the weighted mean of the reconstructions where the voxel was denoised, the input
	 * (or 0) elsewhere; then clears its ring slot for the slice kz further on.
	 */
	private static void flush(DwiScan scan, Voxels dst, float[] sum, float[] weight, float[] out, int z, int kz, int nv, int nz,
			int plane, byte[] inside, boolean zeroOutside) {
		int slot = z % kz;
		for (int v = 0; v < nv; v++)
			scan.copy(((long) v * nz + z) * plane, out, v * plane, plane);
		for (int i = 0; i < plane; i++) {
			boolean denoised = inside == null || inside[z * plane + i] != 0;
			float w = weight[slot * plane + i];
			for (int v = 0; v < nv; v++) {
				int o = v * plane + i;
				if (denoised && w > 0) out[o] = Math.max(0f, sum[(v * kz + slot) * plane + i] / w);
				else if (zeroOutside) out[o] = 0f;
			}
		}
		for (int v = 0; v < nv; v++) {
			dst.set(((long) v * nz + z) * plane, out, v * plane, plane);
			java.util.Arrays.fill(sum, (v * kz + slot) * plane, (v * kz + slot + 1) * plane, 0f);
		}
		java.util.Arrays.fill(weight, slot * plane, (slot + 1) * plane, 0f);
	}

	/**
	 * The noise level of the scan: the median of MP-PCA's σ over up to {@code maxVoxels} mask voxels spread
	 * evenly through the mask (seconds, where denoising every voxel takes minutes). Non-finite voxels count as 0.
	 *
	 * @return σ in the scan's units, or NaN when the mask is empty
	 */
	public static double noiseLevel(DwiScan scan, BrainMask mask, MpPcaOptions options, int maxVoxels, Progress progress) {
		int nx = scan.width(), ny = scan.height(), nz = scan.depth(), nv = scan.volumes();
		int k = options.windowFor(nv), kx = Math.min(k, nx), ky = Math.min(k, ny), kz = Math.min(k, nz);
		byte[] inside = mask.inside();
		long count = mask.count();
		if (count == 0) return Double.NaN;
		long every = Math.max(1, (count + maxVoxels - 1) / maxVoxels);
		Window w = new Window(nv, kx, ky, kz, options.estimator());
		long plane = (long) nx * ny;
		float[] slab = new float[(int) (nv * kz * (long) ky * kx)];
		double[] found = new double[(int) Math.min(count, maxVoxels) + 1];
		int got = 0;
		long seen = 0;
		for (int i = 0; i < inside.length; i++) {
			if (inside[i] == 0 || seen++ % every != 0) continue;
			if (got % 64 == 0) {
				progress.checkCancelled();
				progress.update("estimating the noise level", got, found.length);
			}
			int x = (int) (i % nx), y = (int) ((i / nx) % ny), z = (int) (i / plane);
			// The window alone, laid out as a slab of kx × ky × kz for Window.decompose.
			int[] at = windowSlab(scan, x, y, z, k, kx, ky, kz, slab);
			w.decompose(slab, kx, ky, x - at[0], y - at[1], z - at[2], Double.NaN);
			if (got < found.length) found[got++] = Math.sqrt(w.sigma2);
		}
		double[] s = java.util.Arrays.copyOf(found, got);
		java.util.Arrays.sort(s);
		return got == 0 ? Double.NaN : got % 2 == 1 ? s[got / 2] : (s[got / 2 - 1] + s[got / 2]) / 2;
	}

	/**
	 * One thread's workspace: the window matrix, its Gram matrix's eigen-decomposition, the result. Matrices are kept
	 * row by row (one array per row), so that every inner loop indexes two arrays alike: the JIT compiles those loops
	 * to vector instructions, and does not where two offsets into one array might overlap.
	 */
	static final class Window {
		final int nv, kx, ky, kz, n, m;
		final boolean byVolumes; // Gram matrix over volumes (nv ≤ window voxels) or over voxels
		/** The centred window: x volume by volume (x[v][j]), xt voxel by voxel (xt[j][v]; only over volumes). */
		final double[][] x, xt, coefficients, projection;
		/** The signal components' eigenvectors: component c's in components[c] (only c ≥ m − signal are set). */
		final double[][] components;
		final double[] mean, scaled, work;
		final SymmetricEigen eigen;
		final MarchenkoPastur.Estimator estimator;
		final double[] sigma2Out = new double[1];
		double sigma2;
		int signal, x0, y0;

		Window(int nv, int kx, int ky, int kz, MarchenkoPastur.Estimator estimator) {
			this.nv = nv;
			this.kx = kx;
			this.ky = ky;
			this.kz = kz;
			this.n = kx * ky * kz;
			this.byVolumes = nv <= n;
			this.m = Math.min(nv, n);
			this.x = new double[nv][n];
			this.xt = byVolumes ? new double[n][nv] : null;
			this.mean = new double[nv];
			this.coefficients = byVolumes ? new double[m][n] : new double[m][nv];
			this.projection = new double[nv][n];
			this.scaled = new double[m];
			this.components = new double[m][m];
			this.work = new double[m];
			this.eigen = new SymmetricEigen(m);
			this.estimator = estimator;
		}

		/** Whether the window centred on (cx, cy, cz) holds a voxel of the region. */
		boolean touches(byte[] inside, int nx, int ny, int nz, int cx, int cy, int cz) {
			int wx = Math.max(0, Math.min(cx - kx / 2, nx - kx)), wy = Math.max(0, Math.min(cy - ky / 2, ny - ky));
			int wz = Math.max(0, Math.min(cz - kz / 2, nz - kz));
			for (int dz = 0; dz < kz; dz++)
				for (int dy = 0; dy < ky; dy++) {
					int base = ((wz + dz) * ny + wy + dy) * nx + wx;
					for (int dx = 0; dx < kx; dx++)
						if (inside[base + dx] != 0) return true;
				}
			return false;
		}

		/**
		 * The window around voxel (cx, cy) of slab slice sz (a slab of nx × ny slices): reads it, centres
		 * each volume on its mean over the window (as local PCA does: the mean is kept, not thresholded),
		 * and splits signal from noise: by the Marchenko–Pastur fit, or where {@code knownSigma} is finite and > 0 by
		 * the upper edge for that σ.
		 */
		void decompose(float[] slab, int nx, int ny, int cx, int cy, int sz, double knownSigma) {
			load(slab, nx, ny, cx, cy, sz);
			gram();
			// All the eigenvalues, but only the signal components' vectors (see SymmetricEigen.decomposeValues).
			eigen.decomposeValues();
			split(knownSigma);
		}

		/** Reads the window around voxel (cx, cy) of slab slice sz into x (and xt), each volume centred on its mean. */
		void load(float[] slab, int nx, int ny, int cx, int cy, int sz) {
			long plane = (long) nx * ny;
			x0 = Math.max(0, Math.min(cx - kx / 2, nx - kx));
			y0 = Math.max(0, Math.min(cy - ky / 2, ny - ky));
			long slabVolume = (long) kz * plane;
			for (int v = 0; v < nv; v++) {
				double[] row = x[v];
				int j = 0;
				double s = 0;
				for (int dz = 0; dz < kz; dz++)
					for (int dy = 0; dy < ky; dy++) {
						int base = (int) (v * slabVolume + dz * plane + (long) (y0 + dy) * nx + x0);
						for (int dx = 0; dx < kx; dx++) {
							double d = slab[base + dx]; // finite: slabs are cleaned as they are read (clean)
							row[j++] = d;
							s += d;
						}
					}
				double mv = s / n;
				mean[v] = mv;
				for (j = 0; j < n; j++)
					row[j] -= mv;
				if (xt != null)
					for (j = 0; j < n; j++)
						xt[j][v] = row[j];
			}
		}

		/**
		 * The Gram matrix of the centred window into {@code eigen.rows} (m × m, both triangles): X·Xᵀ over volumes as
		 * a sum of the voxels' outer products, or Xᵀ·X over voxels as a sum of the volumes', four at a time, the lower
		 * triangle then mirrored. Each inner loop runs along a row (dot products along the window, used before, are
		 * one sum in one order, which the JIT cannot spread over vector lanes: 4× slower).
		 */
		void gram() {
			double[][] g = eigen.rows, rows = byVolumes ? xt : x;
			for (int a = 0; a < m; a++)
				java.util.Arrays.fill(g[a], 0, a + 1, 0);
			int count = rows.length, j = 0;
			for (; j + 3 < count; j += 4) {
				double[] r0 = rows[j], r1 = rows[j + 1], r2 = rows[j + 2], r3 = rows[j + 3];
				for (int a = 0; a < m; a++) {
					double x0 = r0[a], x1 = r1[a], x2 = r2[a], x3 = r3[a];
					double[] ga = g[a];
					for (int b = 0; b <= a; b++)
						ga[b] += x0 * r0[b] + x1 * r1[b] + x2 * r2[b] + x3 * r3[b];
				}
			}
			for (; j < count; j++) {
				double[] r0 = rows[j];
				for (int a = 0; a < m; a++) {
					double x0 = r0[a];
					double[] ga = g[a];
					for (int b = 0; b <= a; b++)
						ga[b] += x0 * r0[b];
				}
			}
			for (int a = 0; a < m; a++)
				for (int b = 0; b < a; b++)
					g[b][a] = g[a][b];
		}

		/**
		 * After the eigenvalues: the number of signal components and σ² (the Marchenko–Pastur fit, or the edge for
		 * a known σ), and the signal components' eigenvectors.
		 */
		void split(double knownSigma) {
			int big = Math.max(nv, n);
			for (int i = 0; i < m; i++)
				scaled[i] = eigen.values[i] / big;
			if (knownSigma > 0 && Double.isFinite(knownSigma)) {
				sigma2 = knownSigma * knownSigma;
				signal = MarchenkoPastur.signalComponentsAbove(scaled, m, big, sigma2);
			} else {
				signal = MarchenkoPastur.signalComponents(scaled, m, big, estimator, sigma2Out);
				sigma2 = sigma2Out[0];
			}
			for (int c = m - signal; c < m; c++)
				eigen.vector(c, components[c], work);
		}

		/** The low-rank window, mean added back, into projection[v][j]. */
		void reconstruct() {
			int first = m - signal;
			if (byVolumes) { // X̂ = U_s (U_sᵀ X)
				for (int c = first; c < m; c++) {
					double[] coef = coefficients[c], u = components[c];
					java.util.Arrays.fill(coef, 0);
					for (int v = 0; v < nv; v++) {
						double uv = u[v];
						double[] row = x[v];
						for (int j = 0; j < n; j++)
							coef[j] += uv * row[j];
					}
				}
			} else { // X̂ = (X V_s) V_sᵀ
				for (int c = first; c < m; c++)
					for (int v = 0; v < nv; v++) {
						double s = 0;
						double[] row = x[v], u = components[c];
						for (int j = 0; j < n; j++)
							s += row[j] * u[j];
						coefficients[c][v] = s;
					}
			}
			// Either way X̂[v] = mean[v] + Σ_c weight[c][v]·basis[c], the basis along the window's voxels.
			double[][] weights = byVolumes ? components : coefficients, basis = byVolumes ? coefficients : components;
			for (int v = 0; v < nv; v++) {
				double[] out = projection[v];
				java.util.Arrays.fill(out, mean[v]);
				for (int c = first; c < m; c++) {
					double a = weights[c][v];
					double[] b = basis[c];
					for (int j = 0; j < n; j++)
						out[j] += a * b[j];
				}
			}
		}

		/**
		 * Adds the window's reconstruction to every voxel it covers, weighted 1/(1 + signal components)
		 * (windows that needed fewer components are the more certain; Manjón et al. 2013).
		 */
		void accumulate(float[] sum, float[] weight, int nx, int plane, int slabStart, int ringSlices) {
			reconstruct();
			float w = 1f / (1 + signal);
			for (int dz = 0; dz < kz; dz++) {
				int slot = (slabStart + dz) % ringSlices;
				for (int dy = 0; dy < ky; dy++) {
					int at = slot * plane + (y0 + dy) * nx + x0, j = (dz * ky + dy) * kx;
					for (int dx = 0; dx < kx; dx++)
						weight[at + dx] += w;
					for (int v = 0; v < nv; v++) {
						int base = (v * ringSlices + slot) * plane + (y0 + dy) * nx + x0;
						double[] row = projection[v];
						for (int dx = 0; dx < kx; dx++)
							sum[base + dx] += (float) (w * row[j + dx]);
					}
				}
			}
		}
	}
}
