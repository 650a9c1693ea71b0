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
		List<double[]> bRows = numbers(bvals, bvalsText, false);
		String looksLike = misplaced(bRows);
		if (looksLike != null) throw new GradientFormatException(bvals, looksLike);
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
		String units = inOtherUnits(b);
		if (units != null) throw new GradientFormatException(bvals, units);
		List<double[]> vRows = numbers(bvecs, bvecsText, true);
		if (vRows.size() == 1 && vRows.get(0).length != 3 && java.util.Arrays.stream(vRows.get(0)).anyMatch(v -> Math.abs(v) > 1.5))
			throw new GradientFormatException(bvecs, "one row of " + vRows.get(0).length
					+ " values, some far from unit length: this looks like a bvals file; were --bvals and --bvecs swapped?");
		double[][] vecs = vectors(bvecs, vRows);
		if (vecs.length != b.length)
			throw new GradientFormatException(bvecs, b.length + " b-values in " + bvals.getFileName() + " but "
					+ vecs.length + " directions in " + bvecs.getFileName() + ": the counts must agree");
		if (b.length == 0) throw new GradientFormatException(bvals, "no b-values");
		// Writers (DIPY's small_64D, some converters) give b0s a "nan" direction; a b0 has none, so that is harmless.
		for (int i = 0; i < vecs.length; i++) {
			if (java.util.Arrays.stream(vecs[i]).allMatch(Double::isFinite)) continue;
			if (b[i] > PairingOptions.DEFAULTS.b0Threshold())
				throw new GradientFormatException(bvecs, "volume " + i + " (b = " + b[i] + ") has direction "
						+ java.util.Arrays.toString(vecs[i]) + ": only a b0 may have no direction");
			vecs[i] = new double[3];
		}
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
		} catch (java.nio.charset.MalformedInputException e) {
			throw new GradientFormatException(file, "not a text file (not UTF-8 or ASCII)");
		}
	}

	/**
	 * What a "bvals" file that is something else probably is: FSL bvecs (three rows of unit-vector
	 * components) or an MRtrix gradient table (one row "x y z b" per volume); null when it looks like bvals.
	 */
	private static String misplaced(List<double[]> rows) {
		if (rows.isEmpty()) return null;
		boolean allSmall = rows.stream().flatMapToDouble(java.util.Arrays::stream).allMatch(v -> Math.abs(v) <= 1.0001);
		boolean anyNegative = rows.stream().flatMapToDouble(java.util.Arrays::stream).anyMatch(v -> v < 0);
		if (rows.size() == 3 && rows.get(0).length > 1 && rows.get(0).length == rows.get(1).length
				&& rows.get(1).length == rows.get(2).length && allSmall)
			return "three rows of values in [-1, 1]: this looks like a bvecs file; were --bvals and --bvecs swapped?";
		if (rows.size() > 1 && rows.stream().allMatch(r -> r.length == 4)
				&& rows.stream().allMatch(r -> Math.abs(r[0]) <= 1.0001 && Math.abs(r[1]) <= 1.0001 && Math.abs(r[2]) <= 1.0001 && r[3] >= 0))
			return "rows of four values 'x y z b': this looks like an MRtrix gradient table (.b), not FSL bvals; "
					+ "convert it with 'mrinfo DWI -grad FILE -export_grad_fsl bvecs bvals' or give the FSL files";
		if (anyNegative && allSmall)
			return "negative values, all within [-1, 1]: this looks like gradient directions (bvecs), not b-values; "
					+ "were --bvals and --bvecs swapped?";
		return null;
	}

	/** The largest b-value in s/mm² that still reads as ms/µm² (10 ms/µm² = 10,000 s/mm², beyond most scanners). */
	static final double MS_PER_UM2_MAX = 10;

	/**
	 * Why b-values that are all small (0 < max ≤ {@value #MS_PER_UM2_MAX}) are not FSL's s/mm² but ms/µm² (DIPY's
	 * and some simulators' units: 1 ms/µm² = 1000 s/mm²): read as s/mm² every volume would be a b0; null otherwise.
	 */
	private static String inOtherUnits(double[] b) {
		double max = java.util.Arrays.stream(b).max().orElse(0);
		if (!(max > 0) || max > MS_PER_UM2_MAX) return null;
		double[] seen = java.util.Arrays.stream(b).distinct().sorted().toArray();
		StringBuilder values = new StringBuilder();
		for (int i = 0; i < Math.min(seen.length, 8); i++)
			values.append(i == 0 ? "" : ", ").append(number(seen[i]));
		if (seen.length > 8) values.append(", …");
		return "the b-values are " + values + " (none above " + number(MS_PER_UM2_MAX) + "): they look like ms/µm², not the s/mm² of "
				+ "FSL bvals, and every volume would be taken for a b0 (b ≤ " + number(PairingOptions.DEFAULTS.b0Threshold())
				+ "); multiply them by 1000 (b = " + number(max) + " ms/µm² is " + number(max * 1000) + " s/mm²)";
	}

	private static String number(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
	}

	/**
	 * Non-empty lines of numbers; a token that is not a number is refused with its line. {@code nanAllowed}:
	 * "nan" is read (as directions of b0s are sometimes written), other non-finite values are still refused.
	 */
	private static List<double[]> numbers(Path file, String text, boolean nanAllowed) throws GradientFormatException {
		// Some Windows editors start a UTF-8 file with a byte-order mark: not part of the first number.
		if (text.startsWith("\uFEFF")) text = text.substring(1);
		List<String> lines = text.lines().toList();
		List<double[]> rows = new ArrayList<>();
		for (int l = 0; l < lines.size(); l++) {
			String line = lines.get(l).strip();
			if (line.isEmpty() || line.startsWith("#")) continue;
			String[] tokens = line.split("[\\s,]+");
			double[] row = new double[tokens.length];
			for (int t = 0; t < tokens.length; t++) {
				String token = tokens[t];
				try {
					row[t] = nanAllowed && token.replaceFirst("^[+-]", "").equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(token);
				} catch (NumberFormatException e) {
					throw new GradientFormatException(file, "line " + (l + 1) + ": '" + printable(token) + "' is not a number");
				}
				if (Double.isNaN(row[t]) && nanAllowed) continue;
				if (!Double.isFinite(row[t]))
					throw new GradientFormatException(file, "line " + (l + 1) + ": '" + tokens[t] + "' is not finite");
			}
			rows.add(row);
		}
		return rows;
	}

	/** A token with invisible or non-ASCII characters shown as escapes, so the message shows the problem. */
	private static String printable(String token) {
		StringBuilder out = new StringBuilder();
		token.codePoints().forEach(c -> out.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\u%04X", c)));
		return out.toString();
	}
}
