package org.san2n.imagej;

import java.awt.Button;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Label;
import java.awt.Point;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.san2n.denoise.Method;
import org.san2n.job.Setting;
import org.san2n.job.Settings;

import ij.ImagePlus;
import ij.gui.GenericDialog;

/**
 * The dialog of SAN2N Train and SAN2N Denoise for the person in front of it, made from the settings' one
 * declaration ({@link Settings}). The first page says which image the command works on and shows the scan's
 * files and the chosen method's few main settings (groups SCAN and MAIN); the method's other settings are
 * behind "Advanced…" ({@link AdvancedDialog}); a setting that cannot change what the chosen method does is
 * not shown, and not given. Choosing another method reopens the page with that method's settings, and a
 * value that does not fit reopens it with the message: what was entered is kept either way.
 * <p>
 * Only for a person: a macro's options are read by {@link MacroOptions}, never through a dialog.
 */
public final class SettingsDialog {

	/** Turns what the dialog gives into what the command runs with, or throws with a message for the person. */
	public interface Check<R> {
		R apply(Map<String, String> given) throws IOException;
	}

	/** A file the command writes, not one of the settings (Train's model): the first field under MAIN's heading. */
	public record Output(String key, String label, String extension) {
		/** SAN2N Train's: the model file it writes. */
		public static final Output MODEL = new Output("model", "Save model to", ".san2n");
	}

	private final String title;
	private final ImagePlus image;
	private final Setting.Job job;
	private final Output output;
	/**
	 * What the person has entered, key → text (a choice as its key): every setting of the job, from its
	 * default, and the output. Kept while the dialog reopens, also for the settings the chosen method hides,
	 * so that going back to a method finds its values again.
	 */
	private final Map<String, String> entered = new LinkedHashMap<>();
	/** Denoise's chosen method; null for Train, which trains san2n's network. */
	private Method method;
	/** Where the person left the dialog: it reopens there. */
	private Point location;

	public SettingsDialog(String title, ImagePlus image, Setting.Job job, Output output) {
		this.title = title;
		this.image = image;
		this.job = job;
		this.output = output;
		for (Setting s : Settings.of(job))
			entered.put(s.key(), s.defaultValue());
		if (output != null) entered.put(output.key(), "");
		method = job == Setting.Job.DENOISE ? Method.parse(entered.get("method")) : null;
	}

	/**
	 * Shows the dialog until what it gives passes {@code check} (which gets the settings changed from their
	 * defaults that the chosen method can use, and the output) or the person cancels.
	 *
	 * @return what {@code check} made of it; null when cancelled
	 */
	public <R> R ask(Check<R> check) {
		String problem = null;
		while (true) {
			FirstPage page = new FirstPage(problem);
			page.dialog.showDialog();
			location = page.dialog.getLocation();
			if (page.dialog.wasCanceled()) return null;
			entered.putAll(page.fields.read());
			if (page.chosen != null) {
				method = page.chosen;
				problem = null;
				continue;
			}
			try {
				return check.apply(given());
			} catch (IllegalArgumentException | IOException | UncheckedIOException e) {
				problem = problem(e);
			}
		}
	}

	/** The settings changed from their defaults that the chosen method can use, then the output. */
	Map<String, String> given() {
		Map<String, String> given = new LinkedHashMap<>();
		for (Setting s : Settings.of(job, trained()))
			if (s.where().include(Setting.FrontEnds.IMAGEJ) && !atDefault(s, entered.get(s.key()))) given.put(s.key(), entered.get(s.key()));
		if (output != null) given.put(output.key(), entered.get(output.key()));
		return given;
	}

	static boolean atDefault(Setting s, String text) {
		try {
			return s.check(text).equals(s.defaultValue());
		} catch (IllegalArgumentException e) {
			return false; // given, for the check to refuse with its message
		}
	}

