package org.san2n.mppca;

import java.util.Locale;
import java.util.SplittableRandom;

import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.progress.Progress;

import net.imglib2.img.array.ArrayImgs;

/**
 * One MP-PCA window's time on this machine, two threads at once as on the reference CPU, over a grid of window
 * sizes (3³–9³ voxels) and volume counts (17–288), on a synthetic scan of each (a rank-6 signal and Gaussian noise):
 * the data {@link org.san2n.budget.ReferenceCpu#mppcaWindowSeconds} is fitted to. Prints "voxels volumes seconds"
 * lines. Usage: {@code WindowTimes} (bench/mppca-profile.sh --fit).
 */
public final class WindowTimes {

	public static void main(String[] args) {
		int size = 24;
		for (int volumes : new int[] { 17, 33, 65, 129, 288 }) {
			SplittableRandom r = new SplittableRandom(volumes);
			double[][] profile = new double[6][volumes];
			for (double[] p : profile)
				for (int v = 0; v < volumes; v++)
					p[v] = r.nextGaussian();
			float[] voxels = new float[size * size * size * volumes];
			for (int i = 0; i < size * size * size; i++) {
				double[] map = new double[6];
				for (int c = 0; c < 6; c++)
					map[c] = (c == 0 ? 1000 : 200 / (c + 1.0)) * (1 + 0.3 * Math.sin(i * 0.01 * (c + 1)));
				for (int v = 0; v < volumes; v++) {
					double s = 0;
					for (int c = 0; c < 6; c++)
						s += map[c] * profile[c][v] * (c == 0 ? 0 : 1) + (c == 0 ? map[0] : 0);
					voxels[v * size * size * size + i] = (float) (s + 30 * r.nextGaussian());
				}
			}
			DwiScan scan = new DwiScan(ArrayImgs.floats(voxels, size, size, size, volumes), TestModels.table(volumes, 1),
					org.san2n.space.ScanGeometry.of(new double[][] { { 2, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 2, 0 }, { 0, 0, 0, 1 } }, 1));
			for (int k : new int[] { 3, 5, 7, 9 }) {
				double seconds = MpPca.secondsPerWindow(scan, k, k, k, k, MarchenkoPastur.Estimator.EXP2, Long.MAX_VALUE / 4, 2, Progress.NONE);
				System.out.printf(Locale.ROOT, "%d %d %.4g%n", k * k * k, volumes, seconds);
			}
		}
	}
}
