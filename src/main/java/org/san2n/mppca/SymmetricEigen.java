package org.san2n.mppca;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix: Householder reduction to tridiagonal form,
 * then the implicit QL algorithm with Wilkinson shifts (the textbook method, Golub &amp; Van Loan §8.3).
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
	/**
	 * With {@link #decomposeValues}: the QL rotations in the order applied (index, cos, sin), and which
	 * unsorted column each sorted eigenvalue came from, so that single eigenvectors can be formed later.
	 */
	private int[] rotationIndex = new int[0];
	private double[] rotationCos = new double[0], rotationSin = new double[0];
	private int rotations;
	private final int[] order;
	private boolean deferred;

	SymmetricEigen(int n) {
		this.n = n;
		this.vectors = new double[n * n];
		this.values = new double[n];
		this.off = new double[n];
		this.order = new int[n];
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
	 * The eigenvalues (ascending, in {@link #values}) of the symmetric matrix stored in {@link #vectors},
	 * with the eigenvectors left to {@link #vector}: MP-PCA needs all the values but only the few vectors
	 * of the signal components, and accumulating every QL rotation into all n vectors costs as much as the
	 * rest of the decomposition. The rotations are recorded instead and replayed for the vectors asked for;
	 * the result is the same rotations applied in the same order as {@link #decompose}.
	 */
	void decomposeValues() {
		deferred = true;
		rotations = 0;
		tridiagonalize();
		diagonalize();
	}

	/**
	 * Eigenvector j (of the ascending order) after {@link #decomposeValues}, into {@code out[0..n)}; uses
	 * {@code work} (n doubles). O(rotations + n²).
	 */
	void vector(int j, double[] out, double[] work) {
		if (!deferred) throw new IllegalStateException("vector() follows decomposeValues()");
		java.util.Arrays.fill(work, 0, n, 0);
		work[order[j]] = 1;
		// Column of Q·G1·G2⋯GK: the rotations applied to the unit vector from the last to the first.
		for (int r = rotations - 1; r >= 0; r--) {
			int i = rotationIndex[r];
			double c = rotationCos[r], s = rotationSin[r], a = work[i], b = work[i + 1];
			work[i] = c * a + s * b;
			work[i + 1] = -s * a + c * b;
		}
		for (int k = 0; k < n; k++) {
			double t = 0;
			int row = k * n;
			for (int i = 0; i < n; i++)
				t += vectors[row + i] * work[i];
			out[k] = t;
		}
	}

	private void record(int i, double c, double s) {
		if (rotations == rotationIndex.length) {
			int size = Math.max(4 * n * n, 2 * rotations);
			rotationIndex = java.util.Arrays.copyOf(rotationIndex, size);
			rotationCos = java.util.Arrays.copyOf(rotationCos, size);
			rotationSin = java.util.Arrays.copyOf(rotationSin, size);
		}
		rotationIndex[rotations] = i;
		rotationCos[rotations] = c;
		rotationSin[rotations] = s;
		rotations++;
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
					double g = d[l], p = (d[l + 1] - g) / (2 * e[l]), r = Math.hypot(p, 1);
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
						r = Math.hypot(p, e[i]);
						e[i + 1] = s * r;
						s = e[i] / r;
						c = p / r;
						p = c * d[i] - s * g;
						d[i + 1] = h + s * (c * g + s * d[i]);
						if (deferred) {
							record(i, c, s);
							continue;
						}
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
		// Ascending order, vectors along (or, deferred, the column each value came from).
		for (int i = 0; i < n; i++)
			order[i] = i;
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
				int o = order[k];
				order[k] = order[i];
				order[i] = o;
				if (deferred) continue;
				for (int j = 0; j < n; j++) {
					double t = v[j * n + i];
					v[j * n + i] = v[j * n + k];
					v[j * n + k] = t;
				}
			}
		}
	}
}
