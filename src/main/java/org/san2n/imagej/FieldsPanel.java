package org.san2n.imagej;

import java.awt.Button;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Label;
import java.awt.Panel;
import java.awt.TextField;
import java.util.LinkedHashMap;
import java.util.Map;

import org.san2n.job.Setting;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import ij.io.OpenDialog;
import ij.io.SaveDialog;

/**
 * A column of labelled fields for settings, with headings and messages across it, for a GenericDialog to
 * show (one on Denoise's first page, one or two side by side in the Advanced… dialog); their text is read
 * back key → text (a choice as its key, not the words shown).
 * <p>
 * Not GenericDialog's own fields: those can only be stacked in one column (the Advanced… dialog for SAN2N
 * would be taller than a laptop's screen, its OK button below the edge), their readers ({@code getNext…})
 * turn an unreadable number into NaN, losing what was typed, and they feed the macro recorder every field
 * (SAN2N records only what changed: {@link Recording}). The fields here behave as GenericDialog's (Enter is
 * OK, Esc is Cancel, the text is selected on focus) and each carries its setting's key as its AWT name
 * ({@link Component#getName}), so that a check driving the dialog finds it by key.
 */
final class FieldsPanel extends Panel {

	private static final long serialVersionUID = 1L;
	private static final Font HEADING = new Font("SansSerif", Font.BOLD, 13);
	/** Characters per line of a message: a label does not wrap, and a long line makes the dialog as wide. */
	static final int LINE = 76;

	private final transient GenericDialog dialog;
	/** Key → the field showing it, and the setting behind it (none for a file that is not a setting: Train's model). */
	private final transient Map<String, Component> fields = new LinkedHashMap<>();
	private final transient Map<String, Setting> settings = new LinkedHashMap<>();
	private final GridBagConstraints at = new GridBagConstraints();

	FieldsPanel(GenericDialog dialog) {
		super(new GridBagLayout());
		this.dialog = dialog;
		at.gridy = -1;
	}

	/** A section heading, left-aligned across the column. */
	void heading(String title) {
		Label l = new Label(title);
		l.setFont(HEADING);
		across(l, at.gridy < 0 ? 0 : 12);
	}

	/** A message across the column, wrapped to lines of {@link #LINE} characters; null colour: the dialog's. */
	void message(String text, Color color) {
		String wrapped = wrap(text, LINE);
		Component l = wrapped.indexOf('\n') >= 0 ? new MultiLineLabel(wrapped) : new Label(wrapped);
		if (color != null) l.setForeground(color);
		across(l, 2);
	}

	/** Components side by side across the column (a button and what it says). */
	void row(Component... parts) {
		Panel p = new Panel(new FlowLayout(FlowLayout.LEFT, 8, 0));
		for (Component c : parts)
			p.add(c);
		across(p, 10);
	}

	private void across(Component c, int top) {
		at.gridx = 0;
		at.gridy++;
		at.gridwidth = 2;
		at.anchor = GridBagConstraints.WEST;
		at.insets = new Insets(top, 0, 2, 0);
		add(c, at);
	}

	/** Adds the labelled field for {@code s}, showing {@code text} (a choice's key). */
	void add(Setting s, String text) {
		Component field = switch (s.type()) {
		case INTEGER, NUMBER -> textField(s.key(), shown(s, text), 10);
		case TEXT -> textField(s.key(), text, 16);
		case FILE, IMAGE -> withBrowse(textField(s.key(), text, 26), false, s.label(), "");
		case NEW_FILE -> withBrowse(textField(s.key(), text, 26), true, s.label(), ".san2n");
		case BOOLEAN -> {
			java.awt.Checkbox b = new java.awt.Checkbox("", Boolean.parseBoolean(text));
			b.setName(s.key());
			b.addKeyListener(dialog);
			yield b;
		}
		case CHOICE -> {
			Choice c = new Choice();
			for (String words : s.choiceLabels())
				c.add(words);
			c.select(s.choiceLabel(text));
			c.setName(s.key());
			c.addKeyListener(dialog);
			yield c;
		}
		};
		labelled(s.label(), field);
		fields.put(s.key(), named(field, s.key()));
		settings.put(s.key(), s);
	}

	/** A field for a file to write that is not a setting (Train's model), with a Browse button that asks where to save it. */
	TextField fileToWrite(String key, String label, String text, String extension) {
		TextField f = textField(key, text, 26);
		labelled(label, withBrowse(f, true, label, extension));
		fields.put(key, f);
		return f;
	}

