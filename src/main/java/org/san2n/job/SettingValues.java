package org.san2n.job;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value of every setting of a job, checked against {@link Settings} (defaults filled in). Immutable;
 * made by {@link Settings#values}.
 */
public final class SettingValues {

	private final Setting.Job job;
	private final Map<String, String> values;
	private final java.util.Set<String> given;

	SettingValues(Setting.Job job, Map<String, String> values, java.util.Set<String> given) {
		this.job = job;
		this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
		this.given = java.util.Set.copyOf(given);
	}

	/** True when the user gave {@code key} (rather than leaving it to its default). */
	public boolean given(String key) {
		return given.contains(key);
	}

	public Setting.Job job() {
		return job;
	}

	/** Canonical text of every setting, in declaration order. */
	public Map<String, String> asMap() {
		return values;
	}

	public String text(String key) {
		String v = values.get(key);
		if (v == null) throw new IllegalArgumentException(job.name().toLowerCase() + " has no setting '" + key + "'");
		return v;
	}

	public int integer(String key) {
		return Math.toIntExact(Long.parseLong(text(key)));
	}

	public long longValue(String key) {
		return Long.parseLong(text(key));
	}

	public double number(String key) {
		return Double.parseDouble(text(key));
	}

	/** A {@link Setting.Type#BOOLEAN} setting's value. */
	public boolean flag(String key) {
		return Boolean.parseBoolean(text(key));
	}

	/** A file setting, or null when it was left empty. */
	public Path file(String key) {
		String v = text(key);
		return v.isEmpty() ? null : org.san2n.io.UndecodableNames.resolve(v);
	}

	/** True when {@code key} differs from its documented default. */
	public boolean changed(String key) {
		return !text(key).equals(Settings.get(key).defaultValue());
	}

	@Override
	public String toString() {
		return job + " " + values;
	}
}
