package org.san2n.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.qspace.GradientTable;

class VolumeMappingTest {

	final GradientTable t = TestModels.table(6, 2);

	@Test
	void sameTableIsTheIdentity() {
		assertArrayEquals(new int[] { 0, 1, 2, 3, 4, 5 }, VolumeMapping.between(t, t, "scan"));
	}

	@Test
	void flippedDirectionsAndRoundedBValuesStillMatch() {
		double[] b = t.bvals().clone();
		double[][] g = t.bvecs();
		b[2] = 995;
		g[3] = new double[] { -g[3][0], -g[3][1], -g[3][2] };
		assertArrayEquals(new int[] { 0, 1, 2, 3, 4, 5 }, VolumeMapping.between(t, new GradientTable(b, g), "scan"));
	}

	@Test
	void permutedTableGivesThePermutation() {
		int[] order = { 3, 0, 5, 1, 4, 2 }; // scan volume v holds model volume order[v]
		double[] b = new double[6];
		double[][] g = new double[6][];
		for (int v = 0; v < 6; v++) {
			b[v] = t.bval(order[v]);
			g[v] = t.direction(order[v]);
		}
		int[] map = VolumeMapping.between(t, new GradientTable(b, g), "scan");
		for (int v = 0; v < 6; v++)
			assertTrue(map[order[v]] == v, "model channel " + order[v] + " reads scan volume " + v);
	}

	@Test
	void otherTablesAreRefusedByName() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> VolumeMapping.between(t, TestModels.table(6, 77), "dwi.nii.gz"));
		assertTrue(e.getMessage().contains("dwi.nii.gz") && e.getMessage().contains("gradient table"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> VolumeMapping.between(t, TestModels.table(7, 2), "x"));
		assertTrue(e.getMessage().contains("6 volumes") && e.getMessage().contains("7"), e.getMessage());
	}
}
