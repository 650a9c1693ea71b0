package org.san2n.denoise;

/**
 * @param tile    edge of the cubic tile whose output one pass computes; 0 picks one that keeps the
 *                network's activations near {@link TiledDenoiser#ACTIVATION_BUDGET} bytes
 * @param outside what to write outside the mask
 */
public record DenoiseOptions(int tile, OutsideMask outside) {

	public static final DenoiseOptions DEFAULTS = new DenoiseOptions(0, OutsideMask.DENOISE);

	public DenoiseOptions {
		if (tile < 0) throw new IllegalArgumentException("tile size must be ≥ 1 (0: automatic), got " + tile);
		if (outside == null) throw new IllegalArgumentException("say what to do outside the mask");
	}

	public DenoiseOptions withTile(int t) {
		return new DenoiseOptions(t, outside);
	}

	public DenoiseOptions withOutside(OutsideMask o) {
		return new DenoiseOptions(tile, o);
	}
}
