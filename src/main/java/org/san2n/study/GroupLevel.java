package org.san2n.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.san2n.io.AtomicFiles;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The group level of the BIDS App: one table of every chosen scan ({@code OUTPUT_DIR/group_dwi.tsv}, its
 * columns described in {@code group_dwi.json}) from what the participant level left: each scan's sidecar
 * (done), its failure record (failed), or nothing (not run). Scans whose σ or time is far from their
 * protocol's are flagged ({@link #outliers}). Reads the derivatives only; denoises nothing.
 */
public final class GroupLevel {

	private GroupLevel() {}

	/** The table's columns, in order. */
	public static final List<String> COLUMNS = List.of("subject", "session", "scan", "protocol", "status", "method", "noise_sigma",
			"output_check", "seconds", "outlier", "reason");

	/** Modified z-score beyond which a value is an outlier (Iglewicz and Hoaglin's 3.5). */
	public static final double Z_LIMIT = 3.5;
	/** ... and only when it is also this far from the median, as a fraction of it (a spread of 1 % is no outlier). */
	public static final double MIN_RELATIVE = 0.2;
	/** A time is flagged only when it is also this many seconds from the median (JIT warm-up, a busy node: not outliers). */
	public static final double MIN_SECONDS = 30;
	/** Done scans a protocol needs for its outliers to be judged. */
	public static final int MIN_SCANS = 3;

	/**
	 * One scan's row.
	 *
	 * @param status     done, failed or not run
	 * @param noiseSigma MP-PCA's σ, median over the mask (the scan's intensity units), NaN when unknown
	 * @param check      passed, failed (written as asked: check warn) or n/a
	 * @param seconds    the run's wall time in seconds, NaN when unknown
	 * @param outlier    what is far from the protocol's median, "" when nothing
	 */
	public record Row(BidsScan scan, String status, String method, double noiseSigma, String check, double seconds, String outlier,
			String reason) {

		Row withOutlier(String o) {
			return new Row(scan, status, method, noiseSigma, check, seconds, outlier.isEmpty() ? o : outlier + "; " + o, reason);
		}

		/** The row as TSV fields, missing values as BIDS's {@code n/a}. */
		List<String> fields() {
			return List.of(scan.subject(), scan.session() == null ? "n/a" : scan.session(), scan.relative(), scan.protocol(), status,
					orNa(method), number(noiseSigma), check, number(seconds), orNa(outlier), orNa(reason));
		}
	}

	/**
	 * Writes the table for the chosen scans and returns its rows.
	 *
	 * @throws IOException when BIDS_DIR is not a dataset, OUTPUT_DIR has no derivatives of it, or a file cannot be
	 *                     read or written
	 */
	public static List<Row> run(StudyRequest request) throws IOException {
		Path out = ParticipantLevel.outputFolder(request);
		if (!Files.isRegularFile(out.resolve("dataset_description.json")))
			throw new IOException("OUTPUT_DIR " + request.outputDir() + " has no dataset_description.json: run the participant level first");
		BidsLayout layout = BidsLayout.open(request.bidsDir(), out);
		List<Row> rows = new ArrayList<>();
		for (BidsScan scan : layout.scans(request.participants(), request.sessions()))
			rows.add(readable(scan, out));
		rows = flagged(rows);
		StringBuilder tsv = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
		for (Row r : rows)
			tsv.append(String.join("\t", r.fields().stream().map(GroupLevel::clean).toList())).append('\n');
		AtomicFiles.writeString(out.resolve("group_dwi.tsv"), tsv.toString());
		AtomicFiles.writeString(out.resolve("group_dwi.json"), Derivatives.GSON.toJson(columns()) + "\n");
		return rows;
	}

	/** The status of a scan whose last run (an --overwrite redo) failed after earlier outputs were complete: they are kept. */
	public static final String FAILED_KEPT = "failed (earlier outputs kept)";

