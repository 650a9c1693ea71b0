package org.san2n.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupLevelTest {

	@Test
	void aValueFarFromTheMedianIsFlaggedWithWhy() {
		String[] o = GroupLevel.outliers(new double[] { 100, 102, 98, 101, 99, 412 }, 0);
		for (int i = 0; i < 5; i++)
			assertNull(o[i]);
		assertNotNull(o[5]);
		assertTrue(o[5].startsWith("412.0 high: median 100.5"), o[5]);
	}

	@Test
	void smallSpreadsFewScansAndShortTimesAreNotOutliers() {
		// Modified z far beyond 3.5 but within 20 % of the median: a homogeneous study is not full of outliers.
		assertArrayEquals(new String[4], GroupLevel.outliers(new double[] { 100, 100, 100, 110 }, 0));
		// Two values: nothing to judge.
		assertArrayEquals(new String[2], GroupLevel.outliers(new double[] { 1, 1000 }, 0));
		// 0.9 s against 0.2 s (JIT warm-up) is under the 30 s floor given for times.
		assertArrayEquals(new String[4], GroupLevel.outliers(new double[] { 0.2, 0.2, 0.2, 0.9 }, GroupLevel.MIN_SECONDS));
		// Unknown values are skipped.
		String[] o = GroupLevel.outliers(new double[] { Double.NaN, 10, 10, 10, 50 }, 0);
		assertNull(o[0]);
		assertNotNull(o[4]);
	}
}
