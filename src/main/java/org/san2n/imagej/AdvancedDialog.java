package org.san2n.imagej;

import java.awt.Color;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Panel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.san2n.job.Setting;

import ij.gui.GenericDialog;

/**
 * The second dialog of SAN2N Train and SAN2N Denoise, behind "Advanced…": the chosen method's settings
 * that are not on the first page, under their groups' headings. OK keeps what was entered, once every value
 * fits its setting (else the dialog comes back with the values and the reason); Cancel keeps nothing.
 */
final class AdvancedDialog {

	private final String title;
	private final Setting.Job job;
	private final String methodWords;
	private final List<Setting> settings;
	/** The command dialog's values, key → text: read to fill the fields, written when OK is pressed with values that fit. */
	private final Map<String, String> entered;

	AdvancedDialog(String title, Setting.Job job, String methodWords, List<Setting> settings, Map<String, String> entered) {
		this.title = title;
		this.job = job;
		this.methodWords = methodWords;
		this.settings = settings;
		this.entered = entered;
	}

	/** @return true when OK was pressed (and the values kept) */
	boolean edit() {
		Map<String, String> shown = new LinkedHashMap<>(entered);
		String problem = null;
		while (true) {
			GenericDialog dialog = new GenericDialog(title + ": advanced");
			if (problem != null) dialog.addMessage(FieldsPanel.wrap(problem, FieldsPanel.LINE), null, Color.RED.darker());
			else dialog.addMessage("More settings for " + methodWords + ". The defaults suit most scans.");
			List<FieldsPanel> columns = columns(dialog, shown);
			Panel side = new Panel(new GridBagLayout());
			GridBagConstraints at = new GridBagConstraints();
			at.anchor = GridBagConstraints.NORTH;
			at.insets = new Insets(0, 0, 0, 16);
			for (FieldsPanel column : columns)
				side.add(column, at);
			dialog.addPanel(side);
			dialog.addButton("Defaults", e -> {
				for (FieldsPanel column : columns)
					for (Setting s : settings)
						if (column.field(s.key()) != null) column.set(s, s.defaultValue());
			});
			dialog.showDialog();
			// Not wasCanceled(): it also marks a running macro as aborted (Macro.abort), and this Cancel only goes back to the first page.
			if (!dialog.wasOKed()) return false;
			for (FieldsPanel column : columns)
				shown.putAll(column.read());
			problem = null;
			for (Setting s : settings) {
				try {
					s.check(shown.get(s.key()));
				} catch (IllegalArgumentException e) {
					problem = SettingsDialog.problem(e);
					break;
				}
			}
			if (problem == null) {
				for (Setting s : settings)
					entered.put(s.key(), shown.get(s.key()));
				return true;
			}
		}
	}

	/**
	 * The settings under their groups' headings, in one column, or in two when there are more than
	 * {@link #ONE_COLUMN}: the first column takes whole groups until it holds half of the settings.
	 */
	private List<FieldsPanel> columns(GenericDialog dialog, Map<String, String> shown) {
		List<FieldsPanel> columns = new ArrayList<>();
		FieldsPanel column = new FieldsPanel(dialog);
		columns.add(column);
		int inColumn = 0;
		Setting.Group group = null;
		for (Setting s : settings) {
			if (s.group() != group) {
				group = s.group();
				if (settings.size() > ONE_COLUMN && columns.size() == 1 && 2 * inColumn >= settings.size()) {
					column = new FieldsPanel(dialog);
					columns.add(column);
				}
				column.heading(group.title(job));
			}
			column.add(s, shown.get(s.key()));
			inColumn++;
		}
		return columns;
	}

	/** Settings that still fit one column on a laptop's screen (about 28 pixels each). */
	static final int ONE_COLUMN = 12;
}
