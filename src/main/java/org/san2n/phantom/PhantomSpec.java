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

	public PhantomSpec {
		if (size.length != 3 || Arrays.stream(size).anyMatch(s -> s < 4))
			throw new IllegalArgumentException("size needs three values of at least 4, got " + Arrays.toString(size));
		if (shells.length == 0 || Arrays.stream(shells).anyMatch(b -> !(b > 0)))
			throw new IllegalArgumentException("shells must be positive b-values, got " + Arrays.toString(shells));
		if (directions < 1) throw new IllegalArgumentException("directions must be ≥ 1, got " + directions);
		if (b0s < 0) throw new IllegalArgumentException("b0 count must be ≥ 0, got " + b0s);
		if (!(snr > 0)) throw new IllegalArgumentException("SNR must be > 0, got " + snr);
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
