package org.san2n.phantom;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.space.ScanGeometry;
import org.san2n.qspace.GradientSchemes;
import org.san2n.qspace.GradientTable;

import net.imglib2.img.array.ArrayImgs;

/**
 * A brain-like diffusion phantom with known clean signal: an ellipsoidal brain with a CSF rim,
 * a folded cortical ribbon, ventricles and white matter made of fibre bundles (a callosal arch,
 * two descending tracts, two antero-posterior bundles) that cross where they meet. Each tissue
 * follows a tensor model; partial volumes at tissue borders are smooth; the noise is Rician.
 */
public final class BrainPhantom {

	/** Base intensity of white matter at b = 0. */
	public static final double S0 = 1000;

	private static final double FIBRE_PAR = 1.7e-3, FIBRE_PERP = 0.3e-3; // λ∥, λ⊥ in mm²/s
	private static final double WM_BACKGROUND_PAR = 1.2e-3, WM_BACKGROUND_PERP = 0.55e-3;
	private static final double GM_D = 0.8e-3, CSF_D = 3.0e-3;
	private static final double GM_S0 = 1.15, CSF_S0 = 1.6;

	/** The simulated scan: noisy and clean images with one gradient table, header and mask. */
	public record Phantom(DwiScan noisy, DwiScan clean, BrainMask mask, double sigma) {}

	private BrainPhantom() {}

