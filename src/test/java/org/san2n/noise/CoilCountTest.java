package org.san2n.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;

import net.imglib2.img.array.ArrayImgs;

class CoilCountTest {

	static final int NX = 48, NY = 48, NZ = 12, N = 12;

	/** A head (a box of signal 1000 in the middle) and, around it, root-sum-of-squares noise of {@code coils} coils, σ varying. */
	static DwiScan scan(int coils, long seed, double ghost) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] v = new float[NX * NY * NZ * N];
		for (int t = 0; t < N; t++)
			for (int z = 0; z < NZ; z++)
				for (int y = 0; y < NY; y++)
					for (int x = 0; x < NX; x++) {
						boolean head = inside(x, y);
						double sigma = 10 * (1 + 0.5 * Math.sin(x / 9.0) * Math.cos(y / 11.0)); // smooth, as coil sensitivities
						double a = head ? 1000 : (x * 7 + y * 13 + t * 5) % 10 == 0 ? ghost : 0; // a ghost: signal where there should be none
						double sum = 0;
						for (int c = 0; c < coils; c++) {
							double re = (c == 0 ? a : 0) + sigma * r.nextGaussian(), im = sigma * r.nextGaussian();
							sum += re * re + im * im;
						}
						v[((t * NZ + z) * NY + y) * NX + x] = (float) Math.sqrt(sum);
					}
		double[][] affine = { { 2, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 2, 0 }, { 0, 0, 0, 1 } };
		return new DwiScan(ArrayImgs.floats(v, NX, NY, NZ, N), TestModels.table(N, 2), org.san2n.space.ScanGeometry.of(affine, 1));
	}

	static boolean inside(int x, int y) {
		return Math.abs(x - NX / 2) < 6 && Math.abs(y - NY / 2) < 6;
	}

	static BrainMask mask() {
		byte[] m = new byte[NX * NY * NZ];
		for (int z = 0; z < NZ; z++)
			for (int y = 0; y < NY; y++)
				for (int x = 0; x < NX; x++)
					m[(z * NY + y) * NX + x] = (byte) (inside(x, y) ? 1 : 0);
		return BrainMask.of(m, NX, NY, NZ);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 4, 8 })
	void countsTheCoilsOfRootSumOfSquaresNoise(int coils) {
		CoilCount c = CoilCount.estimate(scan(coils, coils, 0), mask());
		assertEquals(coils, c.coils(), c.why());
		assertEquals(coils, c.fromFourthMoment(), 0.1 * coils, c.why());
		assertEquals(coils, c.fromFirstMoment(), 0.1 * coils, c.why());
		assertTrue(c.why().startsWith("receiver coils: " + coils + ", estimated"), c.why());
	}

	@Test
	void aBackgroundSetToZeroIsNoNoiseToCountOn() {
		DwiScan s = scan(4, 1, 0);
		float[] all = s.toArray();
		byte[] m = mask().inside();
		int size = NX * NY * NZ;
		for (int i = 0; i < all.length; i++)
			if (m[i % size] == 0) all[i] = 0;
		CoilCount c = CoilCount.estimate(new DwiScan(ArrayImgs.floats(all, NX, NY, NZ, N), s.gradients(), s.geometry()), mask());
		assertEquals(1, c.coils());
		assertEquals(0, c.windows());
		assertTrue(c.why().contains("one assumed") && c.why().contains("too few"), c.why());
	}

	@Test
	void aBackgroundWithGhostsIsNotCountedOn() {
		// Signal in the background (a ghost a few σ strong) is no χ law: the two moments disagree, and one coil is assumed.
		CoilCount c = CoilCount.estimate(scan(1, 3, 60), mask());
		assertEquals(1, c.coils(), c.why());
		assertTrue(c.why().contains("not the noise of root-sum-of-squares coils"), c.why());
	}

	@Test
	void aConstantBackgroundIsNotManyCoils() {
		// No spread at all: the fourth moment says ∞ coils, the first 128; they must not "agree".
		DwiScan s = scan(1, 4, 0);
		float[] all = s.toArray();
		byte[] m = mask().inside();
		int size = NX * NY * NZ;
		for (int i = 0; i < all.length; i++)
			if (m[i % size] == 0) all[i] = 1;
		CoilCount c = CoilCount.estimate(new DwiScan(ArrayImgs.floats(all, NX, NY, NZ, N), s.gradients(), s.geometry()), mask());
		assertEquals(1, c.coils(), c.why());
	}

	@Test
	void aNonFiniteVoxelInTheBrainDoesNotSpoilTheCount() {
		DwiScan s = scan(4, 5, 0);
		float[] all = s.toArray();
		all[(NZ / 2 * NY + NY / 2) * NX + NX / 2] = Float.NaN; // the middle of the head, volume 0
		all[all.length - 1 - ((NZ / 2 * NY + NY / 2) * NX + NX / 2)] = Float.POSITIVE_INFINITY;
		CoilCount c = CoilCount.estimate(new DwiScan(ArrayImgs.floats(all, NX, NY, NZ, N), s.gradients(), s.geometry()), mask());
		assertEquals(4, c.coils(), c.why());
	}

	@Test
	void firstMomentRatiosAreTheChiLaw() {
		assertEquals(Math.sqrt(Math.PI) / 2, CoilCount.firstMomentRatio(1), 1e-12); // Rayleigh: √(π/4)
		assertEquals(3 * Math.sqrt(Math.PI) / (4 * Math.sqrt(2)), CoilCount.firstMomentRatio(2), 1e-12); // Γ(5/2)/(Γ(2)·√2)
		assertEquals(2.5, CoilCount.coilsForFirstMoment((CoilCount.firstMomentRatio(2) + CoilCount.firstMomentRatio(3)) / 2), 1e-9);
	}
}
