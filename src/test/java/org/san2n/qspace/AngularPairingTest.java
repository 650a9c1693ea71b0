package org.san2n.qspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.san2n.Fixtures;

class AngularPairingTest {

	private static GradientTable fixture() throws IOException {
		Path dir = Fixtures.dir("gradients");
		return FslGradientReader.read(dir.resolve("fsl_rows.bvals"), dir.resolve("fsl_rows.bvecs"));
	}

	@Test
	void clustersJitteredShells() {
		double[] b = { 0, 995, 1000, 1010, 5, 1950, 2050, 2000, 3000 };
		double[][] v = new double[b.length][];
		for (int i = 0; i < b.length; i++)
			v[i] = new double[] { 1, i, 0 };
		List<Shell> shells = ShellClustering.shells(new GradientTable(b, v), 50, 100);
		assertEquals(4, shells.size());
		assertArrayEquals(new int[] { 0, 4 }, shells.get(0).volumes());
		assertArrayEquals(new int[] { 1, 2, 3 }, shells.get(1).volumes());
		assertEquals(1002, shells.get(1).bvalue());
		assertArrayEquals(new int[] { 5, 6, 7 }, shells.get(2).volumes());
		assertArrayEquals(new int[] { 8 }, shells.get(3).volumes());
		assertEquals(2, ShellClustering.shells(new GradientTable(b, v), 4, 100).get(0).size() + 1,
				"b=5 is a b0 only under a threshold of at least 5");
	}

	@Test
	void pairsFixtureWithNearestDirectionsAsNumpyComputes() throws IOException {
		QSpacePairing p = AngularPairing.pair(fixture(), PairingOptions.DEFAULTS.withFixedMaxAngle(90));
		// Expected partners and angles computed independently with numpy (arccos |u·w|).
		int[] partner = { 4, 2, 3, 2, 0, 6, 7, 6, 10, 7, 3, 6 };
		double[] angle = { 0, 30.7509, 29.2111, 29.2111, 0, 42.9268, 35.9242, 35.9242, 48.6436, 54.7289, 39.4309,
				50.5829 };
		assertArrayEquals(partner, p.partner());
		assertArrayEquals(angle, p.angle(), 1e-3);
	}

	@Test
	void adaptiveThresholdLeavesOutlyingDirectionsSelfPaired() throws IOException {
		QSpacePairing p = AngularPairing.pair(fixture(), PairingOptions.DEFAULTS);
		// Shell medians 30.75° and 42.9° give thresholds of 40° (the cap): 48.6°, 42.9°, 54.7°, 50.6° stay alone.
		assertArrayEquals(new int[] { 5, 8, 9, 11 }, p.selfPaired());
		assertEquals(40, p.shellMaxAngle()[1], 1e-9);
	}

	@Test
	void antipodalDirectionsAreTheSameMeasurement() throws IOException {
		GradientTable t = fixture();
		double[][] flipped = t.bvecs();
		for (int i = 1; i < flipped.length; i += 2)
			for (int k = 0; k < 3; k++)
				flipped[i][k] = -flipped[i][k];
		QSpacePairing a = AngularPairing.pair(t, PairingOptions.DEFAULTS);
		QSpacePairing b = AngularPairing.pair(new GradientTable(t.bvals(), flipped), PairingOptions.DEFAULTS);
		assertArrayEquals(a.partner(), b.partner());
		assertArrayEquals(a.angle(), b.angle(), 1e-9);
	}

	@Test
	void clinicalThirtyDirectionShellsPairEveryVolumeByDefaultButNotUnderFifteenDegrees() {
		GradientTable t = twoShellScheme(30, 3, new Random(7));
		QSpacePairing adaptive = AngularPairing.pair(t, PairingOptions.DEFAULTS);
		assertEquals(0, adaptive.selfPaired().length, "every volume has a partner");
		for (int v = 0; v < t.size(); v++) {
			int p = adaptive.partnerOf(v);
			assertEquals(adaptive.shellBValueOf(v), adaptive.shellBValueOf(p), "partner in the same shell");
			assertTrue(p != v);
		}
		QSpacePairing reference = AngularPairing.pair(t, PairingOptions.DEFAULTS.withFixedMaxAngle(15));
		assertTrue(reference.selfPaired().length > 40,
				"the fixed 15° rule leaves most of 60 directions alone: " + reference.selfPaired().length);
	}

	@Test
	void b0sPairWithTheNearestOtherB0AndALoneB0WithItself() {
		double[] b = { 0, 1000, 0, 1000, 1000, 0 };
		double[][] v = { { 0, 0, 0 }, { 1, 0, 0 }, { 0, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 0, 0, 0 } };
		QSpacePairing p = AngularPairing.pair(new GradientTable(b, v), PairingOptions.DEFAULTS);
		assertEquals(2, p.partnerOf(0));
		assertEquals(0, p.partnerOf(2));
		assertEquals(2, p.partnerOf(5));
		double[] one = { 0, 1000, 1000 };
		double[][] w = { { 0, 0, 0 }, { 1, 0, 0 }, { 0.95, 0.1, 0 } };
		assertEquals(0, AngularPairing.pair(new GradientTable(one, w), PairingOptions.DEFAULTS).partnerOf(0));
	}

	static GradientTable twoShellScheme(int directions, int b0s, Random random) {
		int n = b0s + 2 * directions;
		double[] b = new double[n];
		double[][] v = new double[n][];
		int k = 0;
		for (int i = 0; i < b0s; i++)
			v[k++] = new double[3];
		for (double shell : new double[] { 1000, 2000 }) {
			for (double[] u : GradientSchemes.halfSphere(directions, random)) {
				b[k] = shell;
				v[k++] = u;
			}
		}
		return new GradientTable(b, v);
	}
}
