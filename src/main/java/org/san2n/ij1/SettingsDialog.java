package org.san2n.ij1;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.san2n.imagej.DwiProperties;
import org.san2n.job.Setting;
import org.san2n.job.Settings;
import org.san2n.qspace.GradientFormatException;

import ij.ImagePlus;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;

/**
 * What the user gave SAN2N Train or SAN2N Denoise: the keys of a macro's option string, or the dialog made
 * from the settings' one declaration ({@link Settings}): a section per group (the few that matter first,
 * the expert ones last), each field labelled by its macro key with the declared label beside it.
 * <p>
 * The dialog is shown only to someone who can answer it: a menu click, or a macro's {@code run(…)} without
 * options in the GUI. A macro's options are read here, key by key ({@link MacroOptions#parse}), not by
 * GenericDialog, whose key search mistakes {@code save_model} for {@code model}.
 */
final class SettingsDialog {

	private final List<Setting> settings;
	/** The macro's option string; null when the dialog asks. */
	private final String options;
	/** Null when the options say it all. */
	private final GenericDialog dialog;
	/** Keys the command reads besides the settings (Train's model file), in the order their fields were added. */
	private final List<String> extras = new ArrayList<>();

	SettingsDialog(String title, ImagePlus image, Setting.Job job) {
		settings = Settings.of(job);
		options = macroOptions();
		if (options != null) {
			dialog = null;
			return;
		}
		dialog = new GenericDialog(title);
		dialog.addMessage("Scan: " + image.getTitle() + " (" + image.getWidth() + "×" + image.getHeight() + "×" + image.getNSlices() + ", "
				+ image.getNChannels() + " channel(s), " + image.getNFrames() + " frame(s)). " + gradientNote(image));
		addSettings();
	}

	/**
	 * The macro's options; {@code ""} (every key at its default) for a macro in batch mode
	 * ({@code setBatchMode(true)}, {@code ImageJ -batch}) or a headless run that gave none; null when a
	 * person is there to answer the dialog. ImageJ passes {@code run(cmd, "")} and {@code run(cmd)} alike as
	 * no options, and GenericDialog then shows itself and waits for a click that in a batch run never comes.
	 * Only the macro's own thread counts ({@code Run$_…}, as ImageJ marks it): a menu click while a batch
	 * macro runs elsewhere still gets the dialog.
	 */
	static String macroOptions() {
		String given = Macro.getOptions();
		if (given != null) return given;
		if (GraphicsEnvironment.isHeadless()) return "";
		boolean macroThread = Thread.currentThread().getName().startsWith("Run$_");
		return macroThread && Interpreter.isBatchMode() ? "" : null;
	}

	private void addSettings() {
		Setting.Group group = null;
		for (Setting s : settings) {
			if (s.group() != group) {
				group = s.group();
				dialog.addMessage(group.title(), new java.awt.Font("SansSerif", java.awt.Font.BOLD, 12));
			}
			switch (s.type()) {
			case INTEGER -> dialog.addNumericField(s.key(), Double.parseDouble(s.defaultValue()), 0, 10, s.label());
			case NUMBER -> dialog.addNumericField(s.key(), Double.parseDouble(s.defaultValue()), 6, 10, s.label());
			case CHOICE -> {
				dialog.addChoice(s.key(), s.choices().toArray(String[]::new), s.defaultValue());
				dialog.addToSameRow();
				dialog.addMessage(s.label());
			}
			case FILE -> {
				dialog.addFileField(s.key(), s.defaultValue(), 24);
				dialog.addToSameRow();
				dialog.addMessage(s.label());
			}
			case TEXT -> {
				dialog.addStringField(s.key(), s.defaultValue(), 24);
				dialog.addToSameRow();
				dialog.addMessage(s.label());
			}
			}
		}
	}

	/** A file field of the command's own after the settings (empty by default); {@link #read} returns it under {@code key}. */
	void addFile(String key, String label) {
		extras.add(key);
		if (dialog == null) return;
		dialog.addFileField(key, "");
		dialog.addToSameRow();
		dialog.addMessage(label);
	}

	/** Shows the dialog, if there is one to show; false when the user cancelled it. */
	boolean show() {
		if (dialog == null) return true;
		dialog.showDialog();
		return !dialog.wasCanceled();
	}

	private static String gradientNote(ImagePlus image) {
		try {
			var table = DwiProperties.gradients(image);
			return table == null ? "Gradient table: give the bvals and bvecs files."
					: "Gradient table: " + table.size() + " entries stored with the image (leave bvals/bvecs empty to use it).";
		} catch (GradientFormatException e) {
			return "The gradient table stored with the image is unreadable: " + e.getMessage();
		}
	}

	/**
	 * What was given, key → text, in the order of the fields: in a macro, every key its options name
	 * (unknown ones too, for {@link Settings#values} to refuse with the nearest known key); in the dialog,
	 * the settings changed from their defaults, then the command's own fields.
	 */
	Map<String, String> read() {
		return options != null ? fromMacro() : fromDialog();
	}

	private Map<String, String> fromMacro() {
		Map<String, String> given = new LinkedHashMap<>();
		MacroOptions.parse(options).forEach((key, value) -> given.put(key, variable(key, value)));
		return given;
	}

	/**
	 * A macro variable's value where the options name one, as GenericDialog reads them: {@code &name} for
	 * any key, and a bare name where a number belongs ({@code "epochs=n"}).
	 */
	private String variable(String key, String value) {
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

	private Map<String, String> fromDialog() {
		Map<String, String> given = new LinkedHashMap<>();
		for (Setting s : settings) {
			String text = switch (s.type()) {
			case INTEGER -> {
				double d = dialog.getNextNumber();
				yield Double.isNaN(d) ? "" : Long.toString((long) d);
			}
			case NUMBER -> Double.toString(dialog.getNextNumber());
			case CHOICE -> dialog.getNextChoice();
			case FILE, TEXT -> dialog.getNextString();
			};
			if (!s.check(text).equals(s.defaultValue())) given.put(s.key(), text);
		}
		for (String key : extras)
			given.put(key, dialog.getNextString());
		if (dialog.invalidNumber()) throw new IllegalArgumentException("a number field holds something that is not a number");
		return given;
	}
}