	public static Phantom simulate(PhantomSpec spec) {
		int[] size = spec.size();
		int nx = size[0], ny = size[1], nz = size[2];
		GradientTable table = scheme(spec);
		int nv = table.size();
		int nvox = nx * ny * nz;
		long bytes = 8L * nvox * nv; // clean and noisy, float32
		long free = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
		if (bytes > free)
			throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
					"a phantom of %d×%d×%d voxels × %d volumes needs %.1f GB of memory, this Java has %.1f GB free (raise -Xmx or make it smaller)",
					nx, ny, nz, nv, bytes / 1e9, free / 1e9));
		float[] clean = new float[Math.multiplyExact(nvox, nv)];
		byte[] mask = new byte[nvox];
		double[] b = table.bvals();
		double[][] g = table.bvecs();
		IntStream.range(0, nz).parallel().forEach(z -> {
			double[] signal = new double[nv];
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					int i = (z * ny + y) * nx + x;
					boolean inBrain = voxelSignal(x, y, z, nx, ny, nz, b, g, signal);
					mask[i] = (byte) (inBrain ? 1 : 0);
					for (int v = 0; v < nv; v++)
						clean[v * nvox + i] = (float) (S0 * signal[v]);
				}
		});
		double sigma = S0 / spec.snr();
		float[] noisy = new float[clean.length];
		SplittableRandom root = new SplittableRandom(spec.seed());
		SplittableRandom[] perVolume = new SplittableRandom[nv];
		for (int v = 0; v < nv; v++)
			perVolume[v] = root.split();
		IntStream.range(0, nv).parallel().forEach(v -> {
			SplittableRandom r = perVolume[v];
			for (int i = v * nvox; i < (v + 1) * nvox; i++) {
				double re = clean[i] + sigma * gaussian(r), im = sigma * gaussian(r);
				noisy[i] = (float) Math.sqrt(re * re + im * im);
			}
		});
		double vox = 2.0;
		double[][] affine = { { vox, 0, 0, -vox * (nx - 1) / 2 }, { 0, vox, 0, -vox * (ny - 1) / 2 },
				{ 0, 0, vox, -vox * (nz - 1) / 2 }, { 0, 0, 0, 1 } };
		long[] dims = { nx, ny, nz, nv };
		ScanGeometry header = ScanGeometry.of(affine, 1);
		return new Phantom(new DwiScan(ArrayImgs.floats(noisy, dims), table, header),
				new DwiScan(ArrayImgs.floats(clean, dims), table, header), BrainMask.of(mask, nx, ny, nz), sigma);
	}

	/** b0s spread evenly through the acquisition, the shells' directions interleaved between them. */
	static GradientTable scheme(PhantomSpec spec) {
		Random random = new Random(spec.seed());
		int nv = spec.volumes();
		double[] b = new double[nv];
		double[][] g = new double[nv][];
		boolean[] isB0 = new boolean[nv];
		for (int k = 0; k < spec.b0s(); k++)
			isB0[(int) ((long) k * nv / spec.b0s())] = true;
		double[][][] dirs = new double[spec.shells().length][][];
		for (int s = 0; s < dirs.length; s++)
			dirs[s] = GradientSchemes.halfSphere(spec.directions(), random);
		int next = 0;
		for (int v = 0; v < nv; v++) {
			if (isB0[v]) {
				g[v] = new double[3];
				continue;
			}
			int shell = next % dirs.length, d = next / dirs.length;
			b[v] = spec.shells()[shell];
			g[v] = dirs[shell][d];
			next++;
		}
		return new GradientTable(b, g);
	}

	/** Fills signal (relative to S0) for each volume; returns whether the voxel is brain. */
	private static boolean voxelSignal(int x, int y, int z, int nx, int ny, int nz, double[] b, double[][] g,
			double[] signal) {
		double u = (x + 0.5 - nx / 2.0) / (0.42 * nx), v = (y + 0.5 - ny / 2.0) / (0.42 * ny),
				w = (z + 0.5 - nz / 2.0) / (0.42 * nz);
		double rho = Math.sqrt(u * u + v * v + w * w);
		double theta = Math.atan2(v, u), phi = Math.acos(Math.max(-1, Math.min(1, w / Math.max(rho, 1e-9))));
		double fold = 0.045 * Math.sin(7 * theta) * Math.sin(5 * phi);
		double edge = 0.6 / (0.42 * Math.min(nx, Math.min(ny, nz))); // about half a voxel in ρ
		double brain = step(1.0 - rho, edge);
		double insideCortex = step(0.90 + fold - rho, edge);
		double insideWm = step(0.76 + fold - rho, edge);
		double ventricles = Math.max(ellipsoid(u - 0.16, v - 0.05, w - 0.12, 0.09, 0.28, 0.14, edge),
				ellipsoid(u + 0.16, v - 0.05, w - 0.12, 0.09, 0.28, 0.14, edge));
		double fCsf = brain * (1 - insideCortex) + insideWm * ventricles;
		double fGm = insideCortex * (1 - insideWm);
		double fWm = insideWm * (1 - ventricles);
		java.util.Arrays.fill(signal, 0);
		if (brain < 1e-3) return false;
		// White matter: three bundle systems with soft edges; where they overlap their shares mix (crossing
		// fibres), and what they leave is a weaker, smoothly varying background orientation.
		double arch = Math.abs(w - 0.35 + 0.6 * u * u);
		double[] share = {
				step(0.13 - arch, edge) * step(0.55 - Math.abs(v), edge), // callosal arch
				step(0.11 - Math.abs(Math.abs(u) - 0.32), edge) * step(0.3 - Math.abs(v), edge) * step(0.45 - w, edge),
				step(0.12 - Math.abs(Math.abs(u) - 0.5), edge) * step(0.3 - Math.abs(w - 0.05), edge) };
		double[][] direction = { normalise(1, 0, 1.2 * u), normalise(0.15 * u, 0, 1), normalise(0, 1, 0.2 * v) };
		double total = share[0] + share[1] + share[2];
		double scale = total > 1 ? 1 / total : 1;
		double background = Math.max(0, 1 - total);
		double[] radial = normalise(u, v, w + 1e-6);
		for (int k = 0; k < b.length; k++) {
			double[] gk = g[k];
			double wm = background * tensor(b[k], gk, radial, WM_BACKGROUND_PAR, WM_BACKGROUND_PERP);
			for (int f = 0; f < 3; f++)
				if (share[f] > 1e-4) wm += scale * share[f] * tensor(b[k], gk, direction[f], FIBRE_PAR, FIBRE_PERP);
			signal[k] = fWm * wm + fGm * GM_S0 * Math.exp(-b[k] * GM_D) + fCsf * CSF_S0 * Math.exp(-b[k] * CSF_D);
		}
		return brain >= 0.5;
	}

	private static double tensor(double b, double[] g, double[] e, double par, double perp) {
		double c = g[0] * e[0] + g[1] * e[1] + g[2] * e[2];
		double gg = g[0] * g[0] + g[1] * g[1] + g[2] * g[2];
		return Math.exp(-b * (perp * gg + (par - perp) * c * c));
	}

	private static double ellipsoid(double u, double v, double w, double a, double b, double c, double edge) {
		double r = Math.sqrt(u * u / (a * a) + v * v / (b * b) + w * w / (c * c));
		return step(1 - r, edge / Math.min(a, Math.min(b, c)));
	}

	/** A smooth 0→1 step of the given width: partial volume at borders. */
	private static double step(double d, double width) {
		return 1 / (1 + Math.exp(-d / (0.5 * width)));
	}

	private static double[] normalise(double x, double y, double z) {
		double n = Math.sqrt(x * x + y * y + z * z);
		return new double[] { x / n, y / n, z / n };
	}

	private static double gaussian(SplittableRandom r) {
		// Box–Muller; SplittableRandom has no nextGaussian on Java 17.
		double u1 = r.nextDouble(), u2 = r.nextDouble();
		return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
	}
}
