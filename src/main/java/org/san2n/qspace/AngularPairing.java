package org.san2n.qspace;

import java.util.Arrays;
import java.util.List;

/**
 * Pairs each volume with its angular neighbour in q-space (docs/METHOD.md §1 and the project's rules):
 * within a shell, the nearest other direction under antipodal symmetry, if it lies within the shell's
 * threshold; b0s with the nearest other b0 in acquisition order.
 *
 * <p>
 * The reference pairs only under a fixed 15°, but clinical shells of 30 directions have their
 * nearest neighbours 15–27° apart, so most volumes would be paired with themselves. By default the
 * threshold adapts to the shell: {@value #ADAPTIVE_FACTOR} × the median nearest-neighbour angle,
 * kept between {@value #MIN_ANGLE}° and {@value #MAX_ANGLE}° so that dense shells keep the reference's
 * limit and sparse ones are not paired with directions whose signal differs too much.
 */
public final class AngularPairing {

	public static final double ADAPTIVE_FACTOR = 1.5;
	public static final double MIN_ANGLE = 15;
	public static final double MAX_ANGLE = 40;

	private AngularPairing() {}

	public static QSpacePairing pair(GradientTable table, PairingOptions options) {
		int n = table.size();
		int[] partner = new int[n];
		double[] angle = new double[n];
		for (int v = 0; v < n; v++)
			partner[v] = v;
		List<Shell> shells = ShellClustering.shells(table, options.b0Threshold(), options.shellTolerance());
		double[] maxAngle = new double[shells.size()];
		for (int s = 0; s < shells.size(); s++) {
			Shell shell = shells.get(s);
			if (shell.b0()) {
				pairB0s(shell.volumes(), partner);
				maxAngle[s] = 0;
			} else {
				maxAngle[s] = pairShell(table, shell.volumes(), options, partner, angle);
			}
		}
		return new QSpacePairing(partner, angle, shells, maxAngle);
	}

	/** The angle between two directions, treating u and −u as the same measurement. */
	public static double antipodalAngle(double[] u, double[] w) {
		double dot = Math.abs(u[0] * w[0] + u[1] * w[1] + u[2] * w[2]);
		return Math.toDegrees(Math.acos(Math.min(1.0, dot)));
	}

	private static void pairB0s(int[] b0s, int[] partner) {
		if (b0s.length < 2) return;
		for (int i = 0; i < b0s.length; i++) {
			// Nearest in time: drift and motion make neighbouring b0s the most alike; ties go earlier.
			int best = -1;
			for (int j = 0; j < b0s.length; j++) {
				if (j == i) continue;
				if (best < 0 || Math.abs(b0s[j] - b0s[i]) < Math.abs(b0s[best] - b0s[i])) best = j;
			}
			partner[b0s[i]] = b0s[best];
		}
	}

	/** @return the threshold used for this shell */
	private static double pairShell(GradientTable table, int[] volumes, PairingOptions options, int[] partner,
			double[] angle) {
		int[] withDirection = Arrays.stream(volumes).filter(v -> !table.hasNoDirection(v)).toArray();
		int m = withDirection.length;
		int[] nearest = new int[m];
		double[] nearestAngle = new double[m];
		for (int i = 0; i < m; i++) {
			double[] u = table.direction(withDirection[i]);
			nearest[i] = -1;
			nearestAngle[i] = Double.POSITIVE_INFINITY;
			for (int j = 0; j < m; j++) {
				if (j == i) continue;
				double a = antipodalAngle(u, table.direction(withDirection[j]));
				if (a < nearestAngle[i]) {
					nearestAngle[i] = a;
					nearest[i] = j;
				}
			}
		}
		double threshold = options.adaptive() ? adaptiveThreshold(nearestAngle) : options.fixedMaxAngle();
		for (int i = 0; i < m; i++) {
			if (nearest[i] >= 0 && nearestAngle[i] <= threshold) {
				partner[withDirection[i]] = withDirection[nearest[i]];
				angle[withDirection[i]] = nearestAngle[i];
			}
		}
		return threshold;
	}

	private static double adaptiveThreshold(double[] nearestAngle) {
		double[] finite = Arrays.stream(nearestAngle).filter(Double::isFinite).sorted().toArray();
		if (finite.length == 0) return MIN_ANGLE;
		int h = finite.length / 2;
		double median = finite.length % 2 == 1 ? finite[h] : 0.5 * (finite[h - 1] + finite[h]);
		return Math.max(MIN_ANGLE, Math.min(MAX_ANGLE, ADAPTIVE_FACTOR * median));
	}
}