	/** True for both failed statuses ({@code failed} and {@link #FAILED_KEPT}). */
	public static boolean failed(Row row) {
		return row.status().startsWith("failed");
	}

	/**
	 * The scan's row; a sidecar or failure record that cannot be read (a hand-edited file that is no longer JSON, a value
	 * of the wrong type) gives a row that names the file and the problem in its reason, and the other scans go on.
	 */
	private static Row readable(BidsScan scan, Path out) {
		try {
			return row(scan, out);
		} catch (IOException | RuntimeException e) {
			Derivatives.Outputs o = scan.name() == null ? null : Derivatives.of(scan, out);
			boolean complete = o != null && o.complete();
			String problem = e instanceof IOException ? e.getMessage() : (complete ? o.json() : Derivatives.failureRecord(scan, out)) + ": " + e;
			return new Row(scan, complete ? "done" : "failed", "", Double.NaN, "n/a", Double.NaN, "", "cannot read "
					+ (complete ? "its sidecar" : "its failure record") + ": " + problem);
		}
	}

	private static Row row(BidsScan scan, Path out) throws IOException {
		Path failure = Derivatives.failureRecord(scan, out);
		if (!Files.isRegularFile(failure) && Derivatives.legacyFailureRecordOf(scan, out) != null) failure = Derivatives.legacyFailureRecordOf(scan, out);
		boolean failed = Files.isRegularFile(failure);
		if (scan.name() != null) {
			Derivatives.Outputs o = Derivatives.of(scan, out);
			if (o.complete()) {
				JsonObject s = BidsLayout.readJson(o.json());
				JsonElement passed = s.get("output_check_passed");
				String check = passed == null || !passed.isJsonPrimitive() || !passed.getAsJsonPrimitive().isBoolean() ? "n/a"
						: passed.getAsBoolean() ? "passed" : "failed (written as asked: check warn)";
				// A failure newer than the sidecar: a redo (--overwrite) failed before it replaced the outputs, which are kept.
				if (failed && Files.getLastModifiedTime(failure).compareTo(Files.getLastModifiedTime(o.json())) > 0)
					return new Row(scan, FAILED_KEPT, text(s, "method"), number(s, "noise_sigma"), check, number(s, "seconds"), "",
							text(BidsLayout.readJson(failure), "reason"));
				return new Row(scan, "done", text(s, "method"), number(s, "noise_sigma"), check, number(s, "seconds"), "", "");
			}
		}
		if (failed) return new Row(scan, "failed", "", Double.NaN, "n/a", Double.NaN, "", text(BidsLayout.readJson(failure), "reason"));
		return new Row(scan, "not run", "", Double.NaN, "n/a", Double.NaN, "", "");
	}

	/** The rows with their outliers flagged, protocol by protocol. */
	private static List<Row> flagged(List<Row> rows) {
		List<Row> out = new ArrayList<>(rows);
		Map<String, List<Integer>> byProtocol = new LinkedHashMap<>();
		for (int i = 0; i < rows.size(); i++)
			if (rows.get(i).status().equals("done")) byProtocol.computeIfAbsent(rows.get(i).scan().protocol(), k -> new ArrayList<>()).add(i);
		for (List<Integer> members : byProtocol.values()) {
			double[] sigma = members.stream().mapToDouble(i -> rows.get(i).noiseSigma()).toArray();
			double[] seconds = members.stream().mapToDouble(i -> rows.get(i).seconds()).toArray();
			String[] a = outliers(sigma, 0), b = outliers(seconds, MIN_SECONDS);
			for (int k = 0; k < members.size(); k++) {
				int i = members.get(k);
				if (a[k] != null) out.set(i, out.get(i).withOutlier("noise_sigma " + a[k]));
				if (b[k] != null) out.set(i, out.get(i).withOutlier("seconds " + b[k]));
			}
		}
		return out;
	}

