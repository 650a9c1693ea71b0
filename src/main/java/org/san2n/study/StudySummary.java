package org.san2n.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a participant level did, in the words every front end uses (the command line's {@code bids}, Fiji's SAN2N
 * Batch and ImageJ 1.x's): the counts, and each failed scan with its reason. Immutable.
 *
 * @param failures the failed scans' outcomes, in the order run
 */
public record StudySummary(int scans, long done, long skipped, List<ParticipantLevel.Outcome> failures, Path outputDir) {

	public StudySummary {
		failures = List.copyOf(failures);
	}

	/** The summary of {@code outcomes}, written to {@code outputDir}. */
	public static StudySummary of(List<ParticipantLevel.Outcome> outcomes, Path outputDir) {
		return new StudySummary(outcomes.size(), count(outcomes, ParticipantLevel.Status.DONE), count(outcomes, ParticipantLevel.Status.SKIPPED),
				outcomes.stream().filter(o -> o.status() == ParticipantLevel.Status.FAILED).toList(), outputDir);
	}

	private static long count(List<ParticipantLevel.Outcome> outcomes, ParticipantLevel.Status status) {
		return outcomes.stream().filter(o -> o.status() == status).count();
	}

	public long failed() {
		return failures.size();
	}

	/** {@code 5 scans: 4 done, 0 skipped, 1 failed; derivatives in OUT}. */
	public String line() {
		return line(null);
	}

	/** As {@link #line()}, with the wall time after the counts ({@code … 1 failed in 3.2 s; derivatives in OUT}) when not null. */
	public String line(String duration) {
		return String.format(Locale.ROOT, "%d scan%s: %d done, %d skipped, %d failed%s; derivatives in %s", scans, scans == 1 ? "" : "s", done, skipped,
				failed(), duration == null ? "" : " in " + duration, outputDir);
	}

	/** One line per failed scan: {@code sub-03/ses-1/dwi/sub-03_ses-1_dwi.nii.gz: its reason}. */
	public List<String> failureLines() {
		return failures.stream().map(o -> o.scan().relative() + ": " + o.detail()).toList();
	}

	/** The summary and every failure on one line ({@code …; sub-03/…: reason; …}), for an error message. */
	public String withFailures() {
		StringBuilder m = new StringBuilder(line());
		failureLines().forEach(f -> m.append("; ").append(f));
		return m.toString();
	}
}
