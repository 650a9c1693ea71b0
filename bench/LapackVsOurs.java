package org.san2n.mppca;

/**
 * OpenBLAS LAPACK (org.bytedeco:openblas, one thread) against SymmetricEigen on the eigen-problems of MP-PCA windows
 * (65 × 65 with 2 signal vectors, 288 × 288 with 6): all eigenvalues (dsyevr), all vectors, the top r vectors, and ours
 * (all values and the r vectors). Run by bench/lapack-vs-ours.sh; not part of the build (OpenBLAS is not a dependency).
 */
import static org.bytedeco.openblas.global.openblas.*;
public class LapackVsOurs {
  public static void main(String[] args) {

    for (int[] cfg : new int[][] { {65, 125, 2}, {288, 343, 6} }) {
      int m = cfg[0], n = cfg[1], r = cfg[2];
      java.util.Random rnd = new java.util.Random(1);
      double[][] x = new double[m][n];
      for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) x[i][j] = rnd.nextGaussian() + (i < r ? 5 * Math.sin(j * (i + 1) * 0.1) : 0);
      double[] g = new double[m * m];
      for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) { double s = 0; for (int j = 0; j < n; j++) s += x[a][j] * x[b][j]; g[a * m + b] = s; }
      SymmetricEigen e = new SymmetricEigen(m);
      double[] out = new double[m], work = new double[m], w = new double[m], z = new double[m * m], a = new double[m * m];
      int[] found = new int[1], isuppz = new int[2 * m];
      int reps = m < 100 ? 4000 : 200;
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        for (int k = 0; k < reps; k++) {
          for (int i = 0; i < m; i++) System.arraycopy(g, i * m, e.rows[i], 0, m);
          e.decomposeValues();
          for (int c = m - r; c < m; c++) e.vector(c, out, work);
        }
        long t1 = System.nanoTime();
        for (int k = 0; k < reps; k++) {
          System.arraycopy(g, 0, a, 0, g.length);
          LAPACKE_dsyevr(LAPACK_ROW_MAJOR, (byte) 'N', (byte) 'A', (byte) 'L', m, a, m, 0, 0, 0, 0, 0, found, w, z, m, isuppz);
        }
        long t2 = System.nanoTime();
        for (int k = 0; k < reps; k++) {
          System.arraycopy(g, 0, a, 0, g.length);
          LAPACKE_dsyevr(LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'A', (byte) 'L', m, a, m, 0, 0, 0, 0, 0, found, w, z, m, isuppz);
        }
        long t3 = System.nanoTime();
        for (int k = 0; k < reps; k++) {
          System.arraycopy(g, 0, a, 0, g.length);
          LAPACKE_dsyevr(LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'I', (byte) 'L', m, a, m, 0, 0, m - r + 1, m, 0, found, w, z, m, isuppz);
        }
        long t4 = System.nanoTime();
        double maxd = 0; for (int i = 0; i < r; i++) maxd = Math.max(maxd, Math.abs(e.values[m - r + i] - w[i]) / w[r - 1]);
        System.out.printf("%d×%d (rank %d): ours values + %d vectors %.1f µs | dsyevr values %.1f µs | dsyevr all vectors %.1f µs | dsyevr top-r vectors %.1f µs | max |Δλ|/λmax %.1e%n",
            m, m, r, r, (t1 - t0) / 1e3 / reps, (t2 - t1) / 1e3 / reps, (t3 - t2) / 1e3 / reps, (t4 - t3) / 1e3 / reps, maxd);
      }
    }
  }
}
