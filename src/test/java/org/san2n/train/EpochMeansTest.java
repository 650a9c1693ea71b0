package org.san2n.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EpochMeansTest {

	static StepReport step(int epoch, long step, double l1, boolean skipped) {
		return new StepReport(epoch, 2, step, 6, new LossTerms(l1, 1, 0, 0, 0, l1 + 1), 1e-3, 10, 5, skipped);
	}

	@Test
	void oneReportPerEpochWithTheMeanOfTheStepsNotSkipped() {
		List<StepReport> epochs = new ArrayList<>();
		EpochMeans means = new EpochMeans(epochs::add);
		means.accept(step(1, 1, 2, false));
		means.accept(step(1, 2, 100, true));
		means.accept(step(1, 3, 4, false));
		means.accept(step(2, 4, 1, true));
		means.accept(step(2, 5, 1, true));
		means.accept(step(2, 6, 1, true));
		assertEquals(2, epochs.size());
		assertEquals(3, epochs.get(0).loss().l1(), 1e-12);
		assertEquals(4, epochs.get(0).loss().total(), 1e-12);
		assertEquals(1, epochs.get(0).epoch());
		assertTrue(epochs.get(1).skipped(), "an epoch whose steps were all skipped says so");
	}

	@Test
	void aLastEpochThatIsPartOfOneIsReportedAtTheLastStep() {
		List<StepReport> epochs = new ArrayList<>();
		EpochMeans means = new EpochMeans(epochs::add);
		for (int step = 1; step <= 7; step++)
			means.accept(new StepReport((step + 2) / 3, 3, step, 7, new LossTerms(step, 0, 0, 0, 0, step), 1e-3, 10, 5, false));
		assertEquals(3, epochs.size());
		assertEquals(2, epochs.get(0).loss().l1(), 1e-12, "mean of steps 1–3");
		assertEquals(5, epochs.get(1).loss().l1(), 1e-12, "mean of steps 4–6");
		assertEquals(7, epochs.get(2).loss().l1(), 1e-12, "step 7 alone");
		assertEquals(7, epochs.get(2).step());
	}
}
