package org.san2n.model;

import java.util.Arrays;
import java.util.Locale;

import org.san2n.qspace.GradientTable;

/**
 * Which scan volume feeds each of a model's channels: the identity when the scan has the model's
 * gradient table, a permutation when it has the same table in another order, and a refusal otherwise.
 */
public final class VolumeMapping {

	/** Same shell: b-values closer than this, or than 2 % of b. */
	static final double B_TOLERANCE = 10;
	/** Same direction: within 1° (u and −u alike). */
	static final double COS_TOLERANCE = Math.cos(Math.toRadians(1));

	private VolumeMapping() {}

	/** @return for each model channel, the scan volume that goes into it */
	public static int[] between(GradientTable model, GradientTable scan, String scanName) {
		if (model.size() != scan.size())
			throw new IllegalArgumentException("the model was trained on " + model.size() + " volumes but " + scanName + " has "
					+ scan.size() + "; train a model on this scan");
		int n = model.size();
		int[] map = new int[n];
		boolean identity = true;
		for (int c = 0; c < n && identity; c++)
			identity = same(model, c, scan, c);
		if (identity) {
			for (int c = 0; c < n; c++)
				map[c] = c;
			return map;
		}
		boolean[] used = new boolean[n];
		Arrays.fill(map, -1);
		for (int c = 0; c < n; c++) {
			for (int v = 0; v < n && map[c] < 0; v++)
				if (!used[v] && same(model, c, scan, v)) {
					map[c] = v;
					used[v] = true;
				}
			if (map[c] < 0)
				throw new IllegalArgumentException(String.format(Locale.ROOT,
						"%s does not have the model's gradient table: no volume matches the model's volume %d (b = %.0f, "
								+ "direction %s); train a model on this scan",
						scanName, c, model.bval(c), Arrays.toString(model.direction(c))));
		}
		return map;
	}

	/**
	 * True when the two tables are one protocol's: the same volumes up to their order, b-values within
	 * {@link #B_TOLERANCE} s/mm² (or 2 % of b) and directions within 1° (u and −u alike), as {@link #between} maps them.
	 */
	public static boolean matches(GradientTable a, GradientTable b) {
		try {
			between(a, b, "the table");
			return true;
		} catch (IllegalArgumentException e) {
			return false;
		}
	}

	private static boolean same(GradientTable a, int i, GradientTable b, int j) {
		double ba = a.bval(i), bb = b.bval(j);
		if (Math.abs(ba - bb) > Math.max(B_TOLERANCE, 0.02 * Math.max(ba, bb))) return false;
		if (Math.max(ba, bb) <= 50) return true; // b0s: the direction means nothing
		if (a.hasNoDirection(i) || b.hasNoDirection(j)) return a.hasNoDirection(i) && b.hasNoDirection(j);
		double[] u = a.direction(i), w = b.direction(j);
		return Math.abs(u[0] * w[0] + u[1] * w[1] + u[2] * w[2]) >= COS_TOLERANCE;
	}
}
