package org.san2n.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.san2n.io.AtomicFiles;
import org.san2n.progress.RunRecord;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Where a study's results go, as BIDS Derivatives names them: {@code OUTPUT_DIR/dataset_description.json}, and
 * for each scan {@code sub-…/[ses-…/]dwi/<the scan's entities>_desc-denoised_dwi.nii.gz} with {@code .bval},
 * {@code .bvec} and a JSON sidecar (written last: a sidecar means the scan's outputs are complete). A scan that
 * failed leaves {@code logs/<its path in the dataset>_failure.json} (logs/ is listed in {@code .bidsignore}), removed
 * when it is done.
 */
public final class Derivatives {

	/** The {@code desc} label of a denoised scan (a scan that has {@code desc-X} gets {@code desc-Xdenoised}). */
	public static final String DESC = "denoised";
	/** The BIDS version the derivatives follow. */
	public static final String BIDS_VERSION = "1.9.0";
	/** The name in {@code GeneratedBy}. */
	public static final String GENERATOR = "SAN2N";

	static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

	private Derivatives() {}

	/** A scan's outputs; {@link #json} is written last. */
	public record Outputs(Path nifti, Path bval, Path bvec, Path json) {

		/** True when the scan's outputs are all there (its sidecar, written last, among them). */
		public boolean complete() {
			return Files.isRegularFile(json) && Files.isRegularFile(nifti) && Files.isRegularFile(bval) && Files.isRegularFile(bvec);
		}
	}

	/** The outputs of {@code scan} (a scan with a valid BIDS name) in the derivatives folder {@code outputDir}. */
	public static Outputs of(BidsScan scan, Path outputDir) {
		BidsName n = scan.name();
		String desc = n.entities().containsKey("desc") ? n.entities().get("desc") + DESC : DESC;
		BidsName out = n.with("desc", desc);
		Path dir = outputDir.resolve(scan.relative()).getParent();
		return new Outputs(dir.resolve(out.as(out.suffix(), ".nii.gz").toString()), dir.resolve(out.as(out.suffix(), ".bval").toString()),
				dir.resolve(out.as(out.suffix(), ".bvec").toString()), dir.resolve(out.as(out.suffix(), ".json").toString()));
	}

	/**
	 * Where a failed scan's reason is kept for the group level: {@code logs/} and the scan's path in the dataset
	 * ({@code logs/sub-01/dwi/sub-01_dwi_failure.json}), so that two scans of one name in different folders (a file
	 * misplaced in another subject's folder) keep records of their own.
	 */
	public static Path failureRecord(BidsScan scan, Path outputDir) {
		return outputDir.resolve("logs").resolve(scan.relative().replaceFirst("\\.nii(\\.gz)?$", "") + "_failure.json");
	}

	/** Where an earlier release kept a failed scan's reason ({@code logs/<file name>_failure.json}): read and removed for its scan only. */
	static Path legacyFailureRecord(BidsScan scan, Path outputDir) {
		String base = scan.relative().substring(scan.relative().lastIndexOf('/') + 1).replaceFirst("\\.nii(\\.gz)?$", "");
		return outputDir.resolve("logs").resolve(base + "_failure.json");
	}

	/** The legacy failure record ({@link #legacyFailureRecord}) when it is there and names this scan, else null. */
	static Path legacyFailureRecordOf(BidsScan scan, Path outputDir) {
		Path f = legacyFailureRecord(scan, outputDir);
		if (!Files.isRegularFile(f)) return null;
		try {
			JsonElement named = BidsLayout.readJson(f).get("scan");
			return named != null && named.isJsonPrimitive() && named.getAsString().equals(scan.relative()) ? f : null;
		} catch (IOException e) {
			return null;
		}
	}

	/** A JSON value as text: a string or number as it is, anything else as JSON ({@code {"a": 1}}), null as "". */
	static String text(JsonElement e) {
		return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
	}

	/** A scan's path in the raw dataset as a BIDS URI ({@code bids:raw:sub-01/dwi/…}; {@code raw} is in DatasetLinks). */
	static String uri(BidsLayout layout, Path file) {
		return "bids:raw:" + layout.root().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
	}

	/**
	 * The derivatives' dataset_description.json: {@code Name}, {@code BIDSVersion}, {@code DatasetType}
	 * (derivative), {@code GeneratedBy} (SAN2N, its version and the study's settings), the raw dataset as
	 * {@code SourceDatasets} and as {@code DatasetLinks.raw} (for the sidecars' {@code bids:raw:} URIs).
	 */
	static Map<String, Object> description(BidsLayout layout, Map<String, String> settings) throws IOException {
		Map<String, Object> generator = new LinkedHashMap<>();
		generator.put("Name", GENERATOR);
		generator.put("Version", RunRecord.version());
		generator.put("Description", "diffusion MRI denoised with the settings below (java -jar san2n.jar bids …)");
		generator.put("Settings", settings);
		String uri = layout.root().toUri().toString();
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("Name", "SAN2N denoised: " + layout.name());
		d.put("BIDSVersion", BIDS_VERSION);
		d.put("DatasetType", "derivative");
		d.put("GeneratedBy", List.of(generator));
		d.put("SourceDatasets", List.of(Map.of("URL", uri)));
		d.put("DatasetLinks", Map.of("raw", uri));
		return d;
	}

	/**
	 * Writes {@code OUTPUT_DIR/dataset_description.json} (and {@code .bidsignore}), or when it is there already
	 * checks that it is SAN2N's with the same settings: scans denoised with other settings must not be mixed
	 * into one derivatives dataset.
	 *
	 * @throws IllegalArgumentException the folder holds another dataset, SAN2N's of another version (both named), or
	 *                                  SAN2N's with other settings (the first that differs is named), or a file that is
	 *                                  not JSON (named, with the problem)
	 */
	static void describe(Path outputDir, BidsLayout layout, Map<String, String> settings) throws IOException {
		Path file = outputDir.resolve("dataset_description.json");
		if (Files.exists(file)) {
			JsonObject old;
			try {
				old = BidsLayout.readJson(file);
			} catch (IOException e) {
				throw new IllegalArgumentException("OUTPUT_DIR's " + e.getMessage() + ": mend it or choose another folder", e);
			}
			JsonElement g = old.get("GeneratedBy");
			JsonObject gen = g != null && g.isJsonArray() && g.getAsJsonArray().size() > 0 && g.getAsJsonArray().get(0).isJsonObject()
					? g.getAsJsonArray().get(0).getAsJsonObject() : null;
			if (gen == null || !GENERATOR.equals(text(gen.get("Name"))) || !gen.has("Settings"))
				throw new IllegalArgumentException("OUTPUT_DIR " + outputDir + " holds a dataset_description.json that " + GENERATOR
						+ " did not write: choose an empty folder (e.g. BIDS_DIR/derivatives/san2n)");
			if (!gen.get("Settings").isJsonObject())
				throw new IllegalArgumentException(file + ": GeneratedBy[0].Settings is " + gen.get("Settings") + ", not the object of settings "
						+ GENERATOR + " writes: mend it or choose another folder");
			// Outputs of two releases must not be mixed under one GeneratedBy.Version (another release may denoise otherwise).
			String version = text(gen.get("Version"));
			if (!version.equals(RunRecord.version()))
				throw new IllegalArgumentException("OUTPUT_DIR " + outputDir + " was written by " + GENERATOR + " " + (version.isEmpty()
						? "of no recorded version" : version) + ", and this is " + GENERATOR + " " + RunRecord.version() + ": one derivatives "
						+ "dataset is made by one release; write to another folder (or run the release that wrote it)");
			JsonObject was = gen.getAsJsonObject("Settings");
			// Both ways: a key recorded then and not given now (protocol_models) differs too.
			java.util.Set<String> keys = new java.util.LinkedHashSet<>(settings.keySet());
			keys.addAll(was.keySet());
			for (String key : keys) {
				JsonElement w = was.get(key);
				String before = w == null || w.isJsonNull() ? "(not recorded)" : text(w);
				String now = settings.getOrDefault(key, "(not given)");
				if (!before.equals(now))
					throw new IllegalArgumentException("OUTPUT_DIR " + outputDir + " was written with " + key + " " + before + ", and this run "
							+ "asks for " + now + ": one derivatives dataset has one set of settings; write to another folder");
			}
			return;
		}
		AtomicFiles.writeString(outputDir.resolve(".bidsignore"), "logs/\ngroup_dwi.tsv\ngroup_dwi.json\n");
		AtomicFiles.writeString(file, GSON.toJson(description(layout, settings)) + "\n");
	}
}
