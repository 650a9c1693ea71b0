package org.san2n.qspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.san2n.io.AtomicFiles;

/** Writes FSL bvals (one row) and bvecs (three rows: x, y, z). */
public final class FslGradientWriter {

	private FslGradientWriter() {}

	public static void write(GradientTable table, Path bvals, Path bvecs) throws IOException {
		AtomicFiles.writeString(bvals, bvalsText(table));
		AtomicFiles.writeString(bvecs, bvecsText(table));
	}

	/** The b-values as one line of an FSL bvals file. */
	public static String bvalsText(GradientTable table) {
		StringBuilder b = new StringBuilder();
		for (int v = 0; v < table.size(); v++)
			b.append(v == 0 ? "" : " ").append(formatB(table.bval(v)));
		return b.append('\n').toString();
	}

	/** The directions as the three rows of an FSL bvecs file. */
	public static String bvecsText(GradientTable table) {
		StringBuilder g = new StringBuilder();
		for (int axis = 0; axis < 3; axis++) {
			for (int v = 0; v < table.size(); v++)
				g.append(v == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.6f", table.direction(v)[axis]));
			g.append('\n');
		}
		return g.toString();
	}

	private static String formatB(double b) {
		return b == Math.rint(b) ? Long.toString((long) b) : String.format(Locale.ROOT, "%.3f", b);
	}
}
