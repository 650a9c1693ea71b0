package org.san2n.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BIDS file name taken apart: {@code sub-01_ses-1_acq-a_dwi.nii.gz} is the entities {@code sub=01, ses=1,
 * acq=a} (in the order written), the suffix {@code dwi} and the extension {@code .nii.gz}. Immutable.
 *
 * @param entities  key → label, in the order of the name; keys and labels are letters and digits
 * @param suffix    the word before the extension, e.g. {@code dwi}, {@code mask}
 * @param extension from the first dot, e.g. {@code .nii.gz}, {@code .bval}; "" when there is none
 */
public record BidsName(Map<String, String> entities, String suffix, String extension) {

	public BidsName {
		entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
		for (var e : entities.entrySet())
			if (!e.getKey().matches("[a-zA-Z0-9]+") || !e.getValue().matches("[a-zA-Z0-9]+"))
				throw new IllegalArgumentException("a BIDS entity is key-label in letters and digits, got '" + e.getKey() + "-" + e.getValue() + "'");
		if (!suffix.matches("[a-zA-Z0-9]+")) throw new IllegalArgumentException("a BIDS suffix is letters and digits, got '" + suffix + "'");
	}

	/**
	 * Parses a file name (not a path).
	 *
	 * @throws IllegalArgumentException when it is not {@code key-label_…_suffix.ext}, each entity once, saying
	 *                                  which part is wrong
	 */
	public static BidsName parse(String fileName) {
		int dot = fileName.indexOf('.');
		String base = dot < 0 ? fileName : fileName.substring(0, dot), ext = dot < 0 ? "" : fileName.substring(dot);
		String[] parts = base.split("_", -1);
		Map<String, String> entities = new LinkedHashMap<>();
		for (int i = 0; i < parts.length - 1; i++) {
			String[] kv = parts[i].split("-", -1);
			if (kv.length != 2 || !kv[0].matches("[a-zA-Z0-9]+") || !kv[1].matches("[a-zA-Z0-9]+"))
				throw new IllegalArgumentException(fileName + " is not a BIDS name: '" + parts[i] + "' is not an entity key-label "
						+ "(letters and digits, e.g. sub-01, acq-b1000)");
			if (entities.put(kv[0], kv[1]) != null)
				throw new IllegalArgumentException(fileName + " is not a BIDS name: the entity '" + kv[0] + "' is given twice");
		}
		String suffix = parts[parts.length - 1];
		if (!suffix.matches("[a-zA-Z0-9]+"))
			throw new IllegalArgumentException(fileName + " is not a BIDS name: its suffix '" + suffix + "' is not letters and digits");
		return new BidsName(entities, suffix, ext);
	}

	/** True when every entity of this name has the same label in {@code other} (the inheritance principle's test). */
	public boolean appliesTo(BidsName other) {
		for (var e : entities.entrySet())
			if (!e.getValue().equals(other.entities.get(e.getKey()))) return false;
		return true;
	}

	/** This name with {@code key} set to {@code label}: replaced in place, or added at the end of the entities. */
	public BidsName with(String key, String label) {
		Map<String, String> m = new LinkedHashMap<>(entities);
		m.put(key, label);
		return new BidsName(m, suffix, extension);
	}

	/** This name with another suffix and extension. */
	public BidsName as(String suffix, String extension) {
		return new BidsName(entities, suffix, extension);
	}

	/** This name without {@code key}. */
	public BidsName without(String key) {
		Map<String, String> m = new LinkedHashMap<>(entities);
		m.remove(key);
		return new BidsName(m, suffix, extension);
	}

	/** The entities as written in the name, without the suffix: {@code sub-01_ses-1}. */
	public String entityPart() {
		StringBuilder b = new StringBuilder();
		entities.forEach((k, v) -> b.append(b.length() == 0 ? "" : "_").append(k).append('-').append(v));
		return b.toString();
	}

	/** The name without its extension: {@code sub-01_ses-1_dwi}. */
	public String stem() {
		StringBuilder b = new StringBuilder();
		entities.forEach((k, v) -> b.append(k).append('-').append(v).append('_'));
		return b.append(suffix).toString();
	}

	@Override
	public String toString() {
		return stem() + extension;
	}
}
