package org.san2n.metrics;

/** A separable moving average with SciPy's "reflect" border, as scipy.ndimage.uniform_filter. */
public final class BoxFilter {

	private BoxFilter() {}

	/** Replaces f (x fastest) by its mean over a w³ window centred on each voxel (w odd). */
	public static void mean3d(double[] f, int nx, int ny, int nz, int w) {
		line(f, nx, 1, ny * nz, (i) -> i * nx, w);
		line(f, ny, nx, nx * nz, (i) -> (i / nx) * nx * ny + i % nx, w);
		line(f, nz, nx * ny, nx * ny, (i) -> i, w);
	}

	private interface Start {
		int of(int line);
	}

	private static void line(double[] f, int len, int step, int lines, Start start, int w) {
		int r = w / 2;
		double[] buf = new double[len + 2 * r];
		for (int l = 0; l < lines; l++) {
			int s = start.of(l);
			for (int k = -r; k < len + r; k++) {
				int j = k;
				while (j < 0 || j >= len)
					j = j < 0 ? -j - 1 : 2 * len - j - 1;
				buf[k + r] = f[s + j * step];
			}
			double acc = 0;
			for (int k = 0; k < w; k++)
				acc += buf[k];
			for (int i = 0; i < len; i++) {
				f[s + i * step] = acc / w;
				if (i + 1 < len) acc += buf[i + w] - buf[i];
			}
		}
	}
}
