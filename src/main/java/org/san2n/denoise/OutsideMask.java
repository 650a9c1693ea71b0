package org.san2n.denoise;

/** What the denoised scan holds outside the brain mask. */
public enum OutsideMask {
	/** The network's output everywhere (default). */
	DENOISE,
	/** The input's values outside the mask. */
	KEEP,
	/** Zero outside the mask. */
	ZERO
}
