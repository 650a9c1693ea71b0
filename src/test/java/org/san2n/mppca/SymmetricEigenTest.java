package org.san2n.mppca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

	@Test
	void decomposesRandomSymmetricMatrices() {
		SplittableRandom r = new SplittableRandom(3);
		for (int n : new int[] { 1, 2, 3, 17, 65 }) {
			double[] a = new double[n * n];
			for (int i = 0; i < n; i++)
				for (int j = 0; j <= i; j++)
					a[i * n + j] = a[j * n + i] = r.nextGaussian();
			SymmetricEigen e = new SymmetricEigen(n);
			System.arraycopy(a, 0, e.vectors, 0, a.length);
			e.decompose();
			for (int k = 1; k < n; k++)
				assertTrue(e.values[k - 1] <= e.values[k], "ascending");
			// A·v = λ·v and the vectors are orthonormal.
			for (int k = 0; k < n; k++) {
				for (int i = 0; i < n; i++) {
					double av = 0;
					for (int j = 0; j < n; j++)
						av += a[i * n + j] * e.vectors[j * n + k];
					assertEquals(e.values[k] * e.vectors[i * n + k], av, 1e-9, "n=" + n + " k=" + k);
				}
				for (int l = 0; l < n; l++) {
					double dot = 0;
					for (int i = 0; i < n; i++)
						dot += e.vectors[i * n + k] * e.vectors[i * n + l];
					assertEquals(k == l ? 1 : 0, dot, 1e-9);
				}
			}
		}
	}

	@Test
	void diagonalMatrixKeepsItsValues() {
		SymmetricEigen e = new SymmetricEigen(3);
		e.vectors[0] = 3;
		e.vectors[4] = -1;
		e.vectors[8] = 2;
		e.decompose();
		assertEquals(-1, e.values[0], 1e-12);
		assertEquals(2, e.values[1], 1e-12);
		assertEquals(3, e.values[2], 1e-12);
	}

	@Test
	void deferredVectorsAreTheFullDecompositionsOwn() {
		java.util.SplittableRandom r = new java.util.SplittableRandom(11);
		for (int n : new int[] { 1, 2, 5, 30, 65 }) {
			double[] a = new double[n * n];
			for (int i = 0; i < n; i++)
				for (int j = 0; j <= i; j++)
					a[i * n + j] = a[j * n + i] = r.nextGaussian() + (i == j ? 3 * (i % 4) : 0); // some close values
			SymmetricEigen full = new SymmetricEigen(n), deferred = new SymmetricEigen(n);
			System.arraycopy(a, 0, full.vectors, 0, a.length);
			for (int i = 0; i < n; i++)
				System.arraycopy(a, i * n, deferred.rows[i], 0, n);
			full.decompose();
			deferred.decomposeValues();
			double[] v = new double[n], work = new double[n];
			for (int j = 0; j < n; j++) {
				assertEquals(full.values[j], deferred.values[j], 1e-12 * (1 + Math.abs(full.values[j])), "value " + j);
			}
			// Every vector, from the largest value down (MP-PCA asks for the largest few, smallest first); the sign is inverse iteration's own.
			for (int j = n - 1; j >= 0; j--) {
				deferred.vector(j, v, work);
				double dot = 0;
				for (int k = 0; k < n; k++)
					dot += full.vectors[k * n + j] * v[k];
				double sign = Math.signum(dot);
				for (int k = 0; k < n; k++)
					assertEquals(full.vectors[k * n + j], sign * v[k], 1e-9, "n " + n + " vector " + j + " component " + k);
			}
		}
	}

	/**
	 * Repeated and exactly decoupled eigenvalues (the identity plus a rank-one matrix, a diagonal matrix with
	 * duplicates, a block-diagonal one): the vectors are not unique there, so each is checked by its residual
	 * ‖A·v − λ·v‖ and all of them for orthonormality.
	 */
	@Test
	void vectorsOfRepeatedValuesAreEigenvectorsAndOrthonormal() {
		int n = 12;
		double[][][] cases = new double[3][n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++)
				cases[0][i][j] = (i == j ? 1 : 0) + 0.1 * (i + 1) * (j + 1);
			cases[1][i][i] = i % 3;
			for (int j = 0; j < n; j++)
				if (i / 4 == j / 4) cases[2][i][j] = i == j ? 2 : 0.5;
		}
		for (double[][] a : cases) {
			SymmetricEigen e = new SymmetricEigen(n);
			for (int i = 0; i < n; i++)
				System.arraycopy(a[i], 0, e.rows[i], 0, n);
			e.decomposeValues();
			double[][] v = new double[n][n];
			double[] work = new double[n];
			for (int j = n - 1; j >= 0; j--) {
				e.vector(j, v[j], work);
				for (int i = 0; i < n; i++) {
					double av = 0;
					for (int k = 0; k < n; k++)
						av += a[i][k] * v[j][k];
					assertEquals(e.values[j] * v[j][i], av, 1e-10 * (1 + Math.abs(e.values[n - 1])), "residual of vector " + j);
				}
			}
			for (int j = 0; j < n; j++)
				for (int k = 0; k <= j; k++) {
					double dot = 0;
					for (int i = 0; i < n; i++)
						dot += v[j][i] * v[k][i];
					assertEquals(j == k ? 1 : 0, dot, 1e-10, "vectors " + j + " and " + k);
				}
		}
	}
}
