package org.san2n.imagej;

import java.awt.GraphicsEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.san2n.job.Setting;
import org.san2n.job.SettingValues;
import org.san2n.job.Settings;

import ij.Macro;
import ij.macro.Interpreter;

/**
 * The option string of {@code run("SAN2N Denoise", "…")}, both ways: read into the settings' keys, and
 * written for the macro recorder so that the recorded line repeats the run.
 */
public final class MacroOptions {

	private MacroOptions() {}

	/**
	 * The macro's options; {@code ""} (every key at its default) for a macro in batch mode
	 * ({@code setBatchMode(true)}, {@code ImageJ -batch}) or a headless run that gave none; null when a
	 * person is there to answer the dialog. ImageJ passes {@code run(cmd, "")} and {@code run(cmd)} alike as
	 * no options, and a dialog then shows itself and waits for a click that in a batch run never comes.
	 * Only the macro's own thread counts ({@code Run$_…}, as ImageJ marks it): a menu click while a batch
	 * macro runs elsewhere still gets the dialog.
	 */
	public static String current() {
		String given = Macro.getOptions();
		if (given != null) return given;
		if (GraphicsEnvironment.isHeadless()) return "";
		return onMacroThread(t -> null) && Interpreter.isBatchMode() ? "" : null;
	}

	/**
	 * True when this thread, or one that started it, is a macro's ({@code Run$_…}, as ImageJ names the thread
	 * a macro runs on). ImageJ's macro state ({@code IJ.isMacro()}, batch mode) is global: a menu click while a
	 * macro runs elsewhere must not be taken for that macro.
	 *
	 * @param parentOf the thread that started a given thread (SciJava's ThreadService knows; null when unknown)
	 */
	public static boolean onMacroThread(UnaryOperator<Thread> parentOf) {
		return ThreadAncestry.any(parentOf, t -> t.getName().startsWith("Run$_"));
	}

	/**
	 * What a macro's options give {@code job}, key → text in the order written: every key they name (unknown
	 * ones too, for {@link Settings#values} to refuse with the nearest known key), macro variables replaced
	 * by their values. Read here, key by key ({@link #parse}), not by GenericDialog, whose key search
	 * mistakes {@code save_model} for {@code model}.
	 */
	public static Map<String, String> read(String options, Setting.Job job) {
		List<Setting> settings = Settings.offeredBy(job, Setting.FrontEnds.IMAGEJ);
		Map<String, String> given = new LinkedHashMap<>();
		parse(options).forEach((key, value) -> given.put(key, variable(settings, key, value)));
		// A checkbox is written as its bare key when on, as ImageJ records one (show_noise_map).
		for (Setting s : settings)
			if (s.type() == Setting.Type.BOOLEAN && "".equals(given.get(s.key()))) given.put(s.key(), "true");
		return given;
	}

	/**
	 * A macro variable's value where the options name one, as GenericDialog reads them: {@code &name} for
	 * any key, and a bare name where a number belongs ({@code "epochs=n"}).
	 */
	private static String variable(List<Setting> settings, String key, String value) {
		Interpreter macro = Interpreter.getInstance();
		boolean number = settings.stream().anyMatch(s -> s.key().equals(key) && (s.type() == Setting.Type.INTEGER || s.type() == Setting.Type.NUMBER));
		if (value.startsWith("&")) {
			String v = macro == null ? null : macro.getVariableAsString(value.substring(1));
			if (v == null) throw new IllegalArgumentException(key + "=" + value + ": no macro variable '" + value.substring(1) + "'");
			return v;
		}
		if (number && macro != null && value.matches("[A-Za-z_]\\w*") && !value.matches("(?i)nan|infinity")) {
			String v = macro.getVariableAsString(value);
			if (v != null) return v;
		}
		return value;
	}

	/**
	 * The options as key → value, in the order written; the first of a repeated key wins, as in ImageJ. A
	 * value is {@code [text with spaces]}, {@code 'text'} or runs to the next space; a bare word is a key
	 * with an empty value.
	 * <p>
	 * Not ImageJ's {@code Macro.getValue}: it finds a key anywhere not preceded by a letter, so
	 * {@code save_model=m.san2n} also gave {@code model} that file, and {@code mppca_stride=2} gave
	 * {@code stride} 2 (which MP-PCA then refused as a training setting). Here a key starts the string or
	 * follows a space, outside brackets and quotes.
	 */
	public static Map<String, String> parse(String options) {
		Map<String, String> out = new LinkedHashMap<>();
		String s = options == null ? "" : options;
		int i = 0, n = s.length();
		while (i < n) {
			if (Character.isWhitespace(s.charAt(i))) {
				i++;
				continue;
			}
			int keyStart = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i)))
				i++;
			String key = s.substring(keyStart, i);
			String value = "";
			if (i < n && s.charAt(i) == '=') {
				i++;
				if (i < n && s.charAt(i) == '[') {
					int depth = 1, start = ++i;
					while (i < n && depth > 0) {
						char c = s.charAt(i++);
						if (c == '[') depth++;
						else if (c == ']') depth--;
					}
					if (depth > 0) throw new IllegalArgumentException(key + "=[… has no closing ]");
					value = s.substring(start, i - 1);
				} else if (i < n && s.charAt(i) == '\'') {
					int end = s.indexOf('\'', i + 1);
					if (end < 0) throw new IllegalArgumentException(key + "='… has no closing '");
					value = s.substring(i + 1, end);
					i = end + 1;
				} else {
					int start = i;
					while (i < n && !Character.isWhitespace(s.charAt(i)))
						i++;
					value = s.substring(start, i);
				}
			}
			out.putIfAbsent(key, value);
		}
		return out;
	}

	/**
	 * What a recorded macro needs to repeat a run, key → value in the dialog's order: {@code method} (for
	 * Denoise, always, and the one that ran: giving a model without a method runs SAN2N, which the line must
	 * say), then every setting whose value is not its default. Keys at their defaults are left out, so that
	 * the line says what the user chose, and so that one edited to {@code method=mppca} is not refused for
	 * training settings the user never touched.
	 *
	 * @param method the key of the method that ran, or null for a job without one (Train)
	 */
	public static Map<String, String> toRecord(SettingValues values, String method) {
		Map<String, String> out = new LinkedHashMap<>();
		for (Setting s : Settings.offeredBy(values.job(), Setting.FrontEnds.IMAGEJ)) {
			if (s.key().equals("method")) {
				if (method != null) out.put("method", method);
			} else if (values.changed(s.key())) {
				out.put(s.key(), values.text(s.key()));
			}
		}
		return out;
	}

	/** As ImageJ's recorder writes options (Recorder.recordOption): {@code key=value}, bracketed when it holds a space. */
	public static String format(Map<String, String> options) {
		StringBuilder b = new StringBuilder();
		options.forEach((k, v) -> {
			if (b.length() > 0) b.append(' ');
			b.append(k).append('=').append(v.indexOf(' ') >= 0 ? "[" + v + "]" : v);
		});
		return b.toString();
	}
}
