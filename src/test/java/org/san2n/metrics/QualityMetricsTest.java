package org.san2n.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.san2n.TestScans;
import org.san2n.mask.BrainMask;

class QualityMetricsTest {

	@Test
	void ssimMatchesScikitImage() {
		// skimage 0.19 structural_similarity(f, g, data_range=f.max(), win_size=7, full=True): map mean 0.96078946580395.
		float[] f = TestScans.ramp987(), g = TestScans.ramp987Perturbed();
		var s = QualityMetrics.score(f, g, new long[] { 9, 8, 7, 1 }, BrainMask.full(9, 8, 7));
		assertEquals(0.96078946580395, s.ssim(), 1e-9);
	}

	@Test
	void psnrAndRmseInsideTheMaskOnly() {
		float[] clean = { 10, 20, 30, 40, 5, 6, 7, 8 };
		float[] test = { 11, 18, 30, 1000, 5, 9, 7, 8 };
		BrainMask mask = BrainMask.of(new byte[] { 1, 1, 1, 0 }, 2, 2, 1);
		var s = QualityMetrics.score(clean, test, new long[] { 2, 2, 1, 2 }, mask);
		double mse = (1 + 4 + 0 + 0 + 9 + 0) / 6.0;
		assertEquals(30, s.dataRange(), 0);
		assertEquals(Math.sqrt(mse), s.rmse(), 1e-12);
		assertEquals(10 * Math.log10(900 / mse), s.psnr(), 1e-9);
	}

	@Test
	void identicalImagesScorePerfectly() {
		float[] f = TestScans.ramp987();
		var s = QualityMetrics.score(f, f.clone(), new long[] { 9, 8, 7, 1 }, BrainMask.full(9, 8, 7));
		assertEquals(1, s.ssim(), 1e-12);
		assertEquals(0, s.rmse(), 0);
		assertEquals(Double.POSITIVE_INFINITY, s.psnr());
	}
}
