package org.san2n.ij1;

import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.ImageIO;

import org.san2n.imagej.SettingsDialog;
import org.san2n.job.Settings;

import ij.Executer;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.gui.MessageDialog;

/**
 * Drives SAN2N's dialogs in a real ImageJ window as a person does, for the checks under Xvfb
 * (RecorderCheck, DialogScreenshots): a command started as its menu item starts it, fields found by their
 * setting keys (SettingsDialog names each field so), a choice picked with the event a click sends, buttons
 * pressed. Every method waits on the event queue where the dialog needs it to; none blocks on a modal dialog.
 */
final class DialogDriver {

	private DialogDriver() {}

	/** Starts {@code command} on {@code image} as its menu item does (a thread named after the command) and returns that thread. */
	static Thread start(String command, ImagePlus image) throws InterruptedException {
		new Executer(command, image);
		for (int waited = 0; waited < 100; waited++) {
			for (Thread t : Thread.getAllStackTraces().keySet())
				if (t.getName().equals(command) && t.isAlive()) return t;
			Thread.sleep(50);
		}
		throw new IllegalStateException(command + ": no command thread");
	}

	/** The visible dialog titled {@code title} that is not {@code previous} (the page it replaces), waiting up to 60 s. */
	static GenericDialog dialog(String title, GenericDialog previous) throws InterruptedException {
		for (int waited = 0; waited < 600; waited++) {
			GenericDialog d = showing(title, previous);
			if (d != null) {
				Thread.sleep(300); // laid out and painted
				return d;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException(title + ": no dialog after 60 s");
	}

	/** The visible dialog titled {@code title} that is not {@code previous}, or null. */
	static GenericDialog showing(String title, GenericDialog previous) {
		for (Window w : Window.getWindows())
			if (w instanceof GenericDialog d && d != previous && d.isVisible() && title.equals(d.getTitle())) return d;
		return null;
	}

	/** The field named {@code key} in {@code c}, or null. */
	static Component field(Container c, String key) {
		for (Component k : c.getComponents()) {
			if (key.equals(k.getName())) return k;
			if (k instanceof Container inner) {
				Component found = field(inner, key);
				if (found != null) return found;
			}
		}
		return null;
	}

	static TextField text(Container c, String key) {
		Component f = field(c, key);
		if (!(f instanceof TextField t)) throw new IllegalStateException("no text field '" + key + "' in " + titleOf(c));
		return t;
	}

	/** Sets a text field, on the event queue. */
	static void type(GenericDialog d, String key, String text) throws Exception {
		EventQueue.invokeAndWait(() -> text(d, key).setText(text));
	}

	/**
	 * Picks the choice {@code value} (its key: the words shown are the declaration's) of setting {@code key},
	 * and tells its listeners as a click does (Choice.select alone sends no event).
	 */
	static void choose(GenericDialog d, String key, String value) throws Exception {
		if (!(field(d, key) instanceof Choice c)) throw new IllegalStateException("no choice '" + key + "' in " + d.getTitle());
		String words = Settings.get(key).choiceLabel(value);
		EventQueue.invokeAndWait(() -> {
			c.select(words);
			ItemEvent e = new ItemEvent(c, ItemEvent.ITEM_STATE_CHANGED, words, ItemEvent.SELECTED);
			for (var l : c.getItemListeners())
				l.itemStateChanged(e);
		});
	}

	/** Presses OK (true) or Cancel (false) of a dialog. */
	static void close(GenericDialog d, boolean ok) throws Exception {
		Button button = d.getButtons()[ok ? 0 : 1];
		EventQueue.invokeAndWait(() -> d.actionPerformed(new ActionEvent(button, ActionEvent.ACTION_PERFORMED, button.getLabel())));
	}

	/**
	 * Presses the button labelled {@code label} inside the dialog (Advanced…). Later, not and-wait: the
	 * button may open a modal dialog, which holds the event it runs in until that dialog closes.
	 */
	static void pressLater(Container c, String label) {
		Button b = button(c, label);
		if (b == null) throw new IllegalStateException("no button '" + label + "' in " + titleOf(c));
		EventQueue.invokeLater(() -> {
			for (var l : b.getActionListeners())
				l.actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, label));
		});
	}

	private static Button button(Container c, String label) {
		for (Component k : c.getComponents()) {
			if (k instanceof Button b && label.equals(b.getLabel())) return b;
			if (k instanceof Container inner) {
				Button found = button(inner, label);
				if (found != null) return found;
			}
		}
		return null;
	}

	/** The text of a dialog's labels and messages, in order (what a person reads). */
	static String words(Container c) {
		return ImageJWindowCheck.text(c);
	}

	/** The visible error message, or null. */
	static MessageDialog errorShown() {
		for (Window w : Window.getWindows())
			if (w instanceof MessageDialog d && d.isVisible()) return d;
		return null;
	}

	/**
	 * A PNG of the window as it is on the screen, once the screen has stopped changing: under Xvfb, with no
	 * window manager, the X server may map or move a new window a moment after Java reports its bounds, and an
	 * earlier capture shows what was beneath it.
	 */
	static void screenshot(Window w, File png) throws Exception {
		Robot robot = new Robot();
		java.awt.Rectangle screen = new java.awt.Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
		// Without a window manager (Xvfb) AWT may not learn where ImageJ centred the dialog: it said (0, 0) while the
		// X server had it at (328, 110), and the picture showed the screen beside it. Put it where we say, below
		// ImageJ's bar, and capture there.
		EventQueue.invokeAndWait(() -> w.setLocation(20, 100));
		BufferedImage before = robot.createScreenCapture(screen);
		for (int tries = 0; tries < 20; tries++) {
			Thread.sleep(500);
			BufferedImage now = robot.createScreenCapture(screen);
			boolean same = java.util.Arrays.equals(pixels(before), pixels(now));
			before = now;
			if (same) break;
		}
		java.awt.Rectangle b = new java.awt.Rectangle(20, 100, w.getWidth(), w.getHeight()).intersection(screen);
		png.getAbsoluteFile().getParentFile().mkdirs();
		ImageIO.write(before.getSubimage(b.x, b.y, b.width, b.height), "png", png);
	}

	private static int[] pixels(BufferedImage image) {
		return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
	}

	private static String titleOf(Container c) {
		return c instanceof java.awt.Dialog d ? d.getTitle() : c.toString();
	}
}
