package org.san2n.sampling;

import java.util.SplittableRandom;

/**
 * The 3D neighbour sub-sampler of docs/METHOD.md §3 (Neighbor2Neighbor in 3D). A patch of size S is cut
 * into 2×2×2 cells; in every cell one ordered pair (a, b) of face-adjacent voxels is drawn from the 24
 * such pairs; g1 takes voxel a of every cell and g2 voxel b, giving two (S/2)³ sub-volumes.
 *
 * <p>
 * Cell voxels are numbered 0..7 as a space-to-depth of block 2 does: index = 4·dz + 2·dy + dx. One
 * draw is shared by every channel and every tensor of a training step.
 */
public final class NeighborSubSampler {

	/** The 24 ordered pairs of face-adjacent cell voxels: indices differing in exactly one bit. */
	public static final int[][] PAIRS = pairs();

	private NeighborSubSampler() {}

	/**
	 * One draw for a batch.
	 *
	 * @param first  for each (sample, cell), the flat index inside the S³ patch of the voxel g1 takes
	 * @param second the same for g2
	 * @param pair   for each (sample, cell), which of the 24 pairs was drawn
	 */
	public record Draw(int size, int batch, int[] first, int[] second, int[] pair) {

		public int cells() {
			int h = size / 2;
			return h * h * h;
		}
	}

	public static Draw draw(int size, int batch, SplittableRandom random) {
		if (size < 2 || size % 2 != 0) throw new IllegalArgumentException("patch size must be even, got " + size);
		int h = size / 2, cells = h * h * h;
		int[] first = new int[batch * cells], second = new int[batch * cells], pair = new int[batch * cells];
		for (int b = 0; b < batch; b++)
			for (int cz = 0; cz < h; cz++)
				for (int cy = 0; cy < h; cy++)
					for (int cx = 0; cx < h; cx++) {
						int i = b * cells + (cz * h + cy) * h + cx;
						int k = random.nextInt(PAIRS.length);
						pair[i] = k;
						first[i] = voxel(size, cx, cy, cz, PAIRS[k][0]);
						second[i] = voxel(size, cx, cy, cz, PAIRS[k][1]);
					}
		return new Draw(size, batch, first, second, pair);
	}

	/** Flat index in the S³ patch of voxel {@code k} (0..7) of cell (cx, cy, cz). */
	static int voxel(int size, int cx, int cy, int cz, int k) {
		int dx = k & 1, dy = (k >> 1) & 1, dz = (k >> 2) & 1;
		return ((2 * cz + dz) * size + (2 * cy + dy)) * size + (2 * cx + dx);
	}

	/**
	 * Applies one side of a draw to a (batch, channel, S, S, S) array, giving (batch, channel, S/2,
	 * S/2, S/2).
	 *
	 * @param indices {@link Draw#first()} for g1 or {@link Draw#second()} for g2
	 */
	public static float[] apply(Draw draw, int[] indices, float[] patches, int channels) {
		int s = draw.size(), cube = s * s * s, cells = draw.cells();
		float[] out = new float[draw.batch() * channels * cells];
		for (int b = 0; b < draw.batch(); b++)
			for (int c = 0; c < channels; c++) {
				int src = (b * channels + c) * cube, dst = (b * channels + c) * cells;
				for (int i = 0; i < cells; i++)
					out[dst + i] = patches[src + indices[b * cells + i]];
			}
		return out;
	}

	private static int[][] pairs() {
		int[][] p = new int[24][];
		int n = 0;
		for (int a = 0; a < 8; a++)
			for (int bit = 0; bit < 3; bit++)
				p[n++] = new int[] { a, a ^ (1 << bit) };
		return p;
	}
}