	private void labelled(String label, Component field) {
		at.gridy++;
		at.gridwidth = 1;
		at.gridx = 0;
		at.anchor = GridBagConstraints.EAST;
		at.insets = new Insets(0, 10, 3, 4);
		add(new Label(label), at);
		at.gridx = 1;
		at.anchor = GridBagConstraints.WEST;
		at.insets = new Insets(0, 0, 3, 0);
		add(field, at);
	}

	private TextField textField(String key, String text, int columns) {
		// As GenericDialog's on Linux: a quarter lower than AWT makes them, and white.
		TextField f = IJ.isLinux() ? new TextField(text, columns) {
			private static final long serialVersionUID = 1L;

			@Override
			public Dimension getPreferredSize() {
				Dimension d = super.getPreferredSize();
				return new Dimension(d.width, d.height * 3 / 4);
			}
		} : new TextField(text, columns);
		if (IJ.isLinux()) f.setBackground(Color.white);
		f.setName(key);
		f.addKeyListener(dialog); // Enter: OK, Esc: Cancel
		f.addFocusListener(dialog); // the text selected, ready to be typed over
		return f;
	}

	/** The field and a Browse button that fills it: with a file to open, or (save) a file to write. */
	private static Panel withBrowse(TextField field, boolean save, String label, String extension) {
		Button browse = new Button("Browse");
		String what = label.replaceFirst(" \\(.*", "");
		browse.addActionListener(e -> {
			String current = field.getText().trim();
			String path = null;
			if (save) {
				SaveDialog d = new SaveDialog(what, current.isEmpty() ? "model" : new java.io.File(current).getName(), extension);
				if (d.getFileName() != null) path = d.getDirectory() + d.getFileName();
			} else {
				OpenDialog d = new OpenDialog(what);
				if (d.getFileName() != null) path = d.getDirectory() + d.getFileName();
			}
			if (path != null) field.setText(path);
		});
		Panel p = new Panel(new FlowLayout(FlowLayout.LEFT, 0, 0));
		p.add(field);
		p.add(browse);
		return p;
	}

	private static Component named(Component field, String key) {
		return field instanceof Panel p ? p.getComponent(0) : field;
	}

	/** The text of every field, key → text (a choice's key). */
	Map<String, String> read() {
		Map<String, String> out = new LinkedHashMap<>();
		fields.forEach((key, field) -> out.put(key,
				field instanceof Choice c ? settings.get(key).choiceOf(c.getSelectedItem())
						: field instanceof java.awt.Checkbox b ? Boolean.toString(b.getState()) : ((TextField) field).getText().trim()));
		return out;
	}

	/** The field showing {@code key}'s value, or null when this panel has none. */
	Component field(String key) {
		return fields.get(key);
	}

	/** Puts {@code text} (a choice's key) in the field of {@code s}. */
	void set(Setting s, String text) {
		Component f = fields.get(s.key());
		if (f instanceof Choice c) c.select(s.choiceLabel(text));
		else if (f instanceof java.awt.Checkbox b) b.setState(Boolean.parseBoolean(text));
		else ((TextField) f).setText(shown(s, text));
	}

	/** A value as a field shows it: numbers as a person writes them ("50" for 50.0, "0.00001" for 1.0E-5). */
	static String shown(Setting s, String text) {
		if (s.type() != Setting.Type.NUMBER) return text;
		try {
			double d = Double.parseDouble(text);
			if (!Double.isFinite(d) || Math.abs(d) >= 1e15 || (d != 0 && Math.abs(d) < 1e-9)) return text;
			return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
		} catch (NumberFormatException e) {
			return text; // what the person typed, to be corrected
		}
	}

	/** {@code text} broken at spaces into lines of at most {@code width} characters (a longer word stays whole). */
	static String wrap(String text, int width) {
		StringBuilder out = new StringBuilder();
		for (String paragraph : text.split("\n", -1)) {
			if (out.length() > 0) out.append('\n');
			int lineStart = out.length();
			for (String word : paragraph.split(" ")) {
				if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > width) {
					out.append('\n');
					lineStart = out.length();
				} else if (out.length() > lineStart) {
					out.append(' ');
				}
				out.append(word);
			}
		}
		return out.toString();
	}
}
