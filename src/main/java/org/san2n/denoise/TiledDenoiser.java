package org.san2n.denoise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.Voxels;
import org.san2n.mask.BrainMask;
import org.san2n.model.NonFinite;
import org.san2n.model.SNet;
import org.san2n.model.San2nModel;
import org.san2n.model.StagingBuffer;
import org.san2n.model.VolumeMapping;
import org.san2n.progress.Progress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Applies a trained network to a whole scan in cubic tiles, each read with a halo of
 * {@link SNet#HALO} voxels that is cut off again, so that memory is bounded by the tile whatever the
 * scan's size. A halo is only added inside the scan: at the scan's border a tile ends where the scan
 * does and the network's own zero padding applies, so the result equals one pass over the whole scan.
 * Output: float32 in the scan's units, negative values clipped to 0 (magnitude data), with the scan's
 * gradients and geometry; held like a scan (on the heap, or memory-mapped when large).
 */
public final class TiledDenoiser {

	/**
	 * Bytes one tile may take inside PyTorch. On the CPU a 3³ convolution first unfolds its input into a
	 * matrix of 27 × channels values per voxel, so that workspace, not the activations, is what grows: with
	 * tiles sized for the activations alone (128 MB) a 65-volume scan peaked at 6.8 GB resident. 128 MB rather than more: smaller tiles were also faster (cache), 40 s against 44 s at
	 * 256 MB on a 96×96×60×65 scan, halo included.
	 */
	public static final long TILE_BUDGET = 128L << 20;

	/** float32 values per voxel of a tile and channel: the 27-fold unfolded input and about four activations. */
	static final int VALUES_PER_VOXEL_AND_CHANNEL = 27 + 4;

	private TiledDenoiser() {}

	/**
	 * @param mask  where the brain is; used only when {@code options.outside()} is not DENOISE (may be null then)
	 * @param scale the scan's intensity in network units (see {@link org.san2n.dwi.IntensityScale})
	 */
	public static DwiScan denoise(San2nModel model, DwiScan scan, BrainMask mask, double scale, DenoiseOptions options,
			Progress progress) throws IOException {
		return denoise(model, scan, null, mask, scale, options, progress);
	}

	/**
	 * @param base MP-PCA's result on the scan, the network's second input for a model that refines it
	 *             (its objective's {@code inputChannels} is 2N); null for the others
	 */
	public static DwiScan denoise(San2nModel model, DwiScan scan, DwiScan base, BrainMask mask, double scale, DenoiseOptions options,
			Progress progress) throws IOException {
		boolean refines = model.metadata().trainedFor().inputChannels(scan.volumes()) == 2 * scan.volumes();
		if (refines != (base != null))
			throw new IllegalArgumentException(refines ? "this model refines MP-PCA: give MP-PCA's result on the scan"
					: "this model takes the scan alone");
		if (options.outside() != OutsideMask.DENOISE && mask == null)
			throw new IllegalArgumentException("keeping or zeroing voxels outside the mask needs a mask");
		if (mask != null && !Arrays.equals(mask.shape(), scan.spatialShape()))
			throw new IllegalArgumentException("mask of " + Arrays.toString(mask.shape()) + " for a scan of "
					+ Arrays.toString(scan.spatialShape()));
		int[] map = VolumeMapping.between(model.metadata().gradients(), scan.gradients(), "the scan");
		int n = scan.volumes(), nx = scan.width(), ny = scan.height(), nz = scan.depth();
		int tile = options.tile() > 0 ? options.tile() : automaticTile(Math.max(base == null ? n : 2 * n, model.metadata().width()));
		// The result is as large as the scan: beside the heap, like the scan, when it is large.
		Voxels dst = Voxels.allocate(scan.voxels().shape(), Path.of(System.getProperty("java.io.tmpdir")));
		int tx = ceilDiv(nx, tile), ty = ceilDiv(ny, tile), tz = ceilDiv(nz, tile);
		long tiles = (long) tx * ty * tz, done = 0;
		StagingBuffer staging = new StagingBuffer();
		progress.update("denoising", 0, tiles);
		for (int z0 = 0; z0 < nz; z0 += tile)
			for (int y0 = 0; y0 < ny; y0 += tile)
				for (int x0 = 0; x0 < nx; x0 += tile) {
					progress.checkCancelled();
					Box core = new Box(x0, y0, z0, Math.min(nx, x0 + tile), Math.min(ny, y0 + tile), Math.min(nz, z0 + tile));
					Box read = core.grow(SNet.HALO, nx, ny, nz);
					float[] out = denoiseTile(model, scan, base, map, nx, ny, nz, read, core, mask, scale, options, staging);
					write(out, dst, map, nx, ny, nz, core);
					progress.update("denoising", ++done, tiles);
				}
		return scan.withVoxels(dst);
	}

	/** The largest tile edge whose (edge + 2·halo)³ voxels of {@code channels} channels fit {@link #TILE_BUDGET}. */
	static int automaticTile(int channels) {
		double side = Math.cbrt(TILE_BUDGET / (4.0 * VALUES_PER_VOXEL_AND_CHANNEL * channels));
		return Math.max(8, (int) side - 2 * SNet.HALO);
	}

	private static float[] denoiseTile(San2nModel model, DwiScan src, DwiScan base, int[] map, int nx, int ny, int nz, Box read,
			Box core, BrainMask mask, double scale, DenoiseOptions options, StagingBuffer staging) {
		OutsideMask outside = options.outside();
		int n = map.length, rx = read.dx(), ry = read.dy(), rz = read.dz(), channels = base == null ? n : 2 * n;
		float[] input = new float[channels * rx * ry * rz];
		for (int c = 0; c < channels; c++) {
			DwiScan from = c < n ? src : base;
			for (int z = 0; z < rz; z++)
				for (int y = 0; y < ry; y++)
					from.copy(index(read.x0, read.y0 + y, read.z0 + z, map[c % n], nx, ny, nz), input, ((c * rz + z) * ry + y) * rx, rx);
		}
		try (NDManager m = model.newScope()) {
			NDArray all = staging.upload(m, input, new Shape(1, channels, rz, ry, rx));
			NDArray raw = base == null ? all : all.get(new NDIndex(":, 0:{}", n));
			NDArray x = NonFinite.zeroed(all).div((float) scale);
			NDArray result = (options.flips() ? mirrored(model, x) : model.apply(x)).mul((float) scale).maximum(0f);
			NDIndex inner = new NDIndex(":, :, {}:{}, {}:{}, {}:{}", core.z0 - read.z0, core.z1 - read.z0, core.y0 - read.y0,
					core.y1 - read.y0, core.x0 - read.x0, core.x1 - read.x0);
			NDArray den = result.get(inner);
			if (outside != OutsideMask.DENOISE) {
				// 0/1 weights broadcast over the channels (where() does not broadcast here).
				NDArray inside = m.create(maskTile(mask, core, nx, ny), new Shape(1, 1, core.dz(), core.dy(), core.dx())).neq(0)
						.toType(DataType.FLOAT32, false);
				den = den.mul(inside);
				if (outside == OutsideMask.KEEP) den = den.add(raw.get(inner).mul(inside.neg().add(1f)));
			}
			return den.toDevice(ai.djl.Device.cpu(), false).toFloatArray();
		}
	}

	/**
	 * The mean of the network's outputs over the tile and its 7 mirror images (flipped back). A flipped
	 * read box is the read box of the flipped scan, halo included, so this equals denoising each mirrored
	 * scan whole and averaging.
	 */
	private static NDArray mirrored(San2nModel model, NDArray x) {
		NDArray sum = model.apply(x);
		int[][] flips = { { 2 }, { 3 }, { 4 }, { 2, 3 }, { 2, 4 }, { 3, 4 }, { 2, 3, 4 } };
		for (int[] axes : flips)
			sum = sum.add(model.apply(x.flip(axes)).flip(axes));
		return sum.div(8f);
	}

	private static byte[] maskTile(BrainMask mask, Box core, int nx, int ny) {
		byte[] inside = mask.inside();
		byte[] tile = new byte[core.dx() * core.dy() * core.dz()];
		for (int z = 0; z < core.dz(); z++)
			for (int y = 0; y < core.dy(); y++)
				System.arraycopy(inside, ((core.z0 + z) * ny + core.y0 + y) * nx + core.x0, tile, (z * core.dy() + y) * core.dx(),
						core.dx());
		return tile;
	}

	private static void write(float[] tile, Voxels dst, int[] map, int nx, int ny, int nz, Box core) {
		int cx = core.dx(), cy = core.dy(), cz = core.dz();
		for (int c = 0; c < map.length; c++)
			for (int z = 0; z < cz; z++)
				for (int y = 0; y < cy; y++)
					dst.set(index(core.x0, core.y0 + y, core.z0 + z, map[c], nx, ny, nz), tile, ((c * cz + z) * cy + y) * cx, cx);
	}

	private static long index(int x, int y, int z, int v, int nx, int ny, int nz) {
		return (((long) v * nz + z) * ny + y) * nx + x;
	}

	private static int ceilDiv(int a, int b) {
		return (a + b - 1) / b;
	}

	/** [x0, x1) × [y0, y1) × [z0, z1). */
	private record Box(int x0, int y0, int z0, int x1, int y1, int z1) {

		int dx() {
			return x1 - x0;
		}

		int dy() {
			return y1 - y0;
		}

		int dz() {
			return z1 - z0;
		}

		Box grow(int by, int nx, int ny, int nz) {
			return new Box(Math.max(0, x0 - by), Math.max(0, y0 - by), Math.max(0, z0 - by), Math.min(nx, x1 + by),
					Math.min(ny, y1 + by), Math.min(nz, z1 + by));
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "[%d,%d)×[%d,%d)×[%d,%d)", x0, x1, y0, y1, z0, z1);
		}
	}
}