	/**
	 * Which values are far from the others: with m the median and MAD the median absolute deviation, a value x is
	 * an outlier when its modified z-score 0.6745·(x − m)/MAD is beyond ±{@value #Z_LIMIT} and x is also more than
	 * {@value #MIN_RELATIVE} of m and {@code minAbsolute} away from m (with MAD 0: these two tests alone). Needs
	 * {@value #MIN_SCANS} finite values; fewer: nothing is flagged.
	 *
	 * @param minAbsolute the least distance from the median that is flagged, in the values' units (0: any)
	 * @return for each value, null or why it is flagged (e.g. {@code 412 high: median 100, modified z 9.1})
	 */
	public static String[] outliers(double[] values, double minAbsolute) {
		String[] out = new String[values.length];
		double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
		if (finite.length < MIN_SCANS) return out;
		double median = median(finite);
		double mad = median(Arrays.stream(finite).map(v -> Math.abs(v - median)).sorted().toArray());
		for (int i = 0; i < values.length; i++) {
			double x = values[i];
			if (!Double.isFinite(x)) continue;
			double z = mad > 0 ? 0.6745 * (x - median) / mad : x == median ? 0 : Math.copySign(Double.POSITIVE_INFINITY, x - median);
			if (Math.abs(z) > Z_LIMIT && Math.abs(x - median) > MIN_RELATIVE * Math.abs(median) && Math.abs(x - median) > minAbsolute)
				out[i] = String.format(Locale.ROOT, "%.4g %s: median %.4g, modified z %s", x, x > median ? "high" : "low", median,
						Double.isInfinite(z) ? "∞ (MAD 0)" : String.format(Locale.ROOT, "%.1f", z));
		}
		return out;
	}

	private static double median(double[] sorted) {
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static Map<String, Object> columns() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("subject", Map.of("Description", "subject label (sub-<label>)"));
		m.put("session", Map.of("Description", "session label (ses-<label>), n/a without sessions"));
		m.put("scan", Map.of("Description", "the raw scan, relative to the BIDS dataset"));
		m.put("protocol", Map.of("Description", "the scan's entities other than sub, ses and run, with its suffix: scans of one protocol are compared"));
		m.put("status", Map.of("Description", "done (outputs complete), failed (see reason), " + FAILED_KEPT + " or not run", "Levels",
				Map.of("done", "outputs complete", "failed", "the participant level failed on it", FAILED_KEPT, "a redo (--overwrite) failed "
						+ "(see reason) and the outputs of an earlier run are kept", "not run", "no outputs and no failure record")));
		m.put("method", Map.of("Description", "denoising method (mppca, san2n, san2n-paper)"));
		m.put("noise_sigma", Map.of("Description", "noise σ the output was checked against: MP-PCA's σ, median over the brain mask",
				"Units", "the scan's intensity units"));
		m.put("output_check", Map.of("Description", "the output check's verdict: passed, or failed and written because check was warn"));
		m.put("seconds", Map.of("Description", "wall time of the scan's run (reading, denoising, checks; not writing)", "Units", "s"));
		m.put("outlier", Map.of("Description", "noise_sigma or seconds far from the protocol's median: modified z-score 0.6745·(x − median)/MAD "
				+ "beyond ±" + Z_LIMIT + " and more than " + Math.round(MIN_RELATIVE * 100) + " % from the median (seconds: and more than "
				+ Math.round(MIN_SECONDS) + " s); judged with at least "
				+ MIN_SCANS + " done scans of the protocol"));
		m.put("reason", Map.of("Description", "why the scan failed"));
		return m;
	}

	private static String text(JsonObject o, String key) {
		JsonElement e = o.get(key);
		return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
	}

	private static double number(JsonObject o, String key) {
		JsonElement e = o.get(key);
		return e == null || e.isJsonNull() || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() ? Double.NaN : e.getAsDouble();
	}

	private static String number(double v) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "") : "n/a";
	}

	private static String orNa(String s) {
		return s == null || s.isEmpty() ? "n/a" : s;
	}

	private static String clean(String s) {
		return s.replaceAll("[\\t\\r\\n]+", " ");
	}
}
