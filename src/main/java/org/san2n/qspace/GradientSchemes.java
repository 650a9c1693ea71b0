package org.san2n.qspace;

import java.util.Random;

/** Gradient schemes for simulations and tests: near-uniform directions on the half sphere. */
public final class GradientSchemes {

	private GradientSchemes() {}

	/**
	 * n directions spread over the upper half sphere by a Fibonacci spiral, then turned by a random
	 * rotation (so that different shells do not share directions), as unit vectors.
	 */
	public static double[][] halfSphere(int n, Random random) {
		double golden = Math.PI * (3 - Math.sqrt(5));
		double[][] rot = randomRotation(random);
		double[][] dirs = new double[n][];
		for (int i = 0; i < n; i++) {
			double z = 1 - (i + 0.5) / n; // uniform in (0, 1]: the half sphere
			double r = Math.sqrt(1 - z * z);
			double phi = golden * i;
			double[] u = { r * Math.cos(phi), r * Math.sin(phi), z };
			dirs[i] = new double[] { dot(rot[0], u), dot(rot[1], u), dot(rot[2], u) };
		}
		return dirs;
	}

	private static double[][] randomRotation(Random random) {
		// A uniformly random unit quaternion.
		double u1 = random.nextDouble(), u2 = random.nextDouble(), u3 = random.nextDouble();
		double a = Math.sqrt(1 - u1) * Math.sin(2 * Math.PI * u2), b = Math.sqrt(1 - u1) * Math.cos(2 * Math.PI * u2);
		double c = Math.sqrt(u1) * Math.sin(2 * Math.PI * u3), d = Math.sqrt(u1) * Math.cos(2 * Math.PI * u3);
		return new double[][] { { a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) },
				{ 2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) },
				{ 2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b } };
	}

	private static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}
}
