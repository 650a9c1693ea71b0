package org.san2n.mppca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MarchenkoPasturTest {

	/** Eigenvalues of X·Xᵀ/N for X = signal of rank p + Gaussian noise σ, m × N. */
	static double[] eigenvalues(int m, int n, int p, double sigma, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] x = new double[m * n];
		for (int c = 0; c < p; c++) {
			double[] u = new double[m], w = new double[n];
			for (int i = 0; i < m; i++)
				u[i] = r.nextGaussian();
			for (int j = 0; j < n; j++)
				w[j] = 20 * sigma * r.nextGaussian();
			for (int i = 0; i < m; i++)
				for (int j = 0; j < n; j++)
					x[i * n + j] += u[i] * w[j];
		}
		for (int i = 0; i < x.length; i++)
			x[i] += sigma * r.nextGaussian();
		SymmetricEigen e = new SymmetricEigen(m);
		for (int a = 0; a < m; a++)
			for (int b = 0; b < m; b++) {
				double s = 0;
				for (int j = 0; j < n; j++)
					s += x[a * n + j] * x[b * n + j];
				e.vectors[a * m + b] = s / n;
			}
		e.decompose();
		return e.values.clone();
	}

	@Test
	void pureNoiseHasNoSignalAndItsVariance() {
		double[] s2 = new double[1];
		for (MarchenkoPastur.Estimator est : MarchenkoPastur.Estimator.values()) {
			int p = MarchenkoPastur.signalComponents(eigenvalues(60, 343, 0, 2, 1), 60, 343, est, s2);
			assertEquals(0, p, est.name());
			assertEquals(2, Math.sqrt(s2[0]), 0.1, est.name());
		}
	}

	@Test
	void findsTheRankOfALowRankSignalAndTheNoiseUnderIt() {
		double[] s2 = new double[1];
		int p = MarchenkoPastur.signalComponents(eigenvalues(65, 125, 6, 3, 2), 65, 125, MarchenkoPastur.Estimator.EXP2, s2);
		assertEquals(6, p);
		assertEquals(3, Math.sqrt(s2[0]), 0.25);
	}

	@Test
	void aKnownSigmaKeepsTheEigenvaluesAboveTheUpperEdge() {
		// Rank 4 in noise σ = 2 on a 30 × 125 window: with the true σ the upper edge separates the four.
		double[] ev = eigenvalues(30, 125, 4, 2, 11);
		assertEquals(4, MarchenkoPastur.signalComponentsAbove(ev, 30, 125, 4));
		// The edge moves with σ²: a σ far too large calls everything noise, one far too small keeps noise components.
		assertEquals(0, MarchenkoPastur.signalComponentsAbove(ev, 30, 125, 1e6));
		int tooSmall = MarchenkoPastur.signalComponentsAbove(ev, 30, 125, 1);
		org.junit.jupiter.api.Assertions.assertTrue(tooSmall > 10, "σ/2 keeps " + tooSmall + " components");
		// Pure noise at the true σ: nothing above the edge (finite-size fluctuations are a few % of it).
		assertEquals(0, MarchenkoPastur.signalComponentsAbove(eigenvalues(30, 125, 0, 2, 12), 30, 125, 4 * 1.1));
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> MarchenkoPastur.signalComponentsAbove(ev, 30, 125, Double.NaN));
	}
}
