package org.san2n.qspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads FSL bvals/bvecs in the layouts found in the wild: values in one row or one column; vectors as
 * three rows (FSL) or one row of three per volume; separated by spaces, tabs or commas.
 */
public final class FslGradientReader {

	private FslGradientReader() {}

	public static GradientTable read(Path bvals, Path bvecs) throws IOException {
		return parse(text(bvals), bvals, text(bvecs), bvecs);
	}

	/**
	 * Parses bvals and bvecs held as text (e.g. stored with an open image); {@code bvals} and
	 * {@code bvecs} name where the text came from in error messages.
	 */
	public static GradientTable parse(String bvalsText, Path bvals, String bvecsText, Path bvecs)
			throws GradientFormatException {
		List<double[]> bRows = numbers(bvals, bvalsText);
		int nb = 0;
		for (double[] r : bRows)
			nb += r.length;
		double[] b = new double[nb];
		int k = 0;
		for (double[] r : bRows)
			for (double v : r) {
				if (v < 0) throw new GradientFormatException(bvals, "b-value " + v + " is negative");
				b[k++] = v;
			}
		double[][] vecs = vectors(bvecs, numbers(bvecs, bvecsText));
		if (vecs.length != b.length)
			throw new GradientFormatException(bvecs, b.length + " b-values in " + bvals.getFileName() + " but "
					+ vecs.length + " directions in " + bvecs.getFileName() + ": the counts must agree");
		if (b.length == 0) throw new GradientFormatException(bvals, "no b-values");
		return new GradientTable(b, vecs);
	}

	private static double[][] vectors(Path file, List<double[]> rows) throws GradientFormatException {
		boolean threeRows = rows.size() == 3 && rows.get(0).length == rows.get(1).length
				&& rows.get(1).length == rows.get(2).length;
		if (threeRows) {
			int n = rows.get(0).length;
			double[][] v = new double[n][];
			for (int i = 0; i < n; i++)
				v[i] = new double[] { rows.get(0)[i], rows.get(1)[i], rows.get(2)[i] };
			return v;
		}
		double[][] v = new double[rows.size()][];
		for (int i = 0; i < rows.size(); i++) {
			if (rows.get(i).length != 3)
				throw new GradientFormatException(file, "expected three rows of equal length (FSL layout) or one row of "
						+ "three values per volume, but row " + (i + 1) + " of " + rows.size() + " has "
						+ rows.get(i).length + " values");
			v[i] = rows.get(i);
		}
		return v;
	}

	private static String text(Path file) throws IOException {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		} catch (NoSuchFileException e) {
			throw new GradientFormatException(file, "no such file");
		}
	}

	/** Non-empty lines of numbers; a token that is not a number is refused with its line. */
	private static List<double[]> numbers(Path file, String text) throws GradientFormatException {
		List<String> lines = text.lines().toList();
		List<double[]> rows = new ArrayList<>();
		for (int l = 0; l < lines.size(); l++) {
			String line = lines.get(l).strip();
			if (line.isEmpty() || line.startsWith("#")) continue;
			String[] tokens = line.split("[\\s,]+");
			double[] row = new double[tokens.length];
			for (int t = 0; t < tokens.length; t++) {
				try {
					row[t] = Double.parseDouble(tokens[t]);
				} catch (NumberFormatException e) {
					throw new GradientFormatException(file, "line " + (l + 1) + ": '" + tokens[t] + "' is not a number");
				}
				if (!Double.isFinite(row[t]))
					throw new GradientFormatException(file, "line " + (l + 1) + ": '" + tokens[t] + "' is not finite");
			}
			rows.add(row);
		}
		return rows;
	}
}
