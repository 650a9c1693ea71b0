package org.san2n.ij1;

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

/**
 * The dialog of SAN2N Train or SAN2N Denoise, made from the settings' one declaration ({@link Settings}):
 * a section per group (the few that matter first, the expert ones last), each field labelled by its
 * macro key with the declared label beside it. Reads back what the user gave: in a macro, the keys the
 * macro names; in the dialog, the values changed from their defaults.
 */
final class SettingsDialog {

	private final GenericDialog dialog;
	private final List<Setting> settings;

	SettingsDialog(String title, ImagePlus image, Setting.Job job) {
		dialog = new GenericDialog(title);
		settings = Settings.of(job);
		dialog.addMessage("Scan: " + image.getTitle() + " (" + image.getWidth() + "×" + image.getHeight() + "×" + image.getNSlices() + ", "
				+ image.getNChannels() + " channel(s), " + image.getNFrames() + " frame(s)). " + gradientNote(image));
	}

	/** Adds the settings' fields after whatever the command added first; call once, then show. */
	GenericDialog withSettings() {
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
		return dialog;
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
	 * The settings' values as given, key → text, in the order the fields were added; call after the
	 * command has read its own fields.
	 */
	Map<String, String> read() {
		String macro = Macro.getOptions();
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
			boolean named = macro != null ? Macro.getValue(macro, s.key(), null) != null : !s.check(text).equals(s.defaultValue());
			if (named) given.put(s.key(), text);
		}
		if (dialog.invalidNumber()) throw new IllegalArgumentException("a number field holds something that is not a number");
		return given;
	}
}
