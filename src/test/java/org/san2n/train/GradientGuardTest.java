package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GradientGuardTest {

	@Test
	void aNormFarAboveTheRecentOnesIsClippedToLimitTimesTheirMedian() {
		GradientGuard guard = new GradientGuard();
		for (int i = 0; i < 30; i++)
			assertEquals(1, guard.factor(i % 3 == 0 ? 1 : 2)); // median 2
		assertEquals(1, guard.factor(7.9), "below 4 × 2: kept");
		assertEquals(0, guard.clipped());
		assertEquals(8.0 / 100, guard.factor(100), 1e-12, "100 clipped to 4 × 2 = 8");
		assertEquals(1, guard.clipped(), "counted");
	}

	@Test
	void theFirstStepsAndGrowingNormsAreNotClipped() {
		GradientGuard guard = new GradientGuard();
		assertEquals(1, guard.factor(1e-6));
		for (int i = 0; i < GradientGuard.FIRST - 1; i++)
			assertEquals(1, guard.factor(1e6), "nothing is clipped before the first " + GradientGuard.FIRST + " steps");
		GradientGuard growing = new GradientGuard();
		for (int i = 1; i <= 500; i++)
			assertEquals(1, growing.factor(Math.pow(1.01, i)), "a norm growing 1 % a step is the run's scale changing, not a jump");
	}

	@Test
	void aBurstOfLargeNormsDoesNotRaiseTheReferenceByItself() {
		GradientGuard guard = new GradientGuard();
		for (int i = 0; i < GradientGuard.WINDOW; i++)
			guard.factor(1);
		// Clipped norms are remembered clipped (4), so the median stays at 1 for half a window of bursts.
		for (int i = 0; i < GradientGuard.WINDOW / 2 - 1; i++)
			assertEquals(4.0 / 1000, guard.factor(1000), 1e-12);
	}

	@Test
	void aNormThatIsNotFiniteIsRefused() {
		assertThrows(IllegalArgumentException.class, () -> new GradientGuard().factor(Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> new GradientGuard().factor(Double.POSITIVE_INFINITY));
	}
}
