package org.san2n.phantom;

import java.util.Arrays;

/**
 * What to simulate.
 *
 * @param size       x, y, z in voxels
 * @param shells     b-values of the diffusion shells (s/mm²)
 * @param directions directions per shell
 * @param b0s        number of b0 volumes, spread through the acquisition
 * @param snr        b0 white-matter signal over the noise σ
 * @param seed       fixes directions and noise
 */
public record PhantomSpec(int[] size, double[] shells, int directions, int b0s, double snr, long seed) {

	public static final PhantomSpec DEFAULT = new PhantomSpec(new int[] { 64, 64, 32 }, new double[] { 1000, 2000 },
			30, 3, 15, 1);

	/** The phantom is simulated in Java arrays (clean and noisy), which hold at most this many values. */
	static final long MAX_VALUES = Integer.MAX_VALUE - 8;

	public PhantomSpec {
		if (size.length != 3 || Arrays.stream(size).anyMatch(s -> s < 4))
			throw new IllegalArgumentException("size needs three values of at least 4, got " + Arrays.toString(size));
		if (shells.length == 0 || Arrays.stream(shells).anyMatch(b -> !(b > 0)))
			throw new IllegalArgumentException("shells must be positive b-values, got " + Arrays.toString(shells));
		if (directions < 1) throw new IllegalArgumentException("directions must be ≥ 1, got " + directions);
		if (b0s < 0) throw new IllegalArgumentException("b0 count must be ≥ 0, got " + b0s);
		if (!(snr > 0)) throw new IllegalArgumentException("SNR must be > 0, got " + snr);
		if (Arrays.stream(size).anyMatch(s -> s > Short.MAX_VALUE))
			throw new IllegalArgumentException("size must be at most " + Short.MAX_VALUE + " voxels a side (NIfTI-1), got " + Arrays.toString(size));
		long values = (long) size[0] * size[1] * size[2] * ((long) shells.length * directions + b0s);
		if (values > MAX_VALUES)
			throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
					"a phantom of %s voxels × %d volumes has %.3g values; at most %d fit in memory as one array",
					Arrays.toString(size), (long) shells.length * directions + b0s, (double) values, MAX_VALUES));
		size = size.clone();
		shells = shells.clone();
	}

	@Override
	public int[] size() {
		return size.clone();
	}

	@Override
	public double[] shells() {
		return shells.clone();
	}

	public int volumes() {
		return b0s + shells.length * directions;
	}
}
