package org.san2n.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.progress.CancelledException;
import org.san2n.study.GroupLevel;
import org.san2n.study.ParticipantLevel;
import org.san2n.study.StudyRequest;
import org.san2n.study.StudySummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bids BIDS_DIR OUTPUT_DIR participant|group|protocol}: the BIDS App. The work is {@link ParticipantLevel}
 * (participant, and protocol: the protocol models alone) and {@link GroupLevel}; this class only reads the command
 * line and prints what they did.
 */
@Command(name = "bids", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "BIDS App: denoise every DWI scan of a BIDS dataset into BIDS Derivatives (participant), or tabulate them (group).",
				"participant: OUTPUT_DIR/sub-*/[ses-*/]dwi/*_desc-denoised_dwi.nii.gz with .bval, .bvec and a JSON sidecar; a scan whose "
						+ "outputs are complete is skipped (--overwrite redoes it); a scan that fails is reported and the others run (exit 1 if any failed).",
				"group: OUTPUT_DIR/group_dwi.tsv, one row per scan (status, method, σ, output check, time), outliers flagged.",
				"protocol (with --protocol-models): train the missing model of each protocol (scans with one gradient table) into "
						+ "OUTPUT_DIR/models/<protocol>.san2n, on its first scan, whose outputs are written; participant then applies them.",
				"Every denoise setting applies to every scan (the per-scan files are found in the dataset)." })
final class BidsCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Mixin
	StudyOptions study;

	@Parameters(index = "2", paramLabel = "participant|group|protocol", description = "analysis level")
	String level;

	@Option(names = "--overwrite", description = "redo scans whose outputs are complete (default: skip them)")
	boolean overwrite;

	@Option(names = { "--protocol-models", "--protocol_models" }, description = "with --method san2n: one model per protocol (scans with "
			+ "one gradient table), trained on its first scan (models/<protocol>.san2n, trained once) and applied to its other scans, instead "
			+ "of a network trained on every scan; each sidecar records the model (file, SHA-256)")
	boolean protocolModels;

	@Option(names = { "--protocol-label", "--protocol_label" }, paramLabel = "NAME",
			description = "protocol level: train this protocol's model only (its name, e.g. acq-b_dwi; default: every protocol's)")
	String protocolLabel;

	@Option(names = "--quiet", description = "no per-epoch loss lines on standard error")
	boolean quiet;

	@Override
	public Integer call() throws Exception {
		if (!level.equals("participant") && !level.equals("group") && !level.equals("protocol"))
			throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the analysis level is participant, group or protocol, got '"
					+ level + "'");
		if (protocolLabel != null && !level.equals("protocol"))
			throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--protocol-label chooses the model the protocol level "
					+ "trains; the " + level + " level does not take it");
		StudyRequest request = new StudyRequest(study.bidsDir, study.outputDir, study.participants, study.sessions, overwrite,
				Settings.values(Setting.Job.DENOISE, DeclaredOptions.given(spec, StudyRequest.SETTINGS)), protocolModels);
		return level.equals("group") ? group(request) : level.equals("protocol") ? protocol(request) : participant(request);
	}

	private int protocol(StudyRequest request) throws Exception {
		List<ParticipantLevel.Trained> trained;
		try (TerminalProgress terminal = new TerminalProgress(System.err)) {
			trained = ParticipantLevel.protocols(request, protocolLabel, terminal, Masks.epochLines(quiet, terminal::log), o -> {
				System.out.println(o.line());
				System.out.flush();
			});
		} catch (CancelledException e) {
			System.err.println("san2n bids: cancelled; the model being trained was not written (a rerun trains it)");
			return 130;
		}
		int failed = 0;
		for (ParticipantLevel.Trained t : trained) {
			System.out.println("protocol " + t.protocol().name() + " (" + t.protocol().scans().size() + " scans): "
					+ t.status().name().toLowerCase(Locale.ROOT) + " (" + t.detail() + ")");
			if (t.status() == ParticipantLevel.Status.FAILED) failed++;
		}
		return failed > 0 ? 1 : 0;
	}

	private int participant(StudyRequest request) throws Exception {
		long start = System.nanoTime();
		List<ParticipantLevel.Outcome> outcomes;
		try (TerminalProgress terminal = new TerminalProgress(System.err)) {
			outcomes = ParticipantLevel.run(request, terminal, Masks.epochLines(quiet, terminal::log), o -> {
				System.out.println(o.line());
				System.out.flush();
			});
		} catch (CancelledException e) {
			System.err.println("san2n bids: cancelled; the scan being denoised was not written, the scans reported done are complete "
					+ "(a rerun skips them)");
			return 130;
		}
		StudySummary summary = StudySummary.of(outcomes, study.outputDir);
		System.out.println("participant level: " + summary.line(org.san2n.train.StepReport.duration((System.nanoTime() - start) / 1e9)));
		for (String f : summary.failureLines())
			System.out.println("  FAILED " + f);
		return summary.failed() > 0 ? 1 : 0;
	}

	private int group(StudyRequest request) throws Exception {
		List<GroupLevel.Row> rows = GroupLevel.run(request);
		long done = rows.stream().filter(r -> r.status().equals("done")).count();
		long failed = rows.stream().filter(GroupLevel::failed).count();
		System.out.printf(Locale.ROOT, "group level: %d scans: %d done, %d failed, %d not run; wrote %s%n", rows.size(), done, failed,
				rows.size() - done - failed, study.outputDir.resolve("group_dwi.tsv"));
		for (GroupLevel.Row r : rows)
			if (!r.outlier().isEmpty()) System.out.println("  outlier " + r.scan().relative() + ": " + r.outlier());
			else if (GroupLevel.failed(r) || !r.reason().isEmpty()) System.out.println("  " + r.status() + " " + r.scan().relative() + ": " + r.reason());
		return 0;
	}
}
