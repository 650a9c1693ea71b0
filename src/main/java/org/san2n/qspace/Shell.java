package org.san2n.qspace;

/**
 * Volumes acquired at (nearly) one b-value.
 *
 * @param bvalue  the shell's nominal b-value: 0 for the b0 group, else the mean, rounded
 * @param volumes the volumes in acquisition order
 * @param b0      true for the group of b0 volumes
 */
public record Shell(double bvalue, int[] volumes, boolean b0) {

	public Shell {
		volumes = volumes.clone();
	}

	@Override
	public int[] volumes() {
		return volumes.clone();
	}

	public int size() {
		return volumes.length;
	}
}
