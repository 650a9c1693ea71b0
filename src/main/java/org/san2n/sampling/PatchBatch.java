package org.san2n.sampling;

/**
 * One batch of patch pairs, laid out as a (batch, channel, z, y, x) tensor, x fastest: {@code input}
 * holds P from Y, {@code partner} holds P' from the angular-neighbour scan Y'. The arrays are reused
 * by the next batch of the same epoch, so copy what must outlive it.
 */
public record PatchBatch(float[] input, float[] partner, int[] positions, int channels, int size) {

	public int batchSize() {
		return positions.length;
	}

	/** The tensor shape (batch, channels, size, size, size). */
	public long[] shape() {
		return new long[] { positions.length, channels, size, size, size };
	}
}
