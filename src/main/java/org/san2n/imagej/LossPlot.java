package org.san2n.imagej;

import java.util.Arrays;
import java.util.function.Consumer;

import org.san2n.train.StepReport;

import ij.gui.Plot;
import ij.gui.PlotWindow;

/**
 * The training loss, epoch by epoch (mean over the epoch's steps), as an ImageJ plot that is redrawn
 * in its window after every epoch. Feed it epoch reports ({@link org.san2n.train.EpochMeans}).
 */
public final class LossPlot implements Consumer<StepReport> {

	private final String title;
	private final boolean show;
	private double[] epochs = new double[0], total = new double[0], l1 = new double[0];
	private int count;
	private PlotWindow window;

	/** @param show draw it in a window (false in headless and batch runs: the plot is only built) */
	public LossPlot(String title, boolean show) {
		this.title = title;
		this.show = show;
	}

	@Override
	public void accept(StepReport epoch) {
		if (epoch.skipped()) return;
		if (count == epochs.length) {
			int n = Math.max(16, 2 * count);
			epochs = Arrays.copyOf(epochs, n);
			total = Arrays.copyOf(total, n);
			l1 = Arrays.copyOf(l1, n);
		}
		epochs[count] = epoch.epoch();
		total[count] = epoch.loss().total();
		l1[count] = epoch.loss().l1();
		count++;
		if (show) draw();
	}

	private void draw() {
		Plot plot = plot();
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}

	/** The plot of the epochs seen so far: total loss and its L1 term (the spatial Noise2Noise term of the published loss; the recorrupted error, all of the total, of the default objective). */
	public Plot plot() {
		Plot plot = new Plot(title, "epoch", "loss (mean per epoch)");
		double[] x = Arrays.copyOf(epochs, count);
		plot.setColor(java.awt.Color.BLUE);
		plot.addPoints(x, Arrays.copyOf(total, count), Plot.LINE);
		plot.setColor(java.awt.Color.GRAY);
		plot.addPoints(x, Arrays.copyOf(l1, count), Plot.LINE);
		plot.setColor(java.awt.Color.BLACK);
		plot.addLegend("total\nL1 (Noise2Noise or recorrupted error)");
		plot.setLimitsToFit(false);
		return plot;
	}

	public int epochsPlotted() {
		return count;
	}
}
