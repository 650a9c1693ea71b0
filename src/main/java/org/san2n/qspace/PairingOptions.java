package org.san2n.qspace;

/**
 * How volumes are paired in q-space.
 *
 * @param b0Threshold    volumes with b at or below this (s/mm²) are b0s; default 50
 * @param shellTolerance the largest jump between sorted b-values inside one shell; default 100
 * @param fixedMaxAngle  the largest angle (degrees) to a partner; NaN (default) adapts it per shell
 */
public record PairingOptions(double b0Threshold, double shellTolerance, double fixedMaxAngle) {

	public static final PairingOptions DEFAULTS = new PairingOptions(50, 100, Double.NaN);

	public PairingOptions {
		if (!(b0Threshold >= 0)) throw new IllegalArgumentException("b0 threshold must be ≥ 0, got " + b0Threshold);
		if (!(shellTolerance > 0))
			throw new IllegalArgumentException("shell tolerance must be > 0, got " + shellTolerance);
		if (!Double.isNaN(fixedMaxAngle) && !(fixedMaxAngle > 0 && fixedMaxAngle <= 90))
			throw new IllegalArgumentException("maximum angle must be in (0, 90] degrees, got " + fixedMaxAngle);
	}

	public boolean adaptive() {
		return Double.isNaN(fixedMaxAngle);
	}

	public PairingOptions withFixedMaxAngle(double degrees) {
		return new PairingOptions(b0Threshold, shellTolerance, degrees);
	}

	public PairingOptions withB0Threshold(double b) {
		return new PairingOptions(b, shellTolerance, fixedMaxAngle);
	}
}
