package org.san2n.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.san2n.denoise.DenoisingFailedException;
import org.san2n.io.AtomicFiles;
import org.san2n.io.DistinctPaths;
import org.san2n.io.OutputFiles;
import org.san2n.job.DenoiseFiles;
import org.san2n.job.DenoiseRequest;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;
import org.san2n.progress.RunRecord;
import org.san2n.train.StepReport;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The participant level of the BIDS App: every chosen scan denoised by the one pipeline
 * ({@link DenoiseFiles}, the same as the command line's {@code denoise}) into BIDS Derivatives
 * ({@link Derivatives}). Scans run one after another and independently: one that fails is reported and
 * the others still run. A scan whose outputs are complete is skipped unless the request says overwrite. With
 * protocol models ({@link StudyRequest#protocolModels}), each protocol's missing model is trained first on its first
 * scan ({@link #protocols}) and the other scans are denoised by it; each sidecar records the model ({@code model}:
 * file, SHA-256, protocol, the scan trained on).
 */
public final class ParticipantLevel {

	private ParticipantLevel() {}

	/** What happened to a scan. */
	public enum Status {
		DONE, SKIPPED, FAILED
	}

	/**
	 * @param detail for DONE: σ, the output check and the time; SKIPPED: why; FAILED: the reason, in one line
	 */
	public record Outcome(BidsScan scan, Status status, String detail) {

		/** One line for the summary: {@code sub-01/dwi/sub-01_dwi.nii.gz: done (…)}. */
		public String line() {
			return scan.relative() + ": " + status.name().toLowerCase(Locale.ROOT) + " (" + detail + ")";
		}
	}

	/**
	 * Runs the participant level (with protocol models: the protocol level first, then every other scan by its
	 * protocol's model; a scan whose protocol has no model, or whose gradient table cannot be read, fails with that reason).
	 *
	 * @param progress the front end's progress and log (each scan's lines are prefixed with its name); its
	 *                 cancel stops the study between units of work of the scan being denoised (that scan is not
	 *                 written; those done before it stay complete)
	 * @param steps    each training step, for a loss display
	 * @param each     told each scan's outcome as soon as it is known
	 * @return every chosen scan's outcome, in the order run (sorted by path)
	 * @throws IllegalArgumentException settings that cannot run, labels the dataset does not have, an output
	 *                                  folder that is the dataset (or inside it, not under derivatives/), or
	 *                                  one written with other settings: before any scan is read
	 * @throws IOException              the dataset or the output folder cannot be read or written
	 * @throws CancelledException       the user asked to stop
	 */
	public static List<Outcome> run(StudyRequest request, Progress progress, Consumer<StepReport> steps, Consumer<Outcome> each)
			throws IOException {
		Study study = open(request, progress);
		List<Outcome> outcomes = new ArrayList<>();
		Consumer<Outcome> keep = o -> {
			outcomes.add(o);
			each.accept(o);
		};
		if (!request.protocolModels()) {
			for (BidsScan scan : study.scans())
				keep.accept(one(scan, study, request.overwrite(), null, progress, steps));
			return outcomes;
		}
		ProtocolModels.Grouping grouping = ProtocolModels.group(study.layout(), study.scans(), study.out());
		java.util.Set<BidsScan> trainedOn = new java.util.HashSet<>();
		for (ProtocolModels.Protocol p : grouping.protocols())
			for (Outcome o : train(p, study, progress, steps).scans()) {
				keep.accept(o);
				trainedOn.add(o.scan());
			}
		for (BidsScan scan : study.scans()) {
			if (trainedOn.contains(scan)) continue;
			ProtocolModels.Protocol p = grouping.of(scan);
			boolean skip = scan.problem() == null && !request.overwrite() && Derivatives.of(scan, study.out()).complete();
			if (p == null && scan.problem() == null && !skip) keep.accept(failed(scan, study.out(), grouping.unread().get(scan)));
			else if (p != null && !skip && !Files.isRegularFile(p.model(study.out())))
				keep.accept(failed(scan, study.out(), "its protocol's model " + ProtocolModels.FOLDER + "/" + p.name() + ".san2n could not be "
						+ "trained (training on its first scans failed: their failures say why)"));
			else keep.accept(one(scan, study, request.overwrite(), p == null ? null : new ModelUse(p, false), progress, steps));
		}
		return outcomes;
	}

	/**
	 * What happened to a protocol's model.
	 *
	 * @param status DONE: trained now; SKIPPED: it was there; FAILED: no scan of the protocol trained one
	 * @param detail one line: the model's file and the scan it was trained on, or why it failed
	 * @param scans  the scans trained on (the one that gave the model is denoised by it: its outputs are written)
	 */
	public record Trained(ProtocolModels.Protocol protocol, Status status, String detail, List<Outcome> scans) {

		public Trained {
			scans = List.copyOf(scans);
		}
	}

	/**
	 * The protocol level: trains the model of each protocol of the chosen scans ({@link ProtocolModels}) that is not
	 * in {@code OUTPUT_DIR/models/} yet, on the protocol's first scan that trains, whose outputs are written as
	 * the participant level writes them (its sidecar records the model); a model that is there is not trained again.
	 *
	 * @param name     the one protocol to train ({@link ProtocolModels.Protocol#name}), or null for all
	 * @param each     told the outcome of each scan trained on, as soon as it is known
	 * @return each protocol's result, in the dataset's order
	 * @throws IllegalArgumentException as {@link #run}, a request without protocol models, or a name that is no
	 *                                  protocol of the chosen scans (the names are listed)
	 * @throws IOException              the dataset, the models or the output folder cannot be read or written
	 * @throws CancelledException       the user asked to stop
	 */
	public static List<Trained> protocols(StudyRequest request, String name, Progress progress, Consumer<StepReport> steps,
			Consumer<Outcome> each) throws IOException {
		if (!request.protocolModels()) throw new IllegalArgumentException("the protocol level trains protocol models: add --protocol-models");
		Study study = open(request, progress);
		ProtocolModels.Grouping grouping = ProtocolModels.group(study.layout(), study.scans(), study.out());
		List<ProtocolModels.Protocol> chosen = name == null ? grouping.protocols() : List.of(grouping.named(name));
		for (var e : grouping.unread().entrySet())
			progress.log(e.getKey().relative() + ": in no protocol, " + e.getValue());
		List<Trained> out = new ArrayList<>();
		for (ProtocolModels.Protocol p : chosen) {
			Trained t = train(p, study, progress, steps);
			t.scans().forEach(each);
			out.add(t);
		}
		return out;
	}

	/** A study opened: its denoise request, output folder, layout and chosen scans. */
	private record Study(DenoiseRequest denoise, Path out, BidsLayout layout, List<BidsScan> scans) {}

	/** Checks the request, opens the dataset, finds the chosen scans and writes or checks dataset_description.json. */
	private static Study open(StudyRequest request, Progress progress) throws IOException {
		DenoiseRequest denoise = request.denoise();
		DenoiseFiles.checkBeforeWork(denoise);
		Path out = outputFolder(request);
		BidsLayout layout = BidsLayout.open(request.bidsDir(), out);
		List<BidsScan> scans = layout.scans(request.participants(), request.sessions());
		if (scans.isEmpty()) throw new IllegalArgumentException("BIDS_DIR " + request.bidsDir() + " has no DWI scans (sub-*/[ses-*/]dwi/*_dwi.nii[.gz])"
				+ (request.participants().isEmpty() && request.sessions().isEmpty() ? "" : " for the chosen subjects and sessions"));
		OutputFiles.checkFolder("OUTPUT_DIR", out);
		Derivatives.describe(out, layout, request.settingsRecord());
		progress.log(String.format(Locale.ROOT, "%d DWI scan%s in %s", scans.size(), scans.size() == 1 ? "" : "s", layout.root()));
		return new Study(denoise, out, layout, scans);
	}

	/** A protocol's model used for a scan: trained on it (and saved), or applied to it. */
	private record ModelUse(ProtocolModels.Protocol protocol, boolean trains) {}

	/** Trains the protocol's model unless it is there: on its scans in turn, at most {@link ProtocolModels#MAX_TRAINING_SCANS}. */
	private static Trained train(ProtocolModels.Protocol p, Study study, Progress progress, Consumer<StepReport> steps) throws IOException {
		Path model = p.model(study.out());
		String file = ProtocolModels.FOLDER + "/" + p.name() + ".san2n";
		if (Files.isRegularFile(model)) return new Trained(p, Status.SKIPPED, file + " is there (a model is trained once; remove it to train "
				+ "it again)", List.of());
		List<Outcome> tried = new ArrayList<>();
		for (BidsScan scan : p.scans()) {
			if (tried.size() == ProtocolModels.MAX_TRAINING_SCANS) break;
			progress.log("protocol " + p.name() + " (" + p.scans().size() + " scan" + (p.scans().size() == 1 ? "" : "s") + ", "
					+ p.table().size() + " volumes): training its model on " + scan.relative());
			// The scan trained on is denoised by its own training (its outputs replaced if they were there).
			Outcome o = one(scan, study, true, new ModelUse(p, true), progress, steps);
			tried.add(o);
			if (o.status() == Status.DONE && Files.isRegularFile(model))
				return new Trained(p, Status.DONE, file + " trained on " + scan.relative(), tried);
		}
		return new Trained(p, Status.FAILED, "no model: training failed on " + String.join(", ", tried.stream().map(o -> o.scan().relative())
				.toList()), tried);
	}

	/**
	 * The output folder, refused when writing there could touch the dataset: the dataset's own folder, or a folder
	 * inside it other than under {@code derivatives/} (where BIDS keeps derivatives).
	 */
	static Path outputFolder(StudyRequest request) {
		Path out = request.outputDir().toAbsolutePath().normalize(), in = request.bidsDir().toAbsolutePath().normalize();
		try {
			if (Files.exists(out) && Files.exists(in)) {
				out = out.toRealPath();
				in = in.toRealPath();
			}
		} catch (IOException e) {
			// compare the paths as given
		}
		if (out.equals(in))
			throw new IllegalArgumentException("OUTPUT_DIR " + request.outputDir() + " is BIDS_DIR: derivatives go to a folder of their own "
					+ "(e.g. BIDS_DIR/derivatives/san2n)");
		if (out.startsWith(in) && !out.startsWith(in.resolve("derivatives")))
			throw new IllegalArgumentException("OUTPUT_DIR " + request.outputDir() + " is inside BIDS_DIR but not under its derivatives/ "
					+ "folder: use BIDS_DIR/derivatives/san2n or a folder outside the dataset");
		return out;
	}

	private static Outcome one(BidsScan scan, Study study, boolean overwrite, ModelUse use, Progress progress, Consumer<StepReport> steps)
			throws IOException {
		BidsLayout layout = study.layout();
		Path out = study.out();
		Path model = use == null ? null : use.protocol().model(out);
		DenoiseRequest denoise = use == null ? study.denoise()
				: use.trains() ? study.denoise().withSaveModel(model) : study.denoise().withModel(model);
		if (scan.problem() != null) return failed(scan, out, scan.problem());
		Derivatives.Outputs o = Derivatives.of(scan, out);
		if (!overwrite && o.complete()) return new Outcome(scan, Status.SKIPPED, "its outputs are complete; --overwrite redoes it");
		progress.checkCancelled();
		try {
			Path bval = layout.inherited(scan, ".bval"), bvec = layout.inherited(scan, ".bvec");
			if (bval == null || bvec == null)
				throw new IllegalArgumentException("no " + (bval == null ? ".bval" : ".bvec") + " file for " + scan.file().getFileName()
						+ ": BIDS keeps it beside the scan (" + scan.name().as("dwi", bval == null ? ".bval" : ".bvec") + ") or higher up "
						+ "(e.g. dwi" + (bval == null ? ".bval" : ".bvec") + " at the dataset's top)");
			Path mask = layout.mask(scan);
			JsonObject metadata = layout.metadata(scan);
			Map<String, Path> outputs = new LinkedHashMap<>(), inputs = new LinkedHashMap<>();
			outputs.put("the denoised scan", o.nifti());
			outputs.put("the denoised scan's .bval", o.bval());
			outputs.put("the denoised scan's .bvec", o.bvec());
			outputs.put("the denoised scan's sidecar", o.json());
			inputs.put("the scan", scan.file());
			inputs.put("its .bval", bval);
			inputs.put("its .bvec", bvec);
			inputs.put("its mask", mask);
			if (use != null) (use.trains() ? outputs : inputs).put("its protocol's model", model);
			DistinctPaths.require(outputs, inputs);
			Files.createDirectories(o.nifti().getParent());
			if (model != null) Files.createDirectories(model.getParent());
			for (var e : outputs.entrySet())
				OutputFiles.checkWritable(e.getKey(), e.getValue());
			RunRecord record = new RunRecord();
			String file = use == null ? null : ProtocolModels.FOLDER + "/" + use.protocol().name() + ".san2n";
			record.put("Description", "Denoised by SAN2N (" + denoise.method().key() + ") from the raw scan in Sources"
					+ (use == null ? "" : use.trains() ? ", trained on this scan; the model it trained (" + file + ") denoises the other scans of "
							+ "its protocol" : ", by its protocol's model (" + file + ", trained on another scan: see model)"));
			List<String> sources = new ArrayList<>(List.of(Derivatives.uri(layout, scan.file()), Derivatives.uri(layout, bval),
					Derivatives.uri(layout, bvec)));
			if (mask != null) sources.add(Derivatives.uri(layout, mask));
			record.put("Sources", sources);
			record.put("mask", mask == null ? "computed (median_otsu on the b0s): the dataset has none for this scan" : Derivatives.uri(layout, mask));
			String name = scan.file().getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "");
			progress.log(name + ": denoising");
			DenoiseFiles.Denoised d = DenoiseFiles.denoise(new DenoiseFiles.Inputs(scan.file(), bval, bvec, mask), denoise, record,
					new Labelled(progress, name + ": "), steps);
			if (use != null) {
				// The model's record first (a trained model is saved by now): the sidecar then says where the model came from.
				if (use.trains()) ProtocolModels.record(use.protocol(), out, Derivatives.uri(layout, scan.file()));
				record.put("model", ProtocolModels.use(use.protocol(), out));
			}
			// The old record goes first: until the new one is written, the outputs are incomplete (a rerun redoes them).
			Files.deleteIfExists(o.json());
			d.writeTo(o.nifti());
			copy(bval, o.bval());
			copy(bvec, o.bvec());
			JsonObject sidecar = metadata.deepCopy();
			JsonParser.parseString(record.toJson()).getAsJsonObject().entrySet().forEach(e -> sidecar.add(e.getKey(), e.getValue()));
			AtomicFiles.writeString(o.json(), Derivatives.GSON.toJson(sidecar) + "\n");
			Files.deleteIfExists(Derivatives.failureRecord(scan, out));
			Path legacy = Derivatives.legacyFailureRecordOf(scan, out);
			if (legacy != null) Files.deleteIfExists(legacy);
			Map<String, Object> r = record.entries();
			return new Outcome(scan, Status.DONE, String.format(Locale.ROOT, "σ %s, output check %s, %s s", r.get("noise_sigma") instanceof Number n
					? String.format(Locale.ROOT, "%.4g", n.doubleValue()) : "n/a", Boolean.FALSE.equals(r.get("output_check_passed"))
							? "FAILED (written as asked: check warn)" : "passed", r.get("seconds")));
		} catch (CancelledException e) {
			throw e;
		} catch (DenoisingFailedException e) {
			return failed(scan, out, e.verdict() + (e.details().isEmpty() ? "" : ": " + String.join("; ", e.details())));
		} catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
			return failed(scan, out, String.valueOf(e.getMessage()));
		} catch (RuntimeException | OutOfMemoryError e) {
			// Our bug or the machine's limit: this scan fails, the study goes on; the trace is kept in the log.
			java.io.StringWriter trace = new java.io.StringWriter();
			e.printStackTrace(new java.io.PrintWriter(trace));
			progress.log(trace.toString());
			return failed(scan, out, "unexpected " + e);
		}
	}

	private static void copy(Path from, Path to) throws IOException {
		AtomicFiles.write(to, tmp -> {
			Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
			if (Files.mismatch(from, tmp) != -1) throw new IOException("copying " + from + " to " + to + " gave another file");
		});
	}

	/** The failure, kept for the group level in logs/ (best effort: a folder that cannot take it is said in the reason). */
	private static Outcome failed(BidsScan scan, Path out, String reason) {
		// Folders made for this scan's outputs and left empty go again (sub-03/ses-1/dwi/ of a scan that never got written).
		if (scan.name() != null)
			for (Path d = Derivatives.of(scan, out).nifti().getParent(); d != null && d.startsWith(out) && !d.equals(out); d = d.getParent())
				try {
					Files.delete(d); // only when empty
				} catch (IOException e) {
					break;
				}
		String oneLine = reason.replaceAll("\\s+", " ").trim();
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("scan", scan.relative());
		m.put("status", "failed");
		m.put("reason", oneLine);
		m.put("software", RunRecord.software());
		m.put("time", java.time.OffsetDateTime.now().withNano(0).toString());
		try {
			Path f = Derivatives.failureRecord(scan, out);
			Files.createDirectories(f.getParent());
			AtomicFiles.writeString(f, Derivatives.GSON.toJson(m) + "\n");
		} catch (IOException e) {
			oneLine += " (its failure record could not be written: " + e.getMessage() + ")";
		}
		return new Outcome(scan, Status.FAILED, oneLine);
	}

	/** A scan's progress: its log lines and stages start with the scan's name. */
	private record Labelled(Progress inner, String prefix) implements Progress {

		@Override
		public void update(String stage, long done, long total) {
			inner.update(prefix + stage, done, total);
		}

		@Override
		public boolean isCancelled() {
			return inner.isCancelled();
		}

		@Override
		public void status(String text) {
			inner.status(text);
		}

		@Override
		public void log(String line) {
			inner.log(prefix + line);
		}

		@Override
		public void record(String key, Object value) {
			inner.record(key, value);
		}

		@Override
		public void checkCancelled() {
			inner.checkCancelled();
		}
	}
}
