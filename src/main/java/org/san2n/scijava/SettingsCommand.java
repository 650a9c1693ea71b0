package org.san2n.scijava;

import java.io.File;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.san2n.imagej.Failures;
import org.san2n.imagej.LossDisplay;
import org.san2n.imagej.Recording;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.train.EpochMeans;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.thread.ThreadService;

/**
 * What SAN2N Train, SAN2N Denoise and SAN2N Batch share in Fiji. Their parameters are fields named by the setting keys
 * (so macros, scripts and headless runs address them by name), labelled and described by the declaration's
 * constants ({@link Settings}), with its defaults; no value is remembered between runs
 * ({@code persist = false}): a macro that leaves a key out gets the default. (A static command, not a
 * DynamicCommand: CommandService.run returns no result for those, which scripts and headless runs need.)
 */
abstract class SettingsCommand extends ContextCommand {

	@Parameter
	LogService log;

	/** Which thread ran this command (to tell ImageJ 1.x's command runner from a script). */
	@Parameter(required = false)
	ThreadService threads;

	abstract Setting.Job job();

	/** The settings this command has a field for: its job's that ImageJ offers (a study leaves the per-scan files out). */
	List<Setting> settings() {
		return Settings.offeredBy(job(), Setting.FrontEnds.IMAGEJ);
	}

	/** The settings the user changed from their defaults, key → text (what the engine's inference needs). */
	Map<String, String> given() {
		Map<String, String> given = new LinkedHashMap<>();
		for (Setting s : settings()) {
			Object v;
			try {
				v = field(s.key()).get(this);
			} catch (IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
			String text = v == null ? "" : v instanceof File f ? f.getPath() : String.valueOf(v);
			if (!s.check(text).equals(s.defaultValue())) given.put(s.key(), text);
		}
		return given;
	}

	/** The field of a setting (or another input) by its key, accessible. */
	Field field(String key) {
		try {
			Field field = getClass().getDeclaredField(key);
			field.setAccessible(true);
			return field;
		} catch (NoSuchFieldException e) {
			throw new IllegalStateException(getClass().getSimpleName() + " has no field for " + key, e);
		}
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