	/** The settings shown on the first page (SCAN and MAIN), or behind "Advanced…", for the chosen method. */
	List<Setting> shown(boolean first) {
		List<Setting> out = new ArrayList<>();
		for (Setting s : Settings.of(job, trained()))
			if (s.where().include(Setting.FrontEnds.IMAGEJ) && s.group().first() == first) out.add(s);
		return out;
	}

	/** The method whose settings the dialog shows: Denoise's chosen one, or san2n for Train (the network it trains). */
	private Method trained() {
		return method == null ? Method.SAN2N : method;
	}

	/** What the method is called in the dialog (Train's: SAN2N, the network it trains). */
	String methodWords() {
		return method == null ? "SAN2N Train" : Settings.get("method").choiceLabel(method.key());
	}

	/**
	 * A refusal as the person reads it in the dialog: a setting's key at the start of the message (the
	 * engine's messages name keys, as a macro writes them) becomes the field's label.
	 */
	static String problem(Exception e) {
		Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
		if (t instanceof FileSystemException f && f.getReason() == null) return "no such file or no access: " + f.getFile();
		String m = Failures.message(t);
		int space = m.indexOf(' ');
		if (space > 0)
			for (Setting s : Settings.ALL)
				if (m.substring(0, space).equals(s.key())) return "“" + s.label() + "”" + m.substring(space);
		return m;
	}

	/** The first page, built anew each time it is shown. */
	private final class FirstPage {

		final GenericDialog dialog = new GenericDialog(title);
		final FieldsPanel fields = new FieldsPanel(dialog);
		/** The method chosen in this page when it differs from the one it was built for: the page closes to be rebuilt. */
		Method chosen;

		FirstPage(String problem) {
			if (problem != null) fields.message(problem, Color.RED.darker());
			Setting.Group group = null;
			for (Setting s : shown(true)) {
				if (s.group() != group) {
					group = s.group();
					fields.heading(group.title(job));
					if (group == Setting.Group.SCAN) fields.message(ScanSummary.of(image), null);
					if (group == Setting.Group.MAIN && output != null)
						fields.fileToWrite(output.key(), output.label(), entered.get(output.key()), output.extension());
				}
				fields.add(s, entered.get(s.key()));
			}
			advanced();
			dialog.addPanel(fields);
			dialog.setOKLabel(job == Setting.Job.TRAIN ? "Train" : "Denoise");
			if (location != null) {
				dialog.centerDialog(false);
				dialog.setLocation(location);
			}
			if (fields.field("method") instanceof Choice methods) methods.addItemListener(e -> {
				Method now = Method.parse(Settings.get("method").choiceOf(methods.getSelectedItem()));
				if (now != method) {
					chosen = now;
					dialog.dispose(); // showDialog returns; ask() rebuilds the page for this method
				}
			});
		}

		/** The button to the chosen method's other settings, with a line saying which of them differ from their defaults. */
		private void advanced() {
			List<Setting> more = shown(false);
			if (more.isEmpty()) return;
			Button button = new Button("Advanced…");
			Label summary = new Label(summary(more));
			button.addActionListener(e -> {
				if (new AdvancedDialog(title, job, methodWords(), more, entered).edit()) {
					summary.setText(summary(more));
					dialog.pack();
				}
			});
			fields.row(button, summary);
		}

		private String summary(List<Setting> more) {
			List<String> changed = new ArrayList<>();
			for (Setting s : more)
				if (!atDefault(s, entered.get(s.key())))
					changed.add(s.label().replaceFirst(" \\(.*", "") + " = "
							+ (s.type() == Setting.Type.CHOICE ? s.choiceLabel(entered.get(s.key())) : entered.get(s.key())));
			if (changed.isEmpty()) return more.size() + " more settings for " + methodWords().replaceFirst(" \\(.*", "") + ", all at their defaults";
			String list = String.join(", ", changed);
			return "Changed: " + (list.length() > 60 ? changed.size() + " of " + more.size() + " settings" : list);
		}
	}
}
