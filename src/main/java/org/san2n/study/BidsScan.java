package org.san2n.study;

import java.nio.file.Path;

/**
 * One DWI scan of a BIDS dataset: {@code sub-<label>/[ses-<label>/]dwi/<name>_dwi.nii[.gz]}. Immutable.
 *
 * @param file     the scan's NIfTI file
 * @param relative its path inside the dataset, with '/' (e.g. {@code sub-01/ses-1/dwi/sub-01_ses-1_dwi.nii.gz})
 * @param subject  the subject's label, without {@code sub-}
 * @param session  the session's label without {@code ses-}, or null for a dataset without sessions
 * @param name     the file's name taken apart, or null when it is not a valid BIDS name (then {@code problem} says why)
 * @param problem  why this scan cannot be denoised as it is named (null when it can): it is reported as a failed scan
 */
public record BidsScan(Path file, String relative, String subject, String session, BidsName name, String problem) {

	/** How the scan is named in messages and the summary: {@code sub-01 ses-1 acq-a} or the file's relative path. */
	public String label() {
		return relative;
	}

	/**
	 * The scan's protocol as the dataset names it: its entities other than subject, session and run, with the
	 * suffix ({@code acq-b1000_dwi}; {@code dwi} when it has none). Scans of one protocol are compared with each
	 * other by the group level.
	 */
	public String protocol() {
		if (name == null) return "n/a";
		return name.without("sub").without("ses").without("run").stem();
	}
}
