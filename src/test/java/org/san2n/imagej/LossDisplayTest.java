package org.san2n.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.san2n.train.LossTerms;
import org.san2n.train.StepReport;

import ij.gui.Plot;

class LossDisplayTest {

	static StepReport step(int epoch, int epochs, long step, long steps, double l1) {
		return new StepReport(epoch, epochs, step, steps, new LossTerms(l1, 0, 0, 0, 0, l1), 1e-3, 10, 5, false);
	}

	@Test
	void thePlotGetsOnePointPerEpochAtTheEpochsMean() {
		LossPlot plot = new LossPlot("loss", false);
		plot.accept(step(1, 3, 2, 6, 4));
		plot.accept(step(2, 3, 4, 6, 2));
		assertEquals(2, plot.epochsPlotted());
		Plot p = plot.plot();
		float[] y = p.getYValues();
		assertEquals(4f, y[0]);
		assertEquals(2f, y[1]);
	}

	@Test
	void withoutAWindowAboutTwentyLinesGoToTheLog() {
		List<String> lines = new ArrayList<>();
		var display = LossDisplay.of("SAN2N Denoise", "dwi", lines::add);
		for (int s = 1; s <= 200; s++)
			display.accept(step((s + 1) / 2, 100, s, 200, 3));
		assertEquals(20, lines.size());
		assertTrue(lines.get(19).startsWith("SAN2N Denoise: epoch 100/100"), lines.get(19));
	}
}
