package org.san2n.scijava;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.san2n.imagej.Failures;
import org.san2n.imagej.LossDisplay;
import org.san2n.imagej.Recording;
import org.san2n.imagej.SettingsDialog;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.train.EpochMeans;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.thread.ThreadService;

import ij.ImagePlus;

/**
 * What SAN2N Train and SAN2N Denoise share in Fiji. Their parameters are fields named by the setting keys
 * (so macros, scripts and headless runs address them by name), labelled and described by the declaration's
 * constants ({@link Settings}), with its defaults; no value is remembered between runs
 * ({@code persist = false}): a macro that leaves a key out gets the default. (A static command, not a
 * DynamicCommand: CommandService.run returns no result for those, which scripts and headless runs need.)
 * <p>
 * In Fiji the person does not see SciJava's list of every field: {@link SettingsPreprocessor} shows SAN2N's
 * own dialog (the image, the scan's files, the chosen method's few settings, the rest behind Advanced…) or
 * reads a macro's options as the ImageJ 1.x plugins read them, and hands the result to {@link #take}. The
 * command records itself ({@code no-record} keeps Fiji's legacy recorder, which writes every field, out).
 */
abstract class SettingsCommand extends ContextCommand {

	@Parameter
	LogService log;

	/** Which thread ran this command (to tell ImageJ 1.x's command runner from a script). */
	@Parameter(required = false)
	ThreadService threads;

	/**
	 * What SAN2N's dialog or a macro's options gave, key → text as entered (see {@link #take}); null when the
	 * fields are what a script or Java code set.
	 */
	private Map<String, String> asked;

	abstract Setting.Job job();

	/** The menu label: the dialog's title, the recorder's command, the log's prefix. */
	abstract String name();

	/** The scan the command works on (null when no image is open). */
	abstract ImagePlus image();

	/**
	 * Checks what the dialog gives as the run will take it (the settings, the files against the image), so
	 * that a value that does not fit brings the dialog back with the reason, before anything runs.
	 *
	 * @throws IOException or an unchecked exception, whose message the dialog shows
	 */
	abstract void check(Map<String, String> given) throws IOException;

	/** The file the command writes besides its image result (Train's model), or null: in the dialog, not a setting. */
	SettingsDialog.Output output() {
		return null;
	}

	/**
	 * Takes what SAN2N's dialog or a macro's options gave: every setting's field is set from it, a key left
	 * out to its default (also undoing what Fiji's own macro reader may have put in a field whose key is part
	 * of a longer one: it finds {@code model} in {@code save_model=…}). Kept as given, so that a value that
	 * is not one of the setting's (a macro's {@code epochs=many}, an unknown key) is refused by the run with
	 * the declaration's message, not by this method.
	 */
	void take(Map<String, String> given) {
		asked = new LinkedHashMap<>(given);
		for (Setting s : settings())
			setField(s.key(), given.getOrDefault(s.key(), s.defaultValue()));
		if (output() != null) setField(output().key(), given.getOrDefault(output().key(), ""));
	}

	private void setField(String key, String text) {
		try {
			java.lang.reflect.Field field = getClass().getDeclaredField(key);
			field.setAccessible(true);
			Class<?> type = field.getType();
			String t = text == null ? "" : text.trim();
			if (type == int.class) field.setInt(this, Integer.parseInt(t));
			else if (type == long.class) field.setLong(this, Long.parseLong(t));
			else if (type == double.class) field.setDouble(this, Double.parseDouble(t));
			else if (type == boolean.class) field.setBoolean(this, Boolean.parseBoolean(t));
			else if (type == File.class) field.set(this, t.isEmpty() ? null : new File(t));
			else field.set(this, text);
		} catch (NumberFormatException e) {
			// Left as it was: the run refuses the text kept in asked, with the setting's range in the message.
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException(getClass().getSimpleName() + " has no field for " + key, e);
		}
	}

	/** Writes {@code run(name, options)} for ImageJ's recorder when it is recording this command (a menu click), after a run that worked. */
	void record(Map<String, String> options) {
		Recording.record(name(), options);
	}

	/** The settings this command has a field for: its job's that ImageJ offers (a study leaves the per-scan files out). */
	java.util.List<Setting> settings() {
		return Settings.offeredBy(job(), Setting.FrontEnds.IMAGEJ);
	}

	/**
	 * The settings the user changed from their defaults, key → text (what the engine's inference needs): what
	 * the dialog or the macro gave (without the output file), else the fields that differ from their defaults.
	 */
	Map<String, String> given() {
		if (asked != null) {
			Map<String, String> given = new LinkedHashMap<>(asked);
			if (output() != null) given.remove(output().key());
			return given;
		}
		Map<String, String> given = new LinkedHashMap<>();
		for (Setting s : settings()) {
			Object v;
			try {
				java.lang.reflect.Field field = getClass().getDeclaredField(s.key());
				field.setAccessible(true);
				v = field.get(this);
			} catch (ReflectiveOperationException e) {
				throw new IllegalStateException(getClass().getSimpleName() + " has no field for setting " + s.key(), e);
			}
			String text = v == null ? "" : v instanceof File f ? f.getPath() : String.valueOf(v);
			if (!s.check(text).equals(s.defaultValue())) given.put(s.key(), text);
		}
		return given;
	}

	EpochMeans lossDisplay(String command, String title) {
		return LossDisplay.of(command, title, log::info);
	}

	/**
	 * Reports a failure once and makes sure whoever ran the command cannot take it for a success.
	 * <ul>
	 * <li>Run by ImageJ 1.x (a menu click, or {@code run("SAN2N Denoise", …)} in a macro, through Fiji's
	 * legacy layer): a dialog for a person at the GUI, the calling macro stopped, and no exception, because
	 * ImageJ 1.x's command runner would only print it as a stack trace and let the macro go on to its next line.</li>
	 * <li>Run by anyone else (a script, Java code, headless Fiji): a {@link CommandFailedException}, so that
	 * {@code CommandService.run(…).get()} throws instead of returning a module without its output.</li>
	 * </ul>
	 * Either way the module is cancelled with the message, and the log has the one line.
	 */
	void fail(String command, Throwable e) {
		String message = Failures.message(e);
		log.error(command + ": " + message);
		Recording.nothing(command);
		cancel(message);
		boolean byImageJ1 = Failures.runByImageJ1(t -> threads == null ? null : threads.getParent(t));
		if (byImageJ1 && Failures.interactive()) Failures.show(command, e);
		Failures.abortMacro(command + ": " + message);
		if (!byImageJ1) throw new CommandFailedException(command + ": " + message, e);
	}

	/** Default values of the fields, from the declaration. */
	static int integer(String key) {
		return Integer.parseInt(Settings.get(key).defaultValue());
	}

	static double number(String key) {
		return Double.parseDouble(Settings.get(key).defaultValue());
	}

	static boolean flag(String key) {
		return Boolean.parseBoolean(Settings.get(key).defaultValue());
	}

	static String text(String key) {
		return Settings.get(key).defaultValue();
	}
}
