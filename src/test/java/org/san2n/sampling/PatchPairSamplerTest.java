package org.san2n.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.qspace.GradientTable;
import org.san2n.qspace.QSpacePairing;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class PatchPairSamplerTest {

	/** 21×19×17 voxels, 3 volumes; voxel value encodes its position and volume. */
	static DwiScan scan() {
		long[] dims = { 21, 19, 17, 3 };
		var img = ArrayImgs.floats(dims);
		Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().set(1 + c.getIntPosition(0) + 100 * c.getIntPosition(1) + 10000 * c.getIntPosition(2)
					+ 1e6f * c.getIntPosition(3));
		}
		double[][] g = { { 0, 0, 0 }, { 1, 0, 0 }, { 0, 1, 0 } };
		double[][] affine = { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };
		return new DwiScan(img, new GradientTable(new double[] { 0, 1000, 1000 }, g), org.san2n.space.ScanGeometry.of(affine, 1));
	}

	static QSpacePairing pairing() {
		// volume 1 ↔ 2, b0 alone
		return new QSpacePairing(new int[] { 0, 2, 1 }, new double[] { 0, 90, 90 }, java.util.List.of(), new double[0]);
	}

	@Test
	void gridCoversTheVolumeAndCrossesTheBorderOnlyAtTheEnd() {
		assertArrayEquals(new int[] { 0, 8, 16, 24, 32, 40, 48 }, PatchGrid.starts(64, 16, 8));
		int[] hcp = PatchGrid.starts(145, 16, 8);
		assertEquals(136, hcp[hcp.length - 1]);
		assertArrayEquals(new int[] { 0 }, PatchGrid.starts(10, 16, 8));
	}

	@Test
	void gridKeepsOnlyPatchesThatTouchTheMask() {
		byte[] m = new byte[40 * 40 * 40];
		m[(20 * 40 + 20) * 40 + 20] = 1;
		PatchGrid grid = PatchGrid.over(BrainMask.of(m, 40, 40, 40), 16, 8);
		assertEquals(8, grid.positions(), "origins 8 and 16 on each axis contain voxel 20");
		for (int i = 0; i < grid.positions(); i++)
			for (int o : grid.origin(i))
				assertTrue(o == 8 || o == 16);
		assertEquals(64, PatchGrid.over(BrainMask.full(40, 40, 40), 16, 8).positions());
	}

	@Test
	void patchesEqualAZeroExtendedViewOfYAndOfTheNeighbourScan() {
		DwiScan scan = scan();
		PatchGrid grid = PatchGrid.over(BrainMask.full(21, 19, 17), 8, 6);
		PatchPairSampler sampler = new PatchPairSampler(scan, pairing(), grid);
		int cube = 8 * 8 * 8;
		boolean sawBorder = false;
		for (int pos = 0; pos < grid.positions(); pos++) {
			float[] p = new float[3 * cube], q = new float[3 * cube];
			sampler.extract(pos, p, q, 0);
			int[] o = grid.origin(pos);
			sawBorder |= o[0] + 8 > 21 || o[1] + 8 > 19 || o[2] + 8 > 17;
			RandomAccess<FloatType> ra = Views.extendZero(scan.image()).randomAccess();
			int[] partner = pairing().partner();
			for (int c = 0; c < 3; c++)
				for (int z = 0; z < 8; z++)
					for (int y = 0; y < 8; y++)
						for (int x = 0; x < 8; x++) {
							int i = c * cube + (z * 8 + y) * 8 + x;
							long[] at = { o[0] + x, o[1] + y, o[2] + z, c };
							assertEquals(ra.setPositionAndGet(at).get(), p[i], "P at " + Arrays.toString(at));
							at[3] = partner[c];
							assertEquals(ra.setPositionAndGet(at).get(), q[i], "P' at " + Arrays.toString(at));
						}
		}
		assertTrue(sawBorder, "the grid has patches that cross the border");
	}

	@Test
	void aMemoryMappedScanGivesTheSamePatches(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
		DwiScan heap = scan();
		org.san2n.dwi.Voxels mapped = org.san2n.dwi.MappedVoxels.create(heap.voxels().shape(), tmp);
		float[] all = heap.toArray();
		mapped.set(0, all, 0, all.length);
		DwiScan onDisk = heap.withVoxels(mapped);
		PatchGrid grid = PatchGrid.over(BrainMask.full(21, 19, 17), 8, 6);
		PatchPairSampler a = new PatchPairSampler(heap, pairing(), grid), b = new PatchPairSampler(onDisk, pairing(), grid);
		int cube = 3 * 8 * 8 * 8;
		for (int pos = 0; pos < grid.positions(); pos++) {
			float[] p1 = new float[cube], q1 = new float[cube], p2 = new float[cube], q2 = new float[cube];
			a.extract(pos, p1, q1, 0);
			b.extract(pos, p2, q2, 0);
			org.junit.jupiter.api.Assertions.assertArrayEquals(p1, p2, 0);
			org.junit.jupiter.api.Assertions.assertArrayEquals(q1, q2, 0);
		}
	}

	@Test
	void epochsAreSeededPermutationsAndDropThePartialBatch() {
		PatchPairSampler sampler = new PatchPairSampler(scan(), pairing(), PatchGrid.over(BrainMask.full(21, 19, 17), 8, 4));
		int n = sampler.positions();
		int[] a = sampler.order(42, 1), b = sampler.order(42, 1);
		assertArrayEquals(a, b);
		assertArrayEquals(IntStream.range(0, n).toArray(), IntStream.of(a).sorted().toArray());
		assertFalse(Arrays.equals(a, sampler.order(42, 2)), "each epoch its own order");
		assertFalse(Arrays.equals(a, sampler.order(43, 1)), "each seed its own order");

		int batch = 7;
		Iterator<PatchBatch> it = sampler.epoch(42, 1, batch);
		Set<Integer> seen = new HashSet<>();
		float[] buffer = null;
		int batches = 0;
		while (it.hasNext()) {
			PatchBatch pb = it.next();
			if (buffer != null) assertSame(buffer, pb.input(), "one batch buffer, reused");
			buffer = pb.input();
			assertArrayEquals(new long[] { batch, 3, 8, 8, 8 }, pb.shape());
			for (int p : pb.positions())
				assertTrue(seen.add(p));
			batches++;
		}
		assertEquals(n / batch, batches);
		assertNotEquals(0, n % batch, "this grid leaves a partial batch to drop");
	}
}
