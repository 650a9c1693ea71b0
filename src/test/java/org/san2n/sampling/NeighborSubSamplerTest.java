package org.san2n.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class NeighborSubSamplerTest {

	private static int[] xyz(int index, int s) {
		return new int[] { index % s, (index / s) % s, index / (s * s) };
	}

	@Test
	void twentyFourDistinctFaceAdjacentOrderedPairs() {
		Set<String> distinct = new HashSet<>();
		for (int[] p : NeighborSubSampler.PAIRS) {
			assertEquals(1, Integer.bitCount(p[0] ^ p[1]), "differ along one axis");
			distinct.add(p[0] + "," + p[1]);
		}
		assertEquals(24, distinct.size());
	}

	@Test
	void g1AndG2PickDifferentFaceAdjacentVoxelsOfTheSameCell() {
		int s = 16;
		var d = NeighborSubSampler.draw(s, 4, new SplittableRandom(5));
		for (int i = 0; i < d.first().length; i++) {
			int[] a = xyz(d.first()[i], s), b = xyz(d.second()[i], s);
			assertNotEquals(d.first()[i], d.second()[i]);
			int dist = 0;
			for (int k = 0; k < 3; k++) {
				dist += Math.abs(a[k] - b[k]);
				assertEquals(a[k] / 2, b[k] / 2, "same cell");
			}
			assertEquals(1, dist, "face-adjacent");
			int cell = i % d.cells(), h = s / 2;
			assertArrayEquals(new int[] { cell % h, (cell / h) % h, cell / (h * h) },
					new int[] { a[0] / 2, a[1] / 2, a[2] / 2 }, "cells in order, x fastest");
		}
	}

	@Test
	void drawsAreUniformOverThe24Pairs() {
		var d = NeighborSubSampler.draw(16, 48, new SplittableRandom(11)); // 48 × 512 cells
		long[] counts = new long[24];
		for (int k : d.pair())
			counts[k]++;
		double expected = d.pair().length / 24.0, chi2 = 0;
		for (long c : counts)
			chi2 += (c - expected) * (c - expected) / expected;
		// 23 degrees of freedom: P(χ² > 49.7) = 0.001.
		assertTrue(chi2 < 49.7, "chi-square " + chi2);
	}

	@Test
	void oneDrawAppliesToEveryChannelAndTensor() {
		int s = 4, channels = 3, batch = 2, cube = s * s * s;
		var d = NeighborSubSampler.draw(s, batch, new SplittableRandom(1));
		float[] p = new float[batch * channels * cube], q = new float[p.length];
		for (int b = 0; b < batch; b++)
			for (int c = 0; c < channels; c++)
				for (int i = 0; i < cube; i++) {
					p[(b * channels + c) * cube + i] = 1000 * c + i;
					q[(b * channels + c) * cube + i] = -(1000 * c + i);
				}
		float[] g1 = NeighborSubSampler.apply(d, d.first(), p, channels);
		float[] g1q = NeighborSubSampler.apply(d, d.first(), q, channels);
		float[] g2 = NeighborSubSampler.apply(d, d.second(), p, channels);
		int cells = d.cells();
		for (int b = 0; b < batch; b++)
			for (int c = 0; c < channels; c++)
				for (int k = 0; k < cells; k++) {
					int o = (b * channels + c) * cells + k;
					assertEquals(d.first()[b * cells + k], g1[o] - 1000 * c, 0);
					assertEquals(-g1[o], g1q[o], 0);
					assertEquals(d.second()[b * cells + k], g2[o] - 1000 * c, 0);
				}
	}

	@Test
	void theSeedFixesTheDraw() {
		assertArrayEquals(NeighborSubSampler.draw(8, 3, new SplittableRandom(9)).pair(),
				NeighborSubSampler.draw(8, 3, new SplittableRandom(9)).pair());
	}
}
