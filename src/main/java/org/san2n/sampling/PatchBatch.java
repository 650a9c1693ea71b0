package org.san2n.sampling;

/**
 * One batch of patch pairs, laid out as a (batch, channel, z, y, x) tensor, x fastest: {@code input}
 * holds P from Y, {@code partner} holds P' from the angular-neighbour scan Y'. The arrays are reused
 * by the next batch of the same epoch, so copy what must outlive it. {@code positions} index {@code grid}. Both arrays
 * are null in a batch of positions only (see {@link PatchPairSampler#epoch(long, int, int, boolean, boolean)}), and
 * {@code partner} is null when P′ was not asked for.
 */
public record PatchBatch(float[] input, float[] partner, int[] positions, int channels, int size, PatchGrid grid) {

	/** The first voxel (x, y, z) of the batch's k-th patch. */
	public int[] origin(int k) {
		return grid.origin(positions[k]);
	}

	public int batchSize() {
		return positions.length;
	}

	/** The tensor shape (batch, channels, size, size, size). */
	public long[] shape() {
		return new long[] { positions.length, channels, size, size, size };
	}
}
