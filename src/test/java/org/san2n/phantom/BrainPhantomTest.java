package org.san2n.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.san2n.metrics.QualityMetrics;
import org.san2n.qspace.AngularPairing;
import org.san2n.qspace.PairingOptions;

class BrainPhantomTest {

	private static final PhantomSpec SMALL = new PhantomSpec(new int[] { 32, 32, 16 }, new double[] { 1000, 2000 }, 20,
			3, 10, 3);

	@Test
	void hasTheRequestedSchemeAndABrain() {
		var p = BrainPhantom.simulate(SMALL);
		assertArrayEquals(new long[] { 32, 32, 16, 43 }, p.noisy().image().dimensionsAsLongArray());
		double[] b = p.noisy().gradients().bvals();
		assertEquals(3, java.util.Arrays.stream(b).filter(v -> v == 0).count());
		assertEquals(20, java.util.Arrays.stream(b).filter(v -> v == 2000).count());
		assertEquals(0, b[0], "a b0 first");
		long brain = p.mask().count();
		assertTrue(brain > 0.2 * 32 * 32 * 16 && brain < 0.6 * 32 * 32 * 16, "brain voxels " + brain);
		assertEquals(0, AngularPairing.pair(p.noisy().gradients(), PairingOptions.DEFAULTS).selfPaired().length);
	}

	@Test
	void cleanSignalIsBrainLikeAndNoiseIsRicianAtTheRequestedLevel() {
		var p = BrainPhantom.simulate(SMALL);
		float[] clean = p.clean().toArray(), noisy = p.noisy().toArray();
		int n = 32 * 32 * 16;
		// Centre voxel: white matter, b0 = S0, attenuated with b.
		int centre = (8 * 32 + 16) * 32 + 22; // deep white matter, in an antero-posterior bundle
		assertEquals(BrainPhantom.S0, clean[centre], 0.15 * BrainPhantom.S0);
		for (int v = 0; v < 43; v++)
			assertTrue(clean[v * n + centre] <= clean[centre] + 1e-3);
		// Corner: no signal, so the noisy value is Rayleigh with mean σ√(π/2).
		double sum = 0;
		int count = 0;
		for (int v = 0; v < 43; v++)
			for (int i = 0; i < 32; i++) {
				sum += noisy[v * n + i];
				count++;
				assertEquals(0, clean[v * n + i], 0);
			}
		assertEquals(p.sigma() * Math.sqrt(Math.PI / 2), sum / count, 0.05 * p.sigma() * Math.sqrt(Math.PI / 2) + 3);
		assertEquals(BrainPhantom.S0 / 10, p.sigma(), 1e-9);
	}

	@Test
	void theSeedFixesEverything() {
		var a = BrainPhantom.simulate(SMALL);
		var b = BrainPhantom.simulate(SMALL);
		assertArrayEquals(a.noisy().toArray(), b.noisy().toArray());
		var c = BrainPhantom.simulate(new PhantomSpec(SMALL.size(), SMALL.shells(), 20, 3, 10, 4));
		assertTrue(QualityMetrics.score(a.noisy().toArray(), c.noisy().toArray(), new long[] { 32, 32, 16, 43 }, a.mask())
				.rmse() > 0);
	}
}
