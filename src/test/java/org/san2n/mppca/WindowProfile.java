package org.san2n.mppca;

import java.nio.file.Path;
import java.util.Locale;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.DwiScanLoader;
import org.san2n.progress.Progress;

/**
 * Where one MP-PCA window's time goes, on a real scan's windows (bench/mppca-profile.sh): reading and centring the
 * window, the Gram matrix, the Householder reduction, the QL sweep, the Marchenko–Pastur rule with the signal
 * eigenvectors, and the low-rank reconstruction, in µs per window on one thread (the JIT warmed on the same windows
 * first). Usage: {@code WindowProfile DWI BVALS BVECS [WINDOWS]}.
 */
public final class WindowProfile {

	public static void main(String[] args) throws Exception {
		DwiScan scan = DwiScanLoader.load(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Progress.NONE);
		int windows = args.length > 3 ? Integer.parseInt(args[3]) : 4000;
		MpPcaOptions options = MpPcaOptions.DEFAULTS;
		int nx = scan.width(), ny = scan.height(), nz = scan.depth(), nv = scan.volumes();
		int k = options.windowFor(nv), kx = Math.min(k, nx), ky = Math.min(k, ny), kz = Math.min(k, nz);
		MpPca.Window w = new MpPca.Window(nv, kx, ky, kz, options.estimator());
		// The windows: positions through the central half of the scan, each as its own slab.
		float[][] slabs = new float[windows][];
		int[][] at = new int[windows][];
		for (int i = 0; i < windows; i++) {
			int x = nx / 4 + (int) ((i * 7919L) % Math.max(1, nx / 2)), y = ny / 4 + (int) ((i * 104729L) % Math.max(1, ny / 2));
			int z = nz / 4 + (int) ((i * 1299709L) % Math.max(1, nz / 2));
			slabs[i] = new float[nv * kx * ky * kz];
			int[] corner = MpPca.windowSlab(scan, x, y, z, k, kx, ky, kz, slabs[i]);
			at[i] = new int[] { x - corner[0], y - corner[1], z - corner[2] };
		}
		String[] phases = { "read and centre", "Gram matrix", "Householder reduction", "eigenvalues (rational QL)", "MP rule, signal vectors",
				"reconstruction" };
		long[] total = new long[phases.length];
		long ranks = 0;
		for (int round = 0; round < 3; round++) { // two rounds warm the JIT, the third is timed
			java.util.Arrays.fill(total, 0);
			ranks = 0;
			for (int i = 0; i < windows; i++) {
				long t0 = System.nanoTime();
				w.load(slabs[i], kx, ky, at[i][0], at[i][1], at[i][2]);
				long t1 = System.nanoTime();
				w.gram();
				long t2 = System.nanoTime();
				w.eigen.reduce();
				long t3 = System.nanoTime();
				w.eigen.valuesOfReduced();
				long t4 = System.nanoTime();
				w.split(Double.NaN);
				long t5 = System.nanoTime();
				w.reconstruct();
				long t6 = System.nanoTime();
				long[] t = { t0, t1, t2, t3, t4, t5, t6 };
				for (int p = 0; p < phases.length; p++)
					total[p] += t[p + 1] - t[p];
				ranks += w.signal;
			}
		}
		long sum = java.util.Arrays.stream(total).sum();
		System.out.printf(Locale.ROOT, "MP-PCA window profile: %d windows of %d×%d×%d voxels × %d volumes (mean rank %.1f), one thread%n",
				windows, kx, ky, kz, nv, ranks / (double) windows);
		for (int p = 0; p < phases.length; p++)
			System.out.printf(Locale.ROOT, "  %-28s %8.1f µs  %5.1f %%%n", phases[p], total[p] / 1e3 / windows, 100.0 * total[p] / sum);
		System.out.printf(Locale.ROOT, "  %-28s %8.1f µs%n", "one window", sum / 1e3 / windows);
	}
}
