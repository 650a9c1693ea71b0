package org.san2n.sampling;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.san2n.dwi.DwiScan;
import org.san2n.qspace.QSpacePairing;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Streams spatio-angular patch pairs (P, P') straight out of the scan (docs/METHOD.md §2): P from Y, P' from
 * Y' with Y'[..., v] = Y[..., p(v)], all volumes as channels, at the grid's positions, in a seeded
 * shuffled order per epoch. Only one batch exists at a time, so memory is the scan plus one batch.
 *
 * <p>
 * Patches inside the volume are copied a row at a time from the scan's array; those that cross the
 * border are read through a zero-extended ImgLib2 view of the volume, which pads them.
 */
public final class PatchPairSampler {

	private final DwiScan scan;
	private final int[] partner;
	private final PatchGrid grid;

	public PatchPairSampler(DwiScan scan, QSpacePairing pairing, PatchGrid grid) {
		if (pairing.volumes() != scan.volumes())
			throw new IllegalArgumentException("pairing of " + pairing.volumes() + " volumes for a scan of "
					+ scan.volumes());
		if (!Arrays.equals(grid.shape(), scan.spatialShape()))
			throw new IllegalArgumentException("patch grid over " + Arrays.toString(grid.shape()) + " for a scan of "
					+ Arrays.toString(scan.spatialShape()));
		this.scan = scan;
		this.partner = pairing.partner();
		this.grid = grid;
	}

	public PatchGrid grid() {
		return grid;
	}

	public int positions() {
		return grid.positions();
	}

	/** Full batches in one epoch (the last partial batch is dropped, as the reference does). */
	public int batchesPerEpoch(int batchSize) {
		return grid.positions() / batchSize;
	}

	/** The order in which an epoch visits the positions: fixed by the seed and the epoch number. */
	public int[] order(long seed, int epoch) {
		SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)));
		int[] order = IntStream.range(0, grid.positions()).toArray();
		for (int i = order.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		return order;
	}

	/** The batches of one epoch; each {@code next()} refills the same arrays. */
	public Iterator<PatchBatch> epoch(long seed, int epoch, int batchSize) {
		return epoch(seed, epoch, batchSize, true, true);
	}

	/**
	 * As {@link #epoch(long, int, int)}, extracting P only when {@code patches} and P′ only when {@code partners} too; a
	 * batch without them ({@link PatchBatch#input()}, {@link PatchBatch#partner()} null) gives its positions alone, for
	 * an objective that reads features of its own there: copying 2 × batch × N × S³ values it never reads cost a
	 * third of a 65-volume step.
	 */
	public Iterator<PatchBatch> epoch(long seed, int epoch, int batchSize, boolean patches, boolean partners) {
		if (batchSize < 1) throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
		int[] order = order(seed, epoch);
		int channels = scan.volumes(), s = grid.size();
		long sampleFloats = (long) channels * s * s * s;
		if (patches && sampleFloats * batchSize > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("a batch of " + batchSize + " patches of " + channels + "×" + s
					+ "³ does not fit in one array; use a smaller batch or patch");
		float[] input = patches ? new float[(int) (sampleFloats * batchSize)] : null;
		float[] partnerBuf = patches && partners ? new float[input.length] : null;
		int batches = batchesPerEpoch(batchSize);
		return new Iterator<>() {
			int next;

			@Override
			public boolean hasNext() {
				return next < batches;
			}

			@Override
			public PatchBatch next() {
				if (!hasNext()) throw new NoSuchElementException();
				int[] positions = Arrays.copyOfRange(order, next * batchSize, (next + 1) * batchSize);
				next++;
				if (input != null) IntStream.range(0, batchSize).parallel().forEach(b -> {
					extract(positions[b], input, partnerBuf, (int) (b * sampleFloats));
				});
				return new PatchBatch(input, partnerBuf, positions, channels, s, grid);
			}
		};
	}

	/**
	 * Writes the pair at a grid position into {@code p} and {@code pPrime} from {@code offset}, as
	 * (channel, z, y, x), x fastest; {@code pPrime} may be null (P alone).
	 */
	public void extract(int position, float[] p, float[] pPrime, int offset) {
		extractAt(grid.origin(position), p, pPrime, offset);
	}

	/** As {@link #extract}, for the patch whose first voxel is {@code o} (x, y, z), on this sampler's grid or not. */
	public void extractAt(int[] o, float[] p, float[] pPrime, int offset) {
		int s = grid.size();
		int nx = scan.width(), ny = scan.height(), nz = scan.depth();
		boolean inside = o[0] + s <= nx && o[1] + s <= ny && o[2] + s <= nz;
		int cube = s * s * s;
		for (int c = 0; c < scan.volumes(); c++) {
			int at = offset + c * cube;
			if (inside) {
				copyRows(c, o, p, at);
				if (pPrime != null) copyRows(partner[c], o, pPrime, at);
			} else {
				copyPadded(c, o, p, at);
				if (pPrime != null) copyPadded(partner[c], o, pPrime, at);
			}
		}
	}

	private void copyRows(int volume, int[] o, float[] dst, int at) {
		int s = grid.size(), nx = scan.width(), ny = scan.height();
		long base = volume * scan.volumeSize();
		for (int z = 0; z < s; z++)
			for (int y = 0; y < s; y++) {
				long row = base + ((long) (o[2] + z) * ny + (o[1] + y)) * nx + o[0];
				scan.copy(row, dst, at + (z * s + y) * s, s);
			}
	}

	private void copyPadded(int volume, int[] o, float[] dst, int at) {
		int s = grid.size();
		RandomAccessibleInterval<FloatType> patch = Views.interval(Views.extendZero(scan.volume(volume)),
				new FinalInterval(new long[] { o[0], o[1], o[2] }, new long[] { o[0] + s - 1, o[1] + s - 1, o[2] + s - 1 }));
		float[] cube = new float[s * s * s];
		LoopBuilder.setImages(Views.zeroMin(patch), ArrayImgs.floats(cube, s, s, s)).forEachPixel((a, b) -> b.set(a));
		System.arraycopy(cube, 0, dst, at, cube.length);
	}
}
