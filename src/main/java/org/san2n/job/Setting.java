package org.san2n.job;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One setting a user can give SAN2N, declared once for every front end: its {@code key} is the ImageJ macro
 * key and the SciJava parameter name, and {@code --key} (underscores as hyphens) the command-line option.
 *
 * @param key          macro key, e.g. {@code save_model}
 * @param label        short label for a dialog, saying what 0 or empty means
 * @param type         how the value is written and checked
 * @param defaultValue the documented default, as text ({@code ""}: not given)
 * @param min          smallest value of a number (inclusive)
 * @param max          largest value of a number (inclusive)
 * @param choices      the values a {@link Type#CHOICE} takes (the first is not necessarily the default)
 * @param help         one or two sentences for tooltips, {@code --help} and the README
 * @param group        where a dialog shows it: the few that matter first, the expert ones apart
 * @param jobs         the jobs that take it
 */
public record Setting(String key, String label, Type type, String defaultValue, double min, double max, List<String> choices,
		String help, Group group, Set<Job> jobs) {

	public enum Type {
		INTEGER, NUMBER, TEXT, FILE, CHOICE
	}

	/** Dialog sections, in order. */
	public enum Group {
		MAIN("Scan and method"), TRAINING("SAN2N training"), DENOISING("Denoising"), EXPERT("Expert: loss, noise, q-space pairing");

		private final String title;

		Group(String title) {
			this.title = title;
		}

		public String title() {
			return title;
		}
	}

	public enum Job {
		TRAIN, DENOISE
	}

	public Setting {
		choices = List.copyOf(choices);
		jobs = Set.copyOf(jobs);
		if (!key.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("setting key '" + key + "' is not a macro key");
	}

	/** The command-line option: {@code --save-model} for {@code save_model}. */
	public String option() {
		return "--" + key.replace('_', '-');
	}

	/**
	 * The value checked against this declaration, in its canonical text form (numbers as Java writes them,
	 * choices lower-case, files and text trimmed); {@code null} or blank gives the default.
	 */
	public String check(String value) {
		String v = value == null ? "" : value.trim();
		if (v.isEmpty()) return defaultValue;
		switch (type) {
		case INTEGER:
			long n;
			try {
				n = v.matches("[-+]?\\d+\\.0*") ? Long.parseLong(v.substring(0, v.indexOf('.'))) : Long.parseLong(v);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
			}
			if (n < min || n > max) throw new IllegalArgumentException(key + " must be " + range() + ", got " + n);
			return Long.toString(n);
		case NUMBER:
			double d;
			try {
				d = Double.parseDouble(v);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
			}
			if (!(d >= min && d <= max)) throw new IllegalArgumentException(key + " must be " + range() + ", got " + value);
			return Double.toString(d);
		case CHOICE:
			String c = v.toLowerCase(Locale.ROOT);
			if (!choices.contains(c))
				throw new IllegalArgumentException(key + " must be " + String.join(", ", choices.subList(0, choices.size() - 1)) + " or "
						+ choices.get(choices.size() - 1) + ", got '" + value + "'");
			return c;
		default:
			return v;
		}
	}

	private String range() {
		if (max >= 1e300) return min <= Double.MIN_VALUE ? "> 0" : "at least " + fmt(min);
		return fmt(min) + "–" + fmt(max);
	}

	private static String fmt(double x) {
		return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
	}
}
