package org.san2n.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * Some pipelines write NaN outside the brain; one NaN would spread through every convolution it
 * touches and poison a whole batch's loss. The network sees such voxels as 0.
 */
public final class NonFinite {

	private NonFinite() {}

	/** x with NaN and ±∞ replaced by 0. */
	public static NDArray zeroed(NDArray x) {
		return NDArrays.where(x.isNaN().logicalOr(x.isInfinite()), x.zerosLike(), x);
	}
}
