package org.san2n.study;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The DWI scans of a BIDS dataset and the files that go with each. Immutable; reads the file system when asked.
 *
 * <ul>
 * <li>Scans: every {@code sub-<label>/[ses-<label>/]dwi/*_dwi.nii[.gz]} (links followed).</li>
 * <li>Gradient files and metadata follow BIDS's inheritance principle: a {@code .bval}, {@code .bvec} or
 * {@code .json} named {@code [entities_]dwi.EXT} applies to a scan when each of its entities has the scan's
 * label; it may sit in the scan's folder, its session's, its subject's or the dataset's top folder. For
 * {@code .bval}/{@code .bvec} the nearest folder with one wins; JSON sidecars are merged from the top down
 * (nearer values replace farther ones). Two applicable files in one folder are refused (BIDS forbids it).</li>
 * <li>A brain mask, when the dataset has one on the scan's grid: {@code <scan's entities>_desc-brain_mask.nii[.gz]}
 * or {@code <scan's entities>_space-dwi_desc-brain_mask.nii[.gz]}, in the scan's folder or in the same folder of
 * a derivatives dataset {@code derivatives/<any>/sub-…/[ses-…/]dwi/}. None: the mask is computed (median_otsu).</li>
 * </ul>
 */
public final class BidsLayout {

	/** Mask names accepted, after the scan's entities (see the class comment). */
	static final List<String> MASK_ENDINGS = List.of("_desc-brain_mask.nii.gz", "_desc-brain_mask.nii", "_space-dwi_desc-brain_mask.nii.gz",
			"_space-dwi_desc-brain_mask.nii");

	private final Path root;
	private final Path exclude;

	private BidsLayout(Path root, Path exclude) {
		this.root = root;
		this.exclude = exclude;
	}

	/**
	 * The dataset in {@code root}.
	 *
	 * @param exclude a folder whose files are never taken as inputs (the study's own output folder), or null
	 * @throws IOException when {@code root} is not a folder or has no {@code dataset_description.json}
	 */
	public static BidsLayout open(Path root, Path exclude) throws IOException {
		Path r = root.toAbsolutePath().normalize();
		if (!Files.isDirectory(r)) throw new IOException("BIDS_DIR " + root + ": no such folder");
		if (!Files.isRegularFile(r.resolve("dataset_description.json")))
			throw new IOException("BIDS_DIR " + root + " has no dataset_description.json, which every BIDS dataset has: is it the "
					+ "dataset's top folder?");
		return new BidsLayout(r, exclude == null ? null : exclude.toAbsolutePath().normalize());
	}

	public Path root() {
		return root;
	}

	/** The dataset's {@code Name} from its dataset_description.json, or its folder's name when it has none. */
	public String name() throws IOException {
		JsonObject d = readJson(root.resolve("dataset_description.json"));
		JsonElement n = d.get("Name");
		return n != null && n.isJsonPrimitive() ? n.getAsString() : root.getFileName().toString();
	}

	/**
	 * Every DWI scan of the chosen subjects and sessions, sorted by path.
	 *
	 * @param participants subject labels (without {@code sub-}); empty: all
	 * @param sessions     session labels (without {@code ses-}); empty: all, and scans without a session too;
	 *                     given: only scans of those sessions
	 * @throws IllegalArgumentException a label given that the dataset does not have (naming the ones it has)
	 */
	public List<BidsScan> scans(List<String> participants, List<String> sessions) throws IOException {
		Set<String> subjects = new TreeSet<>(), seenSessions = new TreeSet<>();
		List<BidsScan> out = new ArrayList<>();
		for (Path sub : children(root, "sub-")) {
			String subject = sub.getFileName().toString().substring(4);
			subjects.add(subject);
			if (!participants.isEmpty() && !participants.contains(subject)) continue;
			if (sessions.isEmpty()) addScans(sub.resolve("dwi"), subject, null, out);
			for (Path ses : children(sub, "ses-")) {
				String session = ses.getFileName().toString().substring(4);
				seenSessions.add(session);
				if (sessions.isEmpty() || sessions.contains(session)) addScans(ses.resolve("dwi"), subject, session, out);
			}
		}
		for (String p : participants)
			if (!subjects.contains(p))
				throw new IllegalArgumentException("--participant-label " + p + ": " + root + " has no sub-" + p + " (it has " + listed("sub-", subjects) + ")");
		for (String s : sessions)
			if (!seenSessions.contains(s))
				throw new IllegalArgumentException("--session-label " + s + ": no ses-" + s + " in " + root + (participants.isEmpty() ? "" : " for the chosen subjects")
						+ " (sessions: " + listed("ses-", seenSessions) + ")");
		out.sort(java.util.Comparator.comparing(BidsScan::relative));
		return duplicatesRefused(out);
	}

	/**
	 * The scans, those whose derivatives would have one name ({@code x_dwi.nii} and {@code x_dwi.nii.gz}) marked with
	 * that problem, naming the others: each would overwrite the other's outputs, so none of them is denoised.
	 */
	private List<BidsScan> duplicatesRefused(List<BidsScan> scans) {
		java.util.Map<Path, List<BidsScan>> byOutput = new java.util.LinkedHashMap<>();
		for (BidsScan s : scans)
			if (s.problem() == null) byOutput.computeIfAbsent(Derivatives.of(s, root).nifti(), k -> new ArrayList<>()).add(s);
		List<BidsScan> out = new ArrayList<>();
		for (BidsScan s : scans) {
			List<BidsScan> same = s.problem() == null ? byOutput.get(Derivatives.of(s, root).nifti()) : List.of(s);
			if (same.size() < 2) {
				out.add(s);
				continue;
			}
			out.add(new BidsScan(s.file(), s.relative(), s.subject(), s.session(), null, String.join(" and ", same.stream().map(BidsScan::relative)
					.toList()) + " would both be written to " + Derivatives.of(s, root).nifti().getFileName() + ": the dataset has one scan under two "
					+ "names; keep one of them"));
		}
		return out;
	}

	private static String listed(String prefix, Set<String> labels) {
		if (labels.isEmpty()) return "none";
		List<String> l = labels.stream().map(s -> prefix + s).toList();
		return l.size() <= 10 ? String.join(", ", l) : String.join(", ", l.subList(0, 10)) + ", … (" + l.size() + ")";
	}

	private void addScans(Path dwiDir, String subject, String session, List<BidsScan> out) throws IOException {
		if (!Files.isDirectory(dwiDir)) return;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dwiDir)) {
			for (Path f : files) {
				String n = f.getFileName().toString();
				if (!(n.endsWith("_dwi.nii.gz") || n.endsWith("_dwi.nii")) || n.startsWith(".") || Files.isDirectory(f)) continue;
				String relative = root.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/');
				BidsName name = null;
				String problem = null;
				try {
					name = BidsName.parse(n);
					if (!subject.equals(name.entities().get("sub")))
						problem = n + " is in the folder of sub-" + subject + " but its name says " + (name.entities().containsKey("sub")
								? "sub-" + name.entities().get("sub") : "no subject") + ": rename it";
					else if (session != null && !session.equals(name.entities().get("ses")))
						problem = n + " is in the folder of ses-" + session + " but its name says " + (name.entities().containsKey("ses")
								? "ses-" + name.entities().get("ses") : "no session") + ": rename it";
				} catch (IllegalArgumentException e) {
					problem = e.getMessage();
				}
				out.add(new BidsScan(f.toAbsolutePath().normalize(), relative, subject, session, problem == null ? name : null, problem));
			}
		}
	}

	private static List<Path> children(Path dir, String prefix) throws IOException {
		List<Path> out = new ArrayList<>();
		if (!Files.isDirectory(dir)) return out;
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")
				&& (prefix.isEmpty() || p.getFileName().toString().startsWith(prefix)
						&& p.getFileName().toString().substring(prefix.length()).matches("[a-zA-Z0-9]+")))) {
			s.forEach(out::add);
		}
		out.sort(null);
		return out;
	}

	/**
	 * The file of {@code extension} (e.g. {@code .bval}) that applies to the scan by inheritance: the nearest
	 * folder's, from the scan's own up to the dataset's.
	 *
	 * @return the file, or null when the dataset has none for it
	 * @throws IllegalArgumentException two applicable files in one folder (naming both)
	 */
	public Path inherited(BidsScan scan, String extension) throws IOException {
		for (Path level : levels(scan)) {
			Path found = applicable(level, scan, extension);
			if (found != null) return found;
		}
		return null;
	}

	/** The scan's metadata: every applicable JSON sidecar merged from the dataset's top folder down (empty when none). */
	public JsonObject metadata(BidsScan scan) throws IOException {
		List<Path> levels = levels(scan);
		JsonObject merged = new JsonObject();
		for (int i = levels.size() - 1; i >= 0; i--) {
			Path f = applicable(levels.get(i), scan, ".json");
			if (f != null) readJson(f).entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
		}
		return merged;
	}

	/** The folders a scan inherits from, nearest first: its own, its session's, its subject's, the dataset's. */
	private List<Path> levels(BidsScan scan) {
		List<Path> out = new ArrayList<>();
		for (Path p = scan.file().getParent(); p != null && p.startsWith(root); p = p.getParent())
			out.add(p);
		return out;
	}

	private static Path applicable(Path folder, BidsScan scan, String extension) throws IOException {
		Path found = null;
		try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, p -> p.getFileName().toString().endsWith(extension))) {
			for (Path f : s) {
				if (!Files.isRegularFile(f)) continue;
				BidsName n;
				try {
					n = BidsName.parse(f.getFileName().toString());
				} catch (IllegalArgumentException e) {
					continue; // not a BIDS name: not a sidecar
				}
				if (!n.suffix().equals(scan.name().suffix()) || !n.extension().equals(extension) || !n.appliesTo(scan.name())) continue;
				if (found != null)
					throw new IllegalArgumentException("both " + found + " and " + f + " apply to " + scan.file().getFileName()
							+ " (BIDS allows one " + extension + " per folder for a scan): remove one");
				found = f;
			}
		}
		return found;
	}

	/**
	 * The scan's brain mask, when the dataset has one under an accepted name (see the class comment), or null.
	 *
	 * @throws IllegalArgumentException more than one accepted mask (naming them)
	 */
	public Path mask(BidsScan scan) throws IOException {
		String prefix = scan.name().without("desc").entityPart();
		Path dwiDir = scan.file().getParent();
		List<Path> folders = new ArrayList<>(List.of(dwiDir));
		String relativeDir = root.relativize(dwiDir).toString();
		for (Path derivative : children(root.resolve("derivatives"), "")) {
			Path candidate = derivative.resolve(relativeDir).toAbsolutePath().normalize();
			if (exclude != null && candidate.startsWith(exclude)) continue;
			folders.add(candidate);
		}
		List<Path> found = new ArrayList<>();
		for (Path folder : folders)
			for (String ending : MASK_ENDINGS) {
				Path f = folder.resolve(prefix + ending);
				if (Files.isRegularFile(f)) found.add(f);
			}
		if (found.size() > 1)
			throw new IllegalArgumentException("more than one brain mask for " + scan.file().getFileName() + ": " + found + "; keep one");
		return found.isEmpty() ? null : found.get(0);
	}

	static JsonObject readJson(Path file) throws IOException {
		try {
			JsonElement e = JsonParser.parseString(Files.readString(file));
			if (!e.isJsonObject()) throw new IOException(file + " is not a JSON object");
			return e.getAsJsonObject();
		} catch (com.google.gson.JsonParseException | java.nio.charset.CharacterCodingException e) {
			throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
		}
	}
}
