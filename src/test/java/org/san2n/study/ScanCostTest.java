package org.san2n.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.san2n.denoise.Method;
import org.san2n.job.DenoiseRequest;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.mppca.MpPca;

/** What a scan costs a scheduler, from its shape: the memory bound and the reference CPU's time. */
class ScanCostTest {

	static DenoiseRequest request(Map<String, String> given) {
		return DenoiseRequest.of(Settings.values(Setting.Job.DENOISE, given));
	}

	@Test
	void theMemoryBoundIsOneGibPlusThreeScansForMppcaAndEightScansAndHalfAGibForANetwork() {
		long clinical = 96L * 96 * 60 * 65;
		assertEquals((1L << 30) + 12 * clinical, ScanCost.memoryBoundBytes(clinical, Method.MPPCA));
		// README: bound 1.40 GiB for the clinical phantom (peak RSS 0.49 GB).
		assertEquals(1.40, ScanCost.memoryBoundBytes(clinical, Method.MPPCA) / (double) ScanCost.GIB, 0.005);
		// SAN2N holds the input, MP-PCA's base, the three feature channels and, while they are built, three arrays more
		// (8 × the scan at its peak), and PyTorch's native memory beside the heap.
		assertEquals((1L << 30) + 32 * clinical + (1L << 29), ScanCost.memoryBoundBytes(clinical, Method.SAN2N));
		assertEquals(2.57, ScanCost.memoryBoundBytes(clinical, Method.SAN2N) / (double) ScanCost.GIB, 0.005);
		assertEquals(ScanCost.memoryBoundBytes(clinical, Method.SAN2N), ScanCost.memoryBoundBytes(clinical, Method.SAN2N_PAPER));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScanCost.memoryBoundBytes(0, Method.MPPCA));
		assertTrue(e.getMessage().contains("got 0"), e.getMessage());
	}

	@Test
	void mppcaTimeIsTheEstimateItsAutomaticStrideIsChosenBy() {
		DenoiseRequest defaults = request(Map.of());
		// The clinical scan: stride 1 fits the 20-minute budget (49 s measured on 2 cores, 36 s of it the windows).
		double auto = MpPca.referenceSeconds(96, 96, 60, 65, defaults.mppca());
		assertEquals(MpPca.referenceSeconds(96, 96, 60, 65, defaults.mppca().withStride(1)), auto, 1e-9);
		assertTrue(auto > 30 && auto < 60, "clinical windows " + auto + " s");
		// An HCP-sized scan: stride 1 would take hours; the automatic stride is coarser and its estimate far shorter.
		double hcp1 = MpPca.referenceSeconds(145, 174, 145, 288, defaults.mppca().withStride(1)),
				hcpAuto = MpPca.referenceSeconds(145, 174, 145, 288, defaults.mppca());
		assertTrue(hcp1 > 2 * 3600 && hcpAuto < hcp1 / 5, hcp1 + " s at stride 1, " + hcpAuto + " s automatic");
		// The whole run adds reading, mask, checks and writing.
		double whole = ScanCost.referenceSeconds(96, 96, 60, 65, defaults);
		assertTrue(whole > auto + 10 && whole < auto + 40, "whole run " + whole + " s against windows " + auto + " s (49 s measured)");
	}

	@Test
	void san2nAddsItsTrainingBudgetAndInference() {
		DenoiseRequest mppca = request(Map.of()), san2n = request(Map.of("method", "san2n")),
				steps = request(Map.of("method", "san2n", "steps", "300"));
		double m = ScanCost.referenceSeconds(96, 96, 60, 65, mppca), s = ScanCost.referenceSeconds(96, 96, 60, 65, san2n);
		// Training: the longer of 1200 steps of the projected network and 2000 of the published one (what a scan with
		// correlated noise trains), both within max_minutes (20); then inference over the 8 mirror images.
		int width = org.san2n.train.Objective.RECORRUPTED_WIDTH; // the automatic width of a 65-volume scan
		double projected = org.san2n.budget.ReferenceCpu.san2nStepSeconds(8, 16, 130, 32, width, 65),
				published = org.san2n.budget.ReferenceCpu.san2nStepSeconds(8, 16, 130, 0, width, 65);
		double training = Math.max(org.san2n.train.Objective.PROJECTED_STEPS * projected, org.san2n.train.TrainingConfig.DEFAULT_STEPS * published);
		assertEquals(m + training + ScanCost.INFERENCE_SECONDS_PER_VALUE * 96 * 96 * 60 * 65 * 8, s, 1e-6 * s,
				"san2n " + s + " s against mppca " + m + " s");
		assertTrue(s <= m + 20 * 60 + 60);
		// A budget shorter than the automatic length cuts training to it.
		double cut = ScanCost.referenceSeconds(96, 96, 60, 65, request(Map.of("method", "san2n", "max_minutes", "2")));
		assertTrue(cut < s - 60, "max_minutes 2: " + cut + " s against " + s + " s");
		double given = ScanCost.referenceSeconds(96, 96, 60, 65, steps);
		assertTrue(given < s && given > m, "300 steps " + given + " s");
		assertThrows(IllegalArgumentException.class, () -> ScanCost.referenceSeconds(0, 96, 60, 65, mppca));
	}

	@Test
	void theTimeLimitIsTwiceTheEstimateAndFiveMinutesInWholeMinutes() {
		assertEquals(5, SlurmArray.timeLimitMinutes(0));
		assertEquals(11, SlurmArray.timeLimitMinutes(151)); // (302 + 300) / 60 = 10.03 → 11
		assertEquals(45, SlurmArray.timeLimitMinutes(20 * 60));
		assertThrows(IllegalArgumentException.class, () -> SlurmArray.timeLimitMinutes(Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> SlurmArray.timeLimitMinutes(-1));
	}
}
