package org.san2n.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code bids} and {@code slurm} both take: the dataset, the derivatives folder, and which subjects and sessions. */
final class StudyOptions {

	@Parameters(index = "0", paramLabel = "BIDS_DIR", description = "the BIDS dataset (read only)")
	Path bidsDir;

	@Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "the derivatives folder (created; e.g. BIDS_DIR/derivatives/san2n)")
	Path outputDir;

	@Option(names = { "--participant-label", "--participant_label" }, arity = "1..*", paramLabel = "LABEL",
			description = "subjects to run (01 or sub-01); default: all")
	List<String> participants = new ArrayList<>();

	@Option(names = { "--session-label", "--session_label" }, arity = "1..*", paramLabel = "LABEL",
			description = "sessions to run (1 or ses-1); default: all, and scans without a session")
	List<String> sessions = new ArrayList<>();
}
