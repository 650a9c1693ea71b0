package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.mppca.PolyphaseMpPca;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.sampling.PatchGrid;

class ComponentStackTest {

	/** An odd width: the x-even components are one voxel wider than the x-odd ones, which are padded with zeros. */
	static final BrainPhantom.Phantom P = BrainPhantom.simulate(new PhantomSpec(new int[] { 21, 18, 5 }, new double[] { 1000 }, 4, 1, 10, 3));

	@Test
	void componentsFollowOneAnotherAlongZWithZeroGaps() {
		DwiScan scan = P.noisy();
		int gap = 6;
		List<DwiScan> parts = new ArrayList<>();
		List<BrainMask> masks = new ArrayList<>();
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2; j++) {
				parts.add(PolyphaseMpPca.phase(scan, i, j));
				masks.add(PolyphaseMpPca.phase(P.mask(), i, j));
			}
		DwiScan stacked = ComponentStack.scans(parts, gap);
		BrainMask mask = ComponentStack.masks(masks, gap);
		assertArrayEquals(new long[] { 11, 9, 4 * 5 + 3 * gap, scan.volumes() }, stacked.voxels().shape());
		assertArrayEquals(new long[] { 11, 9, 4 * 5 + 3 * gap }, mask.shape());
		// Filled one component at a time (as the training features are): the same stack.
		var filled = net.imglib2.img.array.ArrayImgs.floats(ComponentStack.shape(scan.voxels().shape(), gap));
		for (int k = 0; k < 4; k++)
			ComponentStack.put(parts.get(k).image(), filled, k, 5, gap);
		assertArrayEquals(stacked.voxels().shape(), filled.dimensionsAsLongArray());
		float[] one = new float[(int) stacked.voxels().size()];
		stacked.voxels().get(0, one, 0, one.length);
		assertArrayEquals(one, filled.update(null).getCurrentStorageArray());
		int nx = 11, ny = 9;
		for (int v = 0; v < scan.volumes(); v++) {
			float[] all = stacked.volumeArray(v), original = scan.volumeArray(v);
			for (int k = 0; k < 4; k++) {
				int i = k / 2, j = k % 2, z0 = k * (5 + gap);
				for (int z = 0; z < 5 + (k < 3 ? gap : 0); z++)
					for (int y = 0; y < ny; y++)
						for (int x = 0; x < nx; x++) {
							int at = ((z0 + z) * ny + y) * nx + x;
							int ox = 2 * x + i, oy = 2 * y + j;
							boolean inside = z < 5 && ox < 21 && oy < 18;
							float expected = inside ? original[(z * 18 + oy) * 21 + ox] : 0;
							assertEquals(expected, all[at], "volume " + v + ", component " + k + ", (" + x + ", " + y + ", " + z + ")");
							if (v == 0)
								assertEquals(inside && P.mask().contains((z * 18 + oy) * 21 + ox), mask.contains(at), "mask at " + at);
						}
			}
		}
	}

	@Test
	void noTrainingPatchReachesFromOneComponentIntoTheNext() {
		int patch = 4, depth = 5;
		List<BrainMask> masks = new ArrayList<>();
		for (int k = 0; k < 4; k++)
			masks.add(BrainMask.full(6, 6, depth));
		int gap = ComponentStack.gap(patch);
		PatchGrid grid = PatchGrid.over(ComponentStack.masks(masks, gap), patch, 2);
		assertTrue(grid.positions() > 0);
		for (int p = 0; p < grid.positions(); p++) {
			int z = grid.origin(p)[2];
			long components = java.util.stream.IntStream.range(0, 4)
					.filter(k -> z < k * (depth + gap) + depth && z + patch > k * (depth + gap)).count();
			assertEquals(1, components, "the patch at z = " + z);
		}
	}
}
