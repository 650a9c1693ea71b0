package org.san2n.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.san2n.io.AtomicFiles;
import org.san2n.model.ModelFile;
import org.san2n.model.VolumeMapping;
import org.san2n.progress.RunRecord;
import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.GradientTable;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One SAN2N model per protocol of a study. Scans whose gradient tables match ({@link VolumeMapping#matches}: the same
 * volumes up to order, b within 10 s/mm² or 2 %, directions within 1°) are one protocol; its model is trained on its
 * first scan that trains (in the dataset's order; at most {@link #MAX_TRAINING_SCANS} are tried) and kept in
 * {@code OUTPUT_DIR/models/<name>.san2n}, written atomically, so a model that is there is complete and is never
 * trained again. Its record {@code models/<name>.json} says which scan it was trained on and its SHA-256. The
 * training and the applying are {@link ParticipantLevel}'s; this class groups, names, finds and records.
 */
public final class ProtocolModels {

	/** The models' folder in the derivatives dataset. */
	public static final String FOLDER = "models";
	/** Scans of a protocol tried in turn for its model when training on one fails (its output check refused it). */
	public static final int MAX_TRAINING_SCANS = 3;

	private ProtocolModels() {}

	/**
	 * A protocol: scans with one gradient table.
	 *
	 * @param name  the model's file stem: the scans' entities other than sub, ses and run ({@link BidsScan#protocol}),
	 *              {@code _2}, {@code _3}… added when another table has that name; a model already there for this table
	 *              keeps its name
	 * @param table the first scan's gradient table
	 * @param scans its scans, in the dataset's order
	 */
	public record Protocol(String name, GradientTable table, List<BidsScan> scans) {

		public Protocol {
			scans = List.copyOf(scans);
		}

		/** The model's file in {@code outputDir}: {@code models/<name>.san2n}. */
		public Path model(Path outputDir) {
			return outputDir.resolve(FOLDER).resolve(name + ".san2n");
		}

		/** The model's record in {@code outputDir}: {@code models/<name>.json}. */
		public Path record(Path outputDir) {
			return outputDir.resolve(FOLDER).resolve(name + ".json");
		}
	}

	/**
	 * The scans taken apart by protocol.
	 *
	 * @param protocols in the order of their first scans
	 * @param unread    scans whose gradient table could not be read (a missing or malformed .bval/.bvec, a bad
	 *                  name): scan → why, in one line; they belong to no protocol
	 */
	public record Grouping(List<Protocol> protocols, Map<BidsScan, String> unread) {

		public Grouping {
			protocols = List.copyOf(protocols);
			unread = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unread));
		}

		/** The protocol of {@code scan}, or null when its table could not be read. */
		public Protocol of(BidsScan scan) {
			for (Protocol p : protocols)
				if (p.scans().contains(scan)) return p;
			return null;
		}

		/**
		 * The protocol called {@code name}.
		 *
		 * @throws IllegalArgumentException no protocol has that name (the names are listed)
		 */
		public Protocol named(String name) {
			for (Protocol p : protocols)
				if (p.name().equals(name)) return p;
			throw new IllegalArgumentException("no protocol '" + name + "' among the chosen scans; their protocols are "
					+ (protocols.isEmpty() ? "none (no scan's gradient table could be read)"
							: String.join(", ", protocols.stream().map(Protocol::name).toList())));
		}
	}

	/**
	 * Groups {@code scans} by gradient table, reading each scan's {@code .bval}/{@code .bvec} (by BIDS inheritance)
	 * but no voxel. Names come from the scans' entities, except that a protocol whose model is in
	 * {@code outputDir/models/} already keeps that model's name, so the same scans get the same names on every run.
	 *
	 * @throws IOException a model file in {@code models/} that cannot be read (named, with the reason)
	 */
	public static Grouping group(BidsLayout layout, List<BidsScan> scans, Path outputDir) throws IOException {
		List<GradientTable> tables = new ArrayList<>();
		List<List<BidsScan>> members = new ArrayList<>();
		Map<BidsScan, String> unread = new LinkedHashMap<>();
		for (BidsScan scan : scans) {
			if (scan.problem() != null) {
				unread.put(scan, scan.problem());
				continue;
			}
			GradientTable t;
			try {
				Path bval = layout.inherited(scan, ".bval"), bvec = layout.inherited(scan, ".bvec");
				if (bval == null || bvec == null)
					throw new IllegalArgumentException("no " + (bval == null ? ".bval" : ".bvec") + " file for " + scan.file().getFileName());
				t = FslGradientReader.read(bval, bvec);
			} catch (IOException | IllegalArgumentException e) {
				unread.put(scan, "its gradient table cannot be read: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim());
				continue;
			}
			int found = -1;
			for (int i = 0; i < tables.size() && found < 0; i++)
				if (VolumeMapping.matches(tables.get(i), t)) found = i;
			if (found < 0) {
				tables.add(t);
				members.add(new ArrayList<>());
				found = tables.size() - 1;
			}
			members.get(found).add(scan);
		}
		Map<Path, GradientTable> existing = existing(outputDir);
		String[] names = new String[tables.size()];
		Set<String> taken = new HashSet<>();
		// First the protocols whose model is there: they keep its name.
		for (int i = 0; i < tables.size(); i++)
			for (var e : existing.entrySet())
				if (VolumeMapping.matches(e.getValue(), tables.get(i))) {
					names[i] = e.getKey().getFileName().toString().replaceFirst("\\.san2n$", "");
					taken.add(names[i]);
					break;
				}
		for (var e : existing.keySet())
			taken.add(e.getFileName().toString().replaceFirst("\\.san2n$", ""));
		List<Protocol> protocols = new ArrayList<>();
		for (int i = 0; i < tables.size(); i++) {
			if (names[i] == null) {
				String base = members.get(i).get(0).protocol();
				String name = base;
				for (int k = 2; taken.contains(name); k++)
					name = base + "_" + k;
				names[i] = name;
				taken.add(name);
			}
			protocols.add(new Protocol(names[i], tables.get(i), members.get(i)));
		}
		return new Grouping(protocols, unread);
	}

	/** The models in {@code outputDir/models/} and their gradient tables (temporary files of a write in progress left out). */
	private static Map<Path, GradientTable> existing(Path outputDir) throws IOException {
		Path dir = outputDir.resolve(FOLDER);
		Map<Path, GradientTable> out = new LinkedHashMap<>();
		if (!Files.isDirectory(dir)) return out;
		List<Path> files;
		try (Stream<Path> s = Files.list(dir)) {
			files = s.filter(p -> p.getFileName().toString().endsWith(".san2n") && !p.getFileName().toString().startsWith(".")).sorted().toList();
		}
		for (Path f : files) {
			try {
				out.put(f, ModelFile.readMetadata(f).gradients());
			} catch (IOException e) {
				throw new IOException("protocol model " + f + " cannot be read (" + e.getMessage() + "): remove it, and the next run trains "
						+ "its protocol's model again", e);
			}
		}
		return out;
	}

	/**
	 * What a derivative's sidecar records of the model that denoised it: {@code file} (its path in the derivatives
	 * dataset, {@code models/<name>.san2n}), {@code sha256} (of the file's bytes, lower-case hex), {@code protocol}
	 * and {@code trained_on} (the scan it was trained on as a {@code bids:raw:} URI, from the model's record;
	 * {@code n/a} when that record is missing).
	 *
	 * @throws IOException the model file cannot be read
	 */
	public static Map<String, Object> use(Protocol protocol, Path outputDir) throws IOException {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("file", FOLDER + "/" + protocol.name() + ".san2n");
		m.put("sha256", sha256(protocol.model(outputDir)));
		m.put("protocol", protocol.name());
		String trainedOn = "n/a";
		Path record = protocol.record(outputDir);
		if (Files.isRegularFile(record)) {
			JsonElement t = BidsLayout.readJson(record).get("trained_on");
			if (t != null && t.isJsonPrimitive()) trainedOn = t.getAsString();
		}
		m.put("trained_on", trainedOn);
		return m;
	}

	/**
	 * Writes the model's record {@code models/<name>.json} (atomically): the protocol, the scan it was trained on
	 * ({@code trainedOn}, a {@code bids:raw:} URI), the model's SHA-256, its volume count, the software and the time.
	 *
	 * @throws IOException the model cannot be read or the record written
	 */
	static void record(Protocol protocol, Path outputDir, String trainedOn) throws IOException {
		JsonObject o = new JsonObject();
		o.addProperty("protocol", protocol.name());
		o.addProperty("trained_on", trainedOn);
		o.addProperty("sha256", sha256(protocol.model(outputDir)));
		o.addProperty("volumes", protocol.table().size());
		o.addProperty("scans", protocol.scans().size());
		o.addProperty("software", RunRecord.software());
		o.addProperty("time", java.time.OffsetDateTime.now().withNano(0).toString());
		AtomicFiles.writeString(protocol.record(outputDir), Derivatives.GSON.toJson(o) + "\n");
	}

	/**
	 * The SHA-256 of a file's bytes, lower-case hex.
	 *
	 * @throws IOException the file cannot be read
	 */
	public static String sha256(Path file) throws IOException {
		MessageDigest d;
		try {
			d = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java has SHA-256", e);
		}
		try (var in = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) > 0;)
				d.update(buffer, 0, n);
		}
		return HexFormat.of().formatHex(d.digest());
	}
}
