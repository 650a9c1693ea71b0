package org.san2n.qspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.san2n.io.AtomicFiles;

/** Writes FSL bvals (one row) and bvecs (three rows: x, y, z). */
public final class FslGradientWriter {

	private FslGradientWriter() {}

	public static void write(GradientTable table, Path bvals, Path bvecs) throws IOException {
		StringBuilder b = new StringBuilder();
		for (int v = 0; v < table.size(); v++)
			b.append(v == 0 ? "" : " ").append(formatB(table.bval(v)));
		AtomicFiles.writeString(bvals, b.append('\n').toString());
		StringBuilder g = new StringBuilder();
		for (int axis = 0; axis < 3; axis++) {
			for (int v = 0; v < table.size(); v++)
				g.append(v == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.6f", table.direction(v)[axis]));
			g.append('\n');
		}
		AtomicFiles.writeString(bvecs, g.toString());
	}

	private static String formatB(double b) {
		return b == Math.rint(b) ? Long.toString((long) b) : String.format(Locale.ROOT, "%.3f", b);
	}
}
