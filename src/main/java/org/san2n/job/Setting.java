package org.san2n.job;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.san2n.denoise.Method;

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
 * @param choiceLabels what a dialog shows for each of {@code choices}, in the same order (the value stays the
 *                     choice: macros and the command line give {@code mppca}, a person reads "MP-PCA (fast, no training)")
 * @param help         one or two sentences for tooltips, {@code --help} and the README
 * @param group        where a dialog shows it: the few that matter first, the expert ones apart
 * @param jobs         the jobs that take it
 * @param methods      the Denoise methods whose result it can change (a dialog shows it only for those; for
 *                     Train, which always trains SAN2N's network, every setting of the job counts)
 * @param where        the front ends that offer it: almost all settings are everywhere; a map of the result is a
 *                     file to write on the command line ({@code --noise-map F}) and an image to add in ImageJ
 *                     ({@code show_noise_map}), two settings each offered where it makes sense
 */
public record Setting(String key, String label, Type type, String defaultValue, double min, double max, List<String> choices,
		List<String> choiceLabels, String help, Group group, Set<Job> jobs, Set<Method> methods, FrontEnds where) {

	/** Which front ends offer a setting. */
	public enum FrontEnds {
		ALL, COMMAND_LINE, IMAGEJ;

		/** True when a setting declared for these front ends is offered by {@code frontEnd} (COMMAND_LINE or IMAGEJ). */
		public boolean include(FrontEnds frontEnd) {
			return this == ALL || frontEnd == ALL || this == frontEnd;
		}
	}

	public enum Type {
		INTEGER, NUMBER, TEXT, CHOICE,
		/** A file that is read. */
		FILE,
		/** A file that is written. */
		NEW_FILE,
		/** A file that is read, or in Fiji the title of an open image. */
		IMAGE,
		/** On or off: a checkbox in a dialog, {@code true}/{@code false} in a macro (a bare key is true). */
		BOOLEAN
	}

	/**
	 * Dialog sections, in order. The first dialog shows SCAN and MAIN (the few that matter); the rest are one
	 * click away.
	 */
	public enum Group {
		SCAN("Scan"), MAIN("Method"), TRAINING("SAN2N training"), DENOISING("Denoising"), EXPERT("Expert: loss, noise, q-space pairing");

		private final String title;

		Group(String title) {
			this.title = title;
		}

		/** The heading of this section in {@code job}'s dialog: Train has no method to choose, MAIN is how its model is made. */
		public String title(Job job) {
			return this == MAIN && job == Job.TRAIN ? "Model" : title;
		}

		/** True for the sections of a dialog's first page. */
		public boolean first() {
			return this == SCAN || this == MAIN;
		}
	}

	public enum Job {
		TRAIN, DENOISE
	}

	public Setting {
		choices = List.copyOf(choices);
		choiceLabels = List.copyOf(choiceLabels);
		jobs = Set.copyOf(jobs);
		methods = Set.copyOf(methods);
		if (!key.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("setting key '" + key + "' is not a macro key");
		if (choiceLabels.size() != choices.size() || choiceLabels.stream().distinct().count() != choices.size())
			throw new IllegalArgumentException("setting " + key + ": one distinct label per choice");
		if (methods.isEmpty()) throw new IllegalArgumentException("setting " + key + " changes nothing for any method");
		if (where == null) throw new IllegalArgumentException("setting " + key + ": say which front ends offer it");
	}

	/** True when this setting can change what {@code method} does. */
	public boolean appliesTo(Method method) {
		return methods.contains(method);
	}

	/** The words a dialog shows for {@code choice}. */
	public String choiceLabel(String choice) {
		int i = choices.indexOf(choice);
		if (i < 0) throw new IllegalArgumentException(key + " has no choice '" + choice + "'");
		return choiceLabels.get(i);
	}

	/** The choice a dialog's {@code label} stands for. */
	public String choiceOf(String label) {
		int i = choiceLabels.indexOf(label);
		if (i < 0) throw new IllegalArgumentException(key + " has no choice labelled '" + label + "'");
		return choices.get(i);
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
		case BOOLEAN:
			String b = v.toLowerCase(Locale.ROOT);
			if (b.equals("true") || b.equals("yes") || b.equals("on") || b.equals("1")) return "true";
			if (b.equals("false") || b.equals("no") || b.equals("off") || b.equals("0")) return "false";
			throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
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
