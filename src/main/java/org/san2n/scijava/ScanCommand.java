package org.san2n.scijava;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

import org.san2n.imagej.Recording;
import org.san2n.imagej.SettingsDialog;
import org.san2n.job.Setting;

import ij.ImagePlus;

/**
 * SAN2N Train and SAN2N Denoise in Fiji: a command on the open scan whose settings a person gives in SAN2N's
 * own dialog and a macro in its options. {@link SettingsPreprocessor} shows that dialog (the image, the scan's
 * files, the chosen method's few settings, the rest behind Advanced…) or reads the macro's options as the
 * ImageJ 1.x plugins read them, and hands the result to {@link #take}, before SciJava's input harvester would
 * list every field. The command records itself ({@code no-record} keeps Fiji's legacy recorder, which writes
 * every field, out).
 */
abstract class ScanCommand extends SettingsCommand {

	/**
	 * What SAN2N's dialog or a macro's options gave, key → text as entered (see {@link #take}); null when the
	 * fields are what a script or Java code set. (A SciJava command is a bag of fields its framework fills
	 * before {@code run}; this is one more, filled by the preprocessor.)
	 */
	private Map<String, String> asked;
	/** Why the settings could not be read (a macro's bad option), for {@link #run} to report as every failure is reported. */
	private RuntimeException refusal;

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

	/** The settings could not be read: the run stops with this, reported, recorded as nothing, the calling macro stopped. */
	void refuse(RuntimeException why) {
		refusal = why;
	}

	/** Throws what {@link #refuse} kept; call first inside the run's try. */
	void throwIfRefused() {
		if (refusal != null) throw refusal;
	}

	/**
	 * What the dialog or the macro gave (without the output file), else the fields that differ from their
	 * defaults (a script, Java code).
	 */
	@Override
	Map<String, String> given() {
		if (asked == null) return super.given();
		Map<String, String> given = new LinkedHashMap<>(asked);
		if (output() != null) given.remove(output().key());
		return given;
	}

	/** Writes {@code run(name, options)} for ImageJ's recorder, after a run that worked (nothing when it is not recording). */
	void record(Map<String, String> options) {
		Recording.recordRun(name(), options);
	}

	private void setField(String key, String text) {
		Field field = field(key);
		Class<?> type = field.getType();
		String t = text == null ? "" : text.trim();
		try {
			if (type == int.class) field.setInt(this, Integer.parseInt(t));
			else if (type == long.class) field.setLong(this, Long.parseLong(t));
			else if (type == double.class) field.setDouble(this, Double.parseDouble(t));
			else if (type == boolean.class) field.setBoolean(this, Boolean.parseBoolean(t));
			else if (type == File.class) field.set(this, t.isEmpty() ? null : new File(t));
			else field.set(this, text);
		} catch (NumberFormatException e) {
			// Left as it was: the run refuses the text kept in asked, with the setting's range in the message.
		} catch (IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}
}
