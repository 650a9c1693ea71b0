package org.san2n.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.train.EpochMeans;
import org.san2n.train.StepReport;

/** What the training commands share on a terminal: the --mask file and the per-epoch loss lines. */
final class Masks {

	private Masks() {}

	/** The mask file read for this scan, or null (computed by the job). */
	static BrainMask read(Path mask, DwiScan scan) throws IOException {
		return mask == null ? null : BrainMask.read(mask, scan.spatialShape());
	}

	/** One line per epoch with the epoch's mean loss terms (the bar shows the steps); none when quiet. */
	static Consumer<StepReport> epochLines(boolean quiet, Consumer<String> out) {
		if (quiet) return r -> {};
		return new EpochMeans(r -> out.accept(r.lossLine()));
	}
}
