package org.san2n.qspace;

import java.nio.file.Path;

/**
 * b-values and unit gradient directions, one per diffusion volume. b0 rows may have zero vectors.
 * Immutable: accessors return copies.
 */
public record GradientTable(double[] bvals, double[][] bvecs) {

	public GradientTable {
		if (bvals.length != bvecs.length)
			throw new IllegalArgumentException(bvals.length + " b-values but " + bvecs.length + " directions");
		bvals = bvals.clone();
		double[][] unit = new double[bvecs.length][];
		for (int i = 0; i < bvecs.length; i++) {
			if (bvecs[i].length != 3)
				throw new IllegalArgumentException("direction " + i + " has " + bvecs[i].length + " components, not 3");
			unit[i] = normalised(bvecs[i]);
		}
		bvecs = unit;
	}

	@Override
	public double[] bvals() {
		return bvals.clone();
	}

	@Override
	public double[][] bvecs() {
		double[][] c = new double[bvecs.length][];
		for (int i = 0; i < c.length; i++)
			c[i] = bvecs[i].clone();
		return c;
	}

	public int size() {
		return bvals.length;
	}

	public double bval(int volume) {
		return bvals[volume];
	}

	public double[] direction(int volume) {
		return bvecs[volume].clone();
	}

	/** True when the direction is a zero vector (b0 rows, trace images). */
	public boolean hasNoDirection(int volume) {
		double[] u = bvecs[volume];
		return u[0] == 0 && u[1] == 0 && u[2] == 0;
	}

	/**
	 * A warning when volumes with b above {@code b0Threshold} have no direction (a zero vector): they
	 * cannot be paired by angle, so SAN2N pairs them with themselves, and a tensor fit will misread them.
	 * Null when there are none. Trace-weighted images are made this way, so this is said, not refused.
	 */
	public String missingDirections(double b0Threshold) {
		java.util.List<String> which = new java.util.ArrayList<>();
		for (int v = 0; v < bvals.length; v++)
			if (bvals[v] > b0Threshold && hasNoDirection(v)) which.add(v + " (b=" + Math.round(bvals[v]) + ")");
		if (which.isEmpty()) return null;
		String list = which.size() <= 10 ? String.join(", ", which) : String.join(", ", which.subList(0, 10)) + " and " + (which.size() - 10) + " more";
		return "warning: " + which.size() + " diffusion-weighted volume" + (which.size() == 1 ? " has" : "s have")
				+ " a zero gradient direction: " + list + "; they are paired with themselves (are the bvecs right?)";
	}

	/** Refuses a table whose length is not the scan's number of volumes, naming both counts. */
	public void requireVolumes(long volumes, Path scan) {
		if (volumes != bvals.length)
			throw new IllegalArgumentException("the gradient table has " + bvals.length + " entries but " + scan
					+ " has " + volumes + " volumes (4th dimension)");
	}

	private static double[] normalised(double[] v) {
		double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
		if (n < 1e-6) return new double[3];
		return new double[] { v[0] / n, v[1] / n, v[2] / n };
	}
}
