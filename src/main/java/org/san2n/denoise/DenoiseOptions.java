package org.san2n.denoise;

/**
 * @param tile    edge of the cubic tile whose output one pass computes; 0 picks one that keeps the
 *                network's working memory near {@link TiledDenoiser#TILE_BUDGET} bytes
 * @param outside what to write outside the mask
 * @param flips   average the network's output over the 8 mirror images of the scan (x, y, z flips),
 *                8× the inference time
 * @param unbias  remove the Rician bias from the network's output ({@link RicianBias})
 * @param refuse  refuse an output that fails its check ({@link ResidualCheck}), rather than write it with a warning
 * @param zeroNonFinite where the input is NaN or infinite, write 0 rather than the input's value
 *                (see {@link org.san2n.dwi.NonFiniteVoxels})
 * @param coils   receiver coils combined by root-sum-of-squares, for the bias removal (non-central χ); 1: one coil
 *                (Rician); 0: counted on the scan's background ({@link org.san2n.noise.CoilCount}), one coil where it cannot be
 */
public record DenoiseOptions(int tile, OutsideMask outside, boolean flips, boolean unbias, boolean refuse, boolean zeroNonFinite,
		int coils) {

	/**
	 * Mirror averaging and Rician bias removal are on: on the phantoms of bench/versus-peers.sh each made
	 * PSNR, SSIM and the FA error of a tensor fit better at SNR 8 and 15 (see README, Benchmarks).
	 */
	public static final DenoiseOptions DEFAULTS = new DenoiseOptions(0, OutsideMask.DENOISE, true, true, true, false, 0);

	/**
	 * Below MIN_TILE a tile costs several times its own volume in halo (a tile of 1 computes 125 voxels for
	 * each it keeps: hours on a clinical scan), so the front ends refuse it; the engine takes any tile ≥ 1
	 * (tests tile tiny scans). Above MAX_TILE one tile's activations are gigabytes.
	 */
	public static final int MIN_TILE = 8, MAX_TILE = 512;

	/** What a user may ask for: 0 (automatic) or MIN_TILE–MAX_TILE. */
	public static int requireUsefulTile(int tile) {
		if (tile != 0 && (tile < MIN_TILE || tile > MAX_TILE))
			throw new IllegalArgumentException("tile size must be " + MIN_TILE + "–" + MAX_TILE + " voxels (0: automatic), got " + tile
					+ (tile > 0 && tile < MIN_TILE ? "; smaller tiles spend most of their time on the halo around them" : ""));
		return tile;
	}

	public DenoiseOptions {
		if (tile < 0 || tile > MAX_TILE)
			throw new IllegalArgumentException("tile size must be " + MIN_TILE + "–" + MAX_TILE + " voxels (0: automatic), got " + tile);
		if (outside == null) throw new IllegalArgumentException("say what to do outside the mask");
		if (coils < 0 || coils > RicianBias.MAX_COILS)
			throw new IllegalArgumentException("coils must be 0–" + RicianBias.MAX_COILS + " (0: one coil), got " + coils);
	}

	public DenoiseOptions withTile(int t) {
		return new DenoiseOptions(t, outside, flips, unbias, refuse, zeroNonFinite, coils);
	}

	public DenoiseOptions withOutside(OutsideMask o) {
		return new DenoiseOptions(tile, o, flips, unbias, refuse, zeroNonFinite, coils);
	}

	public DenoiseOptions withFlips(boolean f) {
		return new DenoiseOptions(tile, outside, f, unbias, refuse, zeroNonFinite, coils);
	}

	public DenoiseOptions withUnbias(boolean u) {
		return new DenoiseOptions(tile, outside, flips, u, refuse, zeroNonFinite, coils);
	}

	/** Whether an output that fails its check is refused (true, the default) or written with a warning. */
	public DenoiseOptions withRefuse(boolean r) {
		return new DenoiseOptions(tile, outside, flips, unbias, r, zeroNonFinite, coils);
	}

	/** Where the input is NaN or ±∞: the input's value (false, the default) or 0 in the output. */
	public DenoiseOptions withZeroNonFinite(boolean z) {
		return new DenoiseOptions(tile, outside, flips, unbias, refuse, z, coils);
	}

	/** Receiver coils for the bias removal (1: one coil, Rician; 0: counted on the background, see {@link org.san2n.noise.CoilCount}). */
	public DenoiseOptions withCoils(int c) {
		return new DenoiseOptions(tile, outside, flips, unbias, refuse, zeroNonFinite, c);
	}

	/** The bias removal for these options' coils (0 taken as one: count them first, as the denoising does). */
	public RicianBias bias() {
		return RicianBias.forCoils(coils);
	}
}
