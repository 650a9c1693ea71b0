package org.san2n.denoise;

/**
 * @param tile    edge of the cubic tile whose output one pass computes; 0 picks one that keeps the
 *                network's activations near {@link TiledDenoiser#ACTIVATION_BUDGET} bytes
 * @param outside what to write outside the mask
 * @param flips   average the network's output over the 8 mirror images of the scan (x, y, z flips),
 *                8× the inference time
 * @param unbias  remove the Rician bias from the network's output ({@link RicianBias})
 * @param refuse  refuse an output that fails its check ({@link ResidualCheck}), rather than write it with a warning
 */
public record DenoiseOptions(int tile, OutsideMask outside, boolean flips, boolean unbias, boolean refuse) {

	/**
	 * Mirror averaging and Rician bias removal are on: on the phantoms of bench/versus-peers.sh each made
	 * PSNR, SSIM and the FA error of a tensor fit better at SNR 8 and 15 (see README, Benchmarks).
	 */
	public static final DenoiseOptions DEFAULTS = new DenoiseOptions(0, OutsideMask.DENOISE, true, true, true);

	public DenoiseOptions {
		if (tile < 0) throw new IllegalArgumentException("tile size must be ≥ 1 (0: automatic), got " + tile);
		if (outside == null) throw new IllegalArgumentException("say what to do outside the mask");
	}

	public DenoiseOptions withTile(int t) {
		return new DenoiseOptions(t, outside, flips, unbias, refuse);
	}

	public DenoiseOptions withOutside(OutsideMask o) {
		return new DenoiseOptions(tile, o, flips, unbias, refuse);
	}

	public DenoiseOptions withFlips(boolean f) {
		return new DenoiseOptions(tile, outside, f, unbias, refuse);
	}

	public DenoiseOptions withUnbias(boolean u) {
		return new DenoiseOptions(tile, outside, flips, u, refuse);
	}

	/** Whether an output that fails its check is refused (true, the default) or written with a warning. */
	public DenoiseOptions withRefuse(boolean r) {
		return new DenoiseOptions(tile, outside, flips, unbias, r);
	}
}
