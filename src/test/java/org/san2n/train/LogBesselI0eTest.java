package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

class LogBesselI0eTest {

	/**
	 * Independent reference in double precision: the power series of I0 for z ≤ 30 (terms stay far
	 * from overflow), Hankel's asymptotic expansion of e^−z·I0(z) beyond (error below 1e-12 there).
	 */
	static double exact(double z) {
		z = Math.abs(z);
		if (z <= 30) {
			double term = 1, sum = 1, q = z * z / 4;
			for (int k = 1; k < 200; k++) {
				term *= q / ((double) k * k);
				sum += term;
				if (term < 1e-17 * sum) break;
			}
			return Math.log(sum) - z;
		}
		double series = 1, term = 1;
		for (int k = 1; k < 12; k++) {
			term *= (2.0 * k - 1) * (2.0 * k - 1) / (8.0 * k * z);
			series += term;
		}
		return Math.log(series) - 0.5 * Math.log(2 * Math.PI * z);
	}

	static float[] grid() {
		// 0, then log-spaced from 1e-4 to 1e6, plus both sides of the branch knee.
		int n = 400;
		float[] z = new float[n + 3];
		for (int i = 0; i < n; i++)
			z[i + 1] = (float) Math.pow(10, -4 + 10.0 * i / (n - 1));
		z[n + 1] = 3.7499f;
		z[n + 2] = 3.7501f;
		return z;
	}

	@Test
	void float32WithinOneEMinus5OfExactFromZeroToAMillion() {
		float[] z = grid();
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			float[] got = LogBesselI0e.of(m.create(z)).toFloatArray();
			double worst = 0;
			for (int i = 0; i < z.length; i++) {
				double err = Math.abs(got[i] - exact(z[i]));
				worst = Math.max(worst, err);
				assertTrue(err < 1e-5, "log I0e(" + z[i] + ") = " + got[i] + ", exact " + exact(z[i]));
			}
			assertTrue(worst > 0, "compared real values");
		}
	}

	@Test
	void evenInZ() {
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			float[] got = LogBesselI0e.of(m.create(new float[] { -2.5f, 2.5f, -400f, 400f })).toFloatArray();
			assertEquals(got[1], got[0], 0);
			assertEquals(got[3], got[2], 0);
		}
	}

	@Test
	void gradientIsFiniteAndMatchesTheDerivative() {
		// d/dz log I0e(z) = I1(z)/I0(z) − 1; compare with a central difference of the exact function.
		float[] z = { 0f, 1e-3f, 1f, 3.75f, 5f, 100f, 1e5f };
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			NDArray x = m.create(z);
			x.setRequiresGradient(true);
			try (GradientCollector gc = m.getEngine().newGradientCollector()) {
				gc.backward(LogBesselI0e.of(x).sum());
			}
			float[] g = x.getGradient().toFloatArray();
			for (int i = 0; i < z.length; i++) {
				double h = Math.max(1e-3, z[i] * 1e-4);
				double expected = z[i] == 0 ? 0 : (exact(z[i] + h) - exact(z[i] - h)) / (2 * h);
				assertTrue(Float.isFinite(g[i]), "finite gradient at " + z[i]);
				assertEquals(expected, g[i], 2e-4 + 1e-3 * Math.abs(expected), "gradient at z = " + z[i]);
			}
		}
	}

	@Test
	void scalarFormAgreesWithExact() {
		for (float z : grid())
			assertEquals(exact(z), LogBesselI0e.of((double) z), 1e-6, "z = " + z);
	}

	@Test
	void shapeIsKept() {
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager()) {
			assertEquals(new Shape(2, 3), LogBesselI0e.of(m.ones(new Shape(2, 3))).getShape());
		}
	}
}
