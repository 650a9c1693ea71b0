package org.san2n.sampling;

import java.util.ArrayList;
import java.util.List;

import org.san2n.mask.BrainMask;

/**
 * Patch positions on a regular grid (docs/METHOD.md §2): cubes of {@code size} voxels every {@code stride}
 * voxels along each axis, as many as cover the volume (the last may cross the border and is then
 * zero-padded), kept where at least one mask voxel falls inside.
 */
public final class PatchGrid {

	private final int size;
	private final int stride;
	private final long[] shape;
	private final int[] origins; // x, y, z per position

	private PatchGrid(int size, int stride, long[] shape, int[] origins) {
		this.size = size;
		this.stride = stride;
		this.shape = shape.clone();
		this.origins = origins;
	}

	public static PatchGrid over(BrainMask mask, int size, int stride) {
		if (size < 2 || size % 2 != 0) throw new IllegalArgumentException("patch size must be even and ≥ 2, got " + size);
		if (stride < 1) throw new IllegalArgumentException("stride must be ≥ 1, got " + stride);
		long[] shape = mask.shape();
		int nx = (int) shape[0], ny = (int) shape[1], nz = (int) shape[2];
		long[] integral = integral(mask.inside(), nx, ny, nz);
		List<int[]> kept = new ArrayList<>();
		for (int z : starts(nz, size, stride))
			for (int y : starts(ny, size, stride))
				for (int x : starts(nx, size, stride))
					if (count(integral, nx, ny, nz, x, y, z, size) > 0) kept.add(new int[] { x, y, z });
		int[] origins = new int[kept.size() * 3];
		for (int i = 0; i < kept.size(); i++)
			System.arraycopy(kept.get(i), 0, origins, 3 * i, 3);
		return new PatchGrid(size, stride, shape, origins);
	}

	/** 0, stride, 2·stride … until every voxel is covered. */
	static int[] starts(int n, int size, int stride) {
		int count = n <= size ? 1 : (n - size + stride - 1) / stride + 1;
		int[] s = new int[count];
		for (int i = 0; i < count; i++)
			s[i] = i * stride;
		return s;
	}

	public int size() {
		return size;
	}

	public int stride() {
		return stride;
	}

	public long[] shape() {
		return shape.clone();
	}

	public int positions() {
		return origins.length / 3;
	}

	/**
	 * Splits off {@code count} positions, drawn with {@code seed}, for validation: returns {training,
	 * validation}. Positions overlap their neighbours (stride &lt; size), so the split is not spatially
	 * disjoint; it serves to watch the self-supervised loss on patches the optimiser does not step on.
	 */
	public PatchGrid[] split(int count, long seed) {
		int n = positions();
		if (count < 0 || count >= n) throw new IllegalArgumentException("cannot hold out " + count + " of " + n + " positions");
		int[] order = java.util.stream.IntStream.range(0, n).toArray();
		java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1), t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		int[] held = java.util.Arrays.copyOf(order, count), kept = java.util.Arrays.copyOfRange(order, count, n);
		java.util.Arrays.sort(held);
		java.util.Arrays.sort(kept);
		return new PatchGrid[] { select(kept), select(held) };
	}

	private PatchGrid select(int[] positions) {
		int[] o = new int[positions.length * 3];
		for (int i = 0; i < positions.length; i++)
			System.arraycopy(origins, 3 * positions[i], o, 3 * i, 3);
		return new PatchGrid(size, stride, shape, o);
	}

	/** The patch's first voxel (x, y, z). */
	public int[] origin(int position) {
		return new int[] { origins[3 * position], origins[3 * position + 1], origins[3 * position + 2] };
	}

	/** Summed-volume table with a zero border: mask voxels in any box in O(1). */
	private static long[] integral(byte[] m, int nx, int ny, int nz) {
		int sx = nx + 1, sxy = sx * (ny + 1);
		long[] s = new long[sxy * (nz + 1)];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++) {
				long row = 0;
				int src = (z * ny + y) * nx;
				int dst = (z + 1) * sxy + (y + 1) * sx + 1;
				for (int x = 0; x < nx; x++) {
					row += m[src + x] != 0 ? 1 : 0;
					s[dst + x] = row + s[dst + x - sx] + s[dst + x - sxy] - s[dst + x - sx - sxy];
				}
			}
		return s;
	}

	private static long count(long[] s, int nx, int ny, int nz, int x0, int y0, int z0, int size) {
		int x1 = Math.min(nx, x0 + size), y1 = Math.min(ny, y0 + size), z1 = Math.min(nz, z0 + size);
		int sx = nx + 1, sxy = sx * (ny + 1);
		return s[z1 * sxy + y1 * sx + x1] - s[z0 * sxy + y1 * sx + x1] - s[z1 * sxy + y0 * sx + x1]
				- s[z1 * sxy + y1 * sx + x0] + s[z0 * sxy + y0 * sx + x1] + s[z0 * sxy + y1 * sx + x0]
				+ s[z1 * sxy + y0 * sx + x0] - s[z0 * sxy + y0 * sx + x0];
	}
}
