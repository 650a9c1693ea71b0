package org.san2n.mppca;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix: Householder reduction to tridiagonal form,
 * then the implicit QL algorithm with Wilkinson shifts (the textbook method, Golub &amp; Van Loan §8.3) for
 * every vector ({@link #decompose}); or, for all the values and a few vectors ({@link #decomposeValues},
 * {@link #vector}), the root-free rational QL algorithm for the values (EISPACK TQLRAT: Reinsch, CACM 1973) and
 * inverse iteration on the tridiagonal form for each vector asked for (Golub &amp; Van Loan §8.2.2; the scheme of
 * LAPACK DSTEIN).
 * Written for the many small (≤ a few hundred) matrices of MP-PCA: one instance reuses its work arrays,
 * so a thread allocates nothing per voxel. Not thread-safe; one per thread.
 */
final class SymmetricEigen {

	private final int n;
	/** Row-major n×n: the matrix on entry to {@link #decompose}, the eigenvectors (columns) after it. */
	final double[] vectors;
	/** The eigenvalues in ascending order after {@link #decompose}. */
	final double[] values;
	private final double[] off;
	private boolean deferred;
	/** With {@link #decomposeValues}: the tridiagonal form (diagonal, and off-diagonal between i and i + 1). */
	private final double[] tridiagonal, tridiagonalOff, squaredOff;
	/** The vectors {@link #vector} gave since the last decomposition, of the tridiagonal form. */
	private final double[][] found;
	private int founds;
	/** Inverse iteration's LU factors of T − λI (rows of U: diagonal and two above it; multipliers; row swaps). */
	private final double[] u0, u1, u2, multiplier;
	private final boolean[] swapped;
	/**
	 * The matrix for {@link #decomposeValues}, row by row (both triangles); overwritten by it. Rows of their own, not
	 * one array: the inner loops then index two arrays alike, which the JIT compiles to vector instructions.
	 */
	final double[][] rows;
	/**
	 * With {@link #decomposeValues}: the Householder reflectors of the reduction, P_i = I − u_i·u_iᵀ / h_i, u_i the
	 * first i entries of {@code reflectors[i]} and h_i in {@code reflectorNorms[i]} (0: no reflection at that step).
	 */
	private final double[][] reflectors;
	private final double[] reflectorNorms, product;

	SymmetricEigen(int n) {
		this.n = n;
		this.vectors = new double[n * n];
		this.values = new double[n];
		this.off = new double[n];
		this.tridiagonal = new double[n];
		this.tridiagonalOff = new double[n];
		this.squaredOff = new double[n];
		this.found = new double[n][n];
		this.u0 = new double[n];
		this.u1 = new double[n];
		this.u2 = new double[n];
		this.multiplier = new double[n];
		this.swapped = new boolean[n];
		this.rows = new double[n][n];
		this.reflectors = new double[n][n];
		this.reflectorNorms = new double[n];
		this.product = new double[n];
	}

	int size() {
		return n;
	}

	/** Decomposes the symmetric matrix stored in {@link #vectors}; column j of the result goes with values[j]. */
	void decompose() {
		deferred = false;
		tridiagonalize();
		diagonalize();
	}

	/**
	 * The eigenvalues (ascending, in {@link #values}) of the symmetric matrix stored in {@link #rows}, with the
	 * eigenvectors left to {@link #vector}: MP-PCA needs all the values but only the few vectors of the signal
	 * components. Forming every vector (the reduction's orthogonal matrix, every QL rotation applied to it) costs
	 * more than the rest; here the values come from the rational QL sweep, which needs no square root per rotation,
	 * and each vector asked for from inverse iteration: O(n) on the tridiagonal form, O(n²) back through the reflectors.
	 */
	void decomposeValues() {
		reduce();
		valuesOfReduced();
	}

	/** The eigenvalues of the tridiagonal form {@link #reduce} left, into {@link #values} (ascending). */
	void valuesOfReduced() {
		System.arraycopy(values, 0, tridiagonal, 0, n);
		for (int i = 0; i + 1 < n; i++) {
			tridiagonalOff[i] = off[i + 1];
			squaredOff[i] = off[i + 1] * off[i + 1];
		}
		tridiagonalOff[n - 1] = 0;
		squaredOff[n - 1] = 0;
		rationalQl(values, squaredOff);
		founds = 0;
	}

	/**
	 * The eigenvalues of the symmetric tridiagonal matrix with diagonal {@code d} and squared off-diagonal {@code e2}
	 * (e2[i] between i and i + 1; e2[n − 1] = 0), into {@code d} in ascending order; {@code e2} is destroyed. EISPACK's
	 * TQLRAT (Reinsch, "A stable, rational QR algorithm for the computation of the eigenvalues of an Hermitian,
	 * tridiagonal matrix", Math. Comp. 1971; CACM Algorithm 464, 1973), written from its published form.
	 */
	private static void rationalQl(double[] d, double[] e2) {
		int n = d.length;
		double f = 0, t = 0, b = 0, c = 0;
		for (int l = 0; l < n; l++) {
			double h = Math.abs(d[l]) + Math.sqrt(e2[l]);
			if (t <= h) {
				t = h;
				b = Math.ulp(t);
				c = b * b;
			}
			// The first negligible squared off-diagonal at or after l (e2[n − 1] = 0 ends the search).
			int m = l;
			while (m < n - 1 && e2[m] > c)
				m++;
			if (m != l) {
				for (int iteration = 0; iteration < 60; iteration++) {
					int l1 = l + 1;
					double s = Math.sqrt(e2[l]), g = d[l], p = (d[l1] - g) / (2 * s), r = hypot(p, 1);
					d[l] = s / (p + Math.copySign(r, p));
					h = g - d[l];
					for (int i = l1; i < n; i++)
						d[i] -= h;
					f += h;
					// The rational QL transformation.
					g = d[m];
					if (g == 0) g = b;
					h = g;
					s = 0;
					for (int i = m - 1; i >= l; i--) {
						p = g * h;
						r = p + e2[i];
						e2[i + 1] = s * r;
						s = e2[i] / r;
						d[i + 1] = h + s * (h + d[i]);
						g = d[i] - e2[i] / g;
						if (g == 0) g = b;
						h = g * p / r;
					}
					e2[l] = s * g;
					d[l] = h;
					// Converged (with a guard against underflow in the test).
					if (h == 0 || Math.abs(e2[l]) <= Math.abs(c / h)) break;
					e2[l] = h * e2[l];
					if (e2[l] == 0) break;
				}
			}
			// Into its place among the values found so far (ascending).
			double p = d[l] + f;
			int i = l;
			for (; i > 0 && p < d[i - 1]; i--)
				d[i] = d[i - 1];
			d[i] = p;
		}
	}

	/**
	 * Householder reduction of the symmetric matrix in {@link #rows} (both triangles) to tridiagonal form, the
	 * diagonal into {@link #values} and the sub-diagonal into {@code off[1..n)} as {@link #tridiagonalize} leaves them,
	 * without forming the orthogonal matrix: the reflectors are kept instead and applied by {@link #vector} to the few
	 * vectors asked for (forming all of it costs as much as the reduction). The same steps as {@link #tridiagonalize},
	 * with the matrix kept whole (both triangles) so that every inner loop runs along a row: A·u as a sum of rows
	 * scaled by u, and the rank-2 update row by row (loops the JIT compiles to vector instructions; the lower-triangle
	 * version walks down columns).
	 */
	void reduce() {
		deferred = true;
		double[][] a = rows;
		double[] d = values, e = off, p = product;
		for (int i = n - 1; i > 0; i--) {
			double[] ai = a[i], u = reflectors[i];
			d[i] = ai[i];
			double scale = 0;
			for (int k = 0; k < i; k++)
				scale += Math.abs(ai[k]);
			if (scale == 0) {
				e[i] = 0;
				reflectorNorms[i] = 0;
				continue;
			}
			double h = 0;
			for (int k = 0; k < i; k++) {
				double t = ai[k] / scale;
				u[k] = t;
				h += t * t;
			}
			double f = u[i - 1], g = Math.sqrt(h);
			if (f > 0) g = -g;
			e[i] = scale * g;
			h -= f * g;
			u[i - 1] = f - g;
			reflectorNorms[i] = h;
			// p = A·u / h over the leading i × i block (A symmetric: a sum of its rows).
			java.util.Arrays.fill(p, 0, i, 0);
			for (int k = 0; k < i; k++) {
				double uk = u[k];
				double[] ak = a[k];
				for (int j = 0; j < i; j++)
					p[j] += ak[j] * uk;
			}
			double up = 0;
			for (int j = 0; j < i; j++) {
				p[j] /= h;
				up += p[j] * u[j];
			}
			// q = p − (uᵀp / 2h)·u, then A ← A − u·qᵀ − q·uᵀ.
			double hh = up / (h + h);
			for (int j = 0; j < i; j++)
				p[j] -= hh * u[j];
			for (int k = 0; k < i; k++) {
				double uk = u[k], qk = p[k];
				double[] ak = a[k];
				for (int j = 0; j < i; j++)
					ak[j] -= uk * p[j] + qk * u[j];
			}
		}
		d[0] = a[0][0];
		e[0] = 0;
	}

	/**
	 * Eigenvector j (of the ascending order) after {@link #decomposeValues}, unit length, into {@code out[0..n)}; uses
	 * {@code work} (n doubles). Inverse iteration on the tridiagonal form T with the shift values[j] (accurate to the
	 * rounding of ‖T‖, so three solves with T − λI converge), each iterate made orthogonal to the vectors given before
	 * it since the decomposition (the scheme of LAPACK DSTEIN: vectors of close values stay orthogonal), then taken back
	 * through the reduction's reflectors. The sign is arbitrary. O(n·(vectors so far) + n²).
	 */
	void vector(int j, double[] out, double[] work) {
		if (!deferred) throw new IllegalStateException("vector() follows decomposeValues()");
		if (founds == n) throw new IllegalStateException("more than " + n + " vectors asked for since the decomposition (each j once)");
		double[] x = found[founds];
		factor(values[j]);
		// A start with every component non-zero (a fixed sequence: the output must not depend on a clock or a seed).
		for (int i = 0; i < n; i++)
			x[i] = 1 + 0.5 * Math.sin(1.3 * i + 0.7 * j);
		for (int done = 0, tries = 0; done < 3 && tries < 8; tries++) {
			orthogonalise(x);
			solve(x);
			orthogonalise(x);
			// The norm after scaling by the largest entry (a solve next to an exact eigenvalue grows x by ~1/ε).
			double largest = 0;
			for (int i = 0; i < n; i++)
				largest = Math.max(largest, Math.abs(x[i]));
			if (!(largest > 0) || Double.isInfinite(largest)) { // nothing left, or an overflow: start again from a unit vector
				java.util.Arrays.fill(x, 0);
				x[tries % n] = 1;
				continue;
			}
			double norm = 0;
			for (int i = 0; i < n; i++) {
				x[i] /= largest;
				norm += x[i] * x[i];
			}
			norm = Math.sqrt(norm);
			for (int i = 0; i < n; i++)
				x[i] /= norm;
			done++;
		}
		founds++;
		System.arraycopy(x, 0, work, 0, n);
		// Then back through the reduction's reflectors, Q = P_{n−1} ⋯ P_1: P_1 first.
		for (int i = 1; i < n; i++) {
			double h = reflectorNorms[i];
			if (h == 0) continue;
			double[] u = reflectors[i];
			double s = 0;
			for (int k = 0; k < i; k++)
				s += u[k] * work[k];
			s /= h;
			for (int k = 0; k < i; k++)
				work[k] -= s * u[k];
		}
		System.arraycopy(work, 0, out, 0, n);
	}

	/** x less its projections on the vectors of T found before it (Gram–Schmidt, one pass each). */
	private void orthogonalise(double[] x) {
		for (int f = 0; f < founds; f++) {
			double[] q = found[f];
			double s = 0;
			for (int i = 0; i < n; i++)
				s += q[i] * x[i];
			for (int i = 0; i < n; i++)
				x[i] -= s * q[i];
		}
	}

	/**
	 * LU factors of T − λI with partial pivoting (U upper with two diagonals above its own; LAPACK DLAGTF's scheme); a
	 * pivot that is exactly 0 becomes the rounding of ‖T‖, so that solves stay finite at an exact eigenvalue.
	 */
	private void factor(double lambda) {
		double norm = 0;
		for (int i = 0; i < n; i++)
			norm = Math.max(norm, Math.abs(tridiagonal[i]) + Math.abs(tridiagonalOff[i]) + (i > 0 ? Math.abs(tridiagonalOff[i - 1]) : 0));
		double tiny = Math.max(Math.ulp(norm), Double.MIN_NORMAL);
		// The active row: its diagonal and the entry after it.
		double dActive = tridiagonal[0] - lambda, eActive = n > 1 ? tridiagonalOff[0] : 0;
		for (int i = 0; i + 1 < n; i++) {
			double below = tridiagonalOff[i], nextDiagonal = tridiagonal[i + 1] - lambda, nextOff = i + 2 < n ? tridiagonalOff[i + 1] : 0;
			if (Math.abs(dActive) >= Math.abs(below)) {
				if (dActive == 0) dActive = tiny;
				double m = below / dActive;
				swapped[i] = false;
				multiplier[i] = m;
				u0[i] = dActive;
				u1[i] = eActive;
				u2[i] = 0;
				dActive = nextDiagonal - m * eActive;
				eActive = nextOff;
			} else {
				double m = dActive / below;
				swapped[i] = true;
				multiplier[i] = m;
				u0[i] = below;
				u1[i] = nextDiagonal;
				u2[i] = nextOff;
				dActive = eActive - m * nextDiagonal;
				eActive = -m * nextOff;
			}
		}
		u0[n - 1] = dActive == 0 ? tiny : dActive;
	}

	/** x ← (T − λI)⁻¹·x with the factors of {@link #factor}. */
	private void solve(double[] x) {
		for (int i = 0; i + 1 < n; i++) {
			double m = multiplier[i];
			if (swapped[i]) {
				double r0 = x[i];
				x[i] = x[i + 1];
				x[i + 1] = r0 - m * x[i];
			} else {
				x[i + 1] -= m * x[i];
			}
		}
		x[n - 1] /= u0[n - 1];
		if (n > 1) x[n - 2] = (x[n - 2] - u1[n - 2] * x[n - 1]) / u0[n - 2];
		for (int i = n - 3; i >= 0; i--)
			x[i] = (x[i] - u1[i] * x[i + 1] - u2[i] * x[i + 2]) / u0[i];
	}

	private void tridiagonalize() {
		double[] v = vectors, d = values, e = off;
		for (int j = 0; j < n; j++)
			d[j] = v[(n - 1) * n + j];
		for (int i = n - 1; i > 0; i--) {
			double scale = 0, h = 0;
			for (int k = 0; k < i; k++)
				scale += Math.abs(d[k]);
			if (scale == 0) {
				e[i] = d[i - 1];
				for (int j = 0; j < i; j++) {
					d[j] = v[(i - 1) * n + j];
					v[i * n + j] = 0;
					v[j * n + i] = 0;
				}
			} else {
				for (int k = 0; k < i; k++) {
					d[k] /= scale;
					h += d[k] * d[k];
				}
				double f = d[i - 1], g = Math.sqrt(h);
				if (f > 0) g = -g;
				e[i] = scale * g;
				h -= f * g;
				d[i - 1] = f - g;
				for (int j = 0; j < i; j++)
					e[j] = 0;
				for (int j = 0; j < i; j++) {
					f = d[j];
					v[j * n + i] = f;
					g = e[j] + v[j * n + j] * f;
					for (int k = j + 1; k <= i - 1; k++) {
						g += v[k * n + j] * d[k];
						e[k] += v[k * n + j] * f;
					}
					e[j] = g;
				}
				f = 0;
				for (int j = 0; j < i; j++) {
					e[j] /= h;
					f += e[j] * d[j];
				}
				double hh = f / (h + h);
				for (int j = 0; j < i; j++)
					e[j] -= hh * d[j];
				for (int j = 0; j < i; j++) {
					f = d[j];
					g = e[j];
					for (int k = j; k <= i - 1; k++)
						v[k * n + j] -= f * e[k] + g * d[k];
					d[j] = v[(i - 1) * n + j];
					v[i * n + j] = 0;
				}
			}
			d[i] = h;
		}
		// Accumulate the transformations.
		for (int i = 0; i < n - 1; i++) {
			v[(n - 1) * n + i] = v[i * n + i];
			v[i * n + i] = 1;
			double h = d[i + 1];
			if (h != 0) {
				for (int k = 0; k <= i; k++)
					d[k] = v[k * n + i + 1] / h;
				for (int j = 0; j <= i; j++) {
					double g = 0;
					for (int k = 0; k <= i; k++)
						g += v[k * n + i + 1] * v[k * n + j];
					for (int k = 0; k <= i; k++)
						v[k * n + j] -= g * d[k];
				}
			}
			for (int k = 0; k <= i; k++)
				v[k * n + i + 1] = 0;
		}
		for (int j = 0; j < n; j++) {
			d[j] = v[(n - 1) * n + j];
			v[(n - 1) * n + j] = 0;
		}
		v[(n - 1) * n + n - 1] = 1;
		e[0] = 0;
	}

	/** The implicit QL sweep, every rotation applied to the vectors, on the form {@link #tridiagonalize} leaves. */
	private void diagonalize() {
		double[] v = vectors, d = values, e = off;
		for (int i = 1; i < n; i++)
			e[i - 1] = e[i];
		e[n - 1] = 0;
		double f = 0, tst1 = 0, eps = Math.ulp(1.0);
		for (int l = 0; l < n; l++) {
			tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
			int m = l;
			while (m < n && Math.abs(e[m]) > eps * tst1)
				m++;
			if (m > l) {
				for (int iter = 0; iter < 60; iter++) {
					double g = d[l], p = (d[l + 1] - g) / (2 * e[l]), r = hypot(p, 1);
					if (p < 0) r = -r;
					d[l] = e[l] / (p + r);
					d[l + 1] = e[l] * (p + r);
					double dl1 = d[l + 1], h = g - d[l];
					for (int i = l + 2; i < n; i++)
						d[i] -= h;
					f += h;
					p = d[m];
					double c = 1, c2 = c, c3 = c, el1 = e[l + 1], s = 0, s2 = 0;
					for (int i = m - 1; i >= l; i--) {
						c3 = c2;
						c2 = c;
						s2 = s;
						g = c * e[i];
						h = c * p;
						r = hypot(p, e[i]);
						e[i + 1] = s * r;
						s = e[i] / r;
						c = p / r;
						p = c * d[i] - s * g;
						d[i + 1] = h + s * (c * g + s * d[i]);
						for (int k = 0; k < n; k++) {
							h = v[k * n + i + 1];
							v[k * n + i + 1] = s * v[k * n + i] + c * h;
							v[k * n + i] = c * v[k * n + i] - s * h;
						}
					}
					p = -s * s2 * c3 * el1 * e[l] / dl1;
					e[l] = s * p;
					d[l] = c * p;
					if (Math.abs(e[l]) <= eps * tst1) break;
				}
			}
			d[l] += f;
			e[l] = 0;
		}
		// Ascending order, vectors along.
		for (int i = 0; i < n - 1; i++) {
			int k = i;
			double p = d[i];
			for (int j = i + 1; j < n; j++)
				if (d[j] < p) {
					k = j;
					p = d[j];
				}
			if (k != i) {
				d[k] = d[i];
				d[i] = p;
				for (int j = 0; j < n; j++) {
					double t = v[j * n + i];
					v[j * n + i] = v[j * n + k];
					v[j * n + k] = t;
				}
			}
		}
	}

	/**
	 * √(a² + b²): the plain formula where it neither overflows nor underflows (the QL sweep's scale), {@link Math#hypot}
	 * elsewhere; Java's hypot is exact to the last bit but several times slower, and was a seventh of MP-PCA's time.
	 */
	private static double hypot(double a, double b) {
		double r = Math.sqrt(a * a + b * b);
		return r > 1e-150 && r < 1e150 ? r : Math.hypot(a, b);
	}
}
