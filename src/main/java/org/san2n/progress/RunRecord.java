package org.san2n.progress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run recorded about itself through {@link Progress#record} (its automatic choices, σ, the checks'
 * verdicts), in the order first recorded, kept beside its output: the command line writes it as a JSON
 * sidecar, Fiji as a property of the result image. One per run; safe to fill from several threads.
 */
public final class RunRecord {

	private final Map<String, Object> entries = new LinkedHashMap<>();

	/** This software and its version, as a record names it (e.g. {@code san2n 0.1.0}). */
	public static String software() {
		return "san2n " + version();
	}

	/** This software's version (e.g. {@code 0.1.0}), or {@code (development build)} when run from classes, not a jar. */
	public static String version() {
		String v = RunRecord.class.getPackage().getImplementationVersion();
		return v == null ? "(development build)" : v;
	}

	public synchronized void put(String key, Object value) {
		entries.put(key, value);
	}

	/** A copy of what was recorded, in order. */
	public synchronized Map<String, Object> entries() {
		return new LinkedHashMap<>(entries);
	}

	/** As one JSON object (numbers that are not finite as null). */
	public String toJson() {
		return new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().serializeSpecialFloatingPointValues()
				.create().toJson(sanitized());
	}

	private Map<String, Object> sanitized() {
		Map<String, Object> out = new LinkedHashMap<>();
		entries().forEach((k, v) -> out.put(k, v instanceof Number n && !Double.isFinite(n.doubleValue()) ? null : v));
		return out;
	}
}
