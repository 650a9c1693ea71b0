package org.san2n.ij1;

import java.awt.Button;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.san2n.job.Setting;
import org.san2n.job.Settings;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.MessageDialog;
import ij.plugin.frame.Recorder;

/**
 * Not a unit test: ImageJ 1.x's macro recorder, open in a real ImageJ window (run it under Xvfb with
 * {@code -Dplugins.dir} holding the plugin jar), watching SAN2N Denoise and SAN2N Train run from their
 * dialogs as a person runs them: the menu's command runner (Executer), the dialog filled in and OK or
 * Cancel pressed. Checks what the recorder writes: nothing for a cancelled or failed run, the method and
 * the changed keys for one that worked, and that the recorded line, run as a macro, gives the same voxels.
 * Exits 1 at the first difference. Arguments: sample-data folder, a work folder.
 */
public final class RecorderCheck {

	private static final String DENOISE = DenoisePlugin.NAME, TRAIN = TrainPlugin.NAME;

	public static void main(String[] args) {
		try {
			check(args);
		} catch (Throwable e) {
			// Else the open windows would keep the JVM, and the check, alive until the time-out.
			e.printStackTrace();
			fail(e.toString());
		}
	}

	static void check(String[] args) throws Exception {
		Path sample = Path.of(args[0]).toAbsolutePath();
		Path work = Path.of(args[1]).toAbsolutePath();
		Files.createDirectories(work);
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(15 * 60 * 1000);
				fail("gave up after 15 minutes");
			} catch (InterruptedException e) {
				// finished in time
			}
		});
		watchdog.setDaemon(true);
		watchdog.start();

		new ImageJ();
		IJ.run("Open NIfTI DWI...", "open=" + sample.resolve("dwi.nii.gz")); // a macro call: not recorded
		ImagePlus scan = WindowManager.getCurrentImage();
		if (scan == null || scan.getNFrames() != 32) fail("Open NIfTI DWI... did not open the 32-volume sample");
		EventQueue.invokeAndWait(() -> new Recorder());
		if (Recorder.getInstance() == null) fail("the recorder did not open");

		expect("a cancelled Denoise", List.of(), () -> fromDialog(DENOISE, scan, d -> {}, false));
		expect("a cancelled Train", List.of(), () -> fromDialog(TRAIN, scan, d -> {}, false));

		int[] before = ids();
		expect("Denoise with the defaults", List.of("run(\"SAN2N Denoise\", \"method=mppca\");"),
				() -> fromDialog(DENOISE, scan, d -> {}, true));
		ImagePlus viaDialog = newImage(before);
		// The recorded line, run as a macro runs it, must make the same image.
		before = ids();
		WindowManager.setTempCurrentImage(scan);
		IJ.run(DENOISE, "method=mppca");
		WindowManager.setTempCurrentImage(null);
		ImagePlus replayed = newImage(before);
		sameVoxels(viaDialog, replayed);
		System.out.println("the recorded line replayed: the same voxels as the dialog's run");

		// A training setting with MP-PCA is refused: an error dialog, and nothing recorded.
		expect("a refused Denoise", List.of(), () -> {
			Thread t = start(DENOISE, scan, d -> field(d, Setting.Job.DENOISE, "steps").setText("100"), true);
			String message = closeMessage();
			if (!message.contains("steps is a SAN2N training setting")) fail("unexpected error dialog: " + message);
			t.join();
		});

		Path model = work.resolve("recorded.san2n");
		expect("Train with steps changed", List.of("run(\"SAN2N Train\", \"steps=30 model=" + model + "\");"),
				() -> fromDialog(TRAIN, scan, d -> {
					field(d, Setting.Job.TRAIN, "steps").setText("30");
					modelField(d).setText(model.toString());
				}, true));
		if (!Files.isRegularFile(model)) fail("Train wrote no model");

		// check=warn: 30 steps may leave a result that fails the output check, which would refuse it (and record nothing).
		expect("SAN2N with steps changed", List.of("run(\"SAN2N Denoise\", \"method=san2n check=warn steps=30\");"),
				() -> fromDialog(DENOISE, scan, d -> {
					choice(d, Setting.Job.DENOISE, "method").select("san2n");
					choice(d, Setting.Job.DENOISE, "check").select("warn");
					field(d, Setting.Job.DENOISE, "steps").setText("30");
				}, true));
		System.out.println("recorder checks passed");
		System.exit(0);
	}

	interface Step {
		void run() throws Exception;
	}

	/** Runs {@code step} and checks the lines it added to the recorder that name SAN2N. */
	static void expect(String what, List<String> lines, Step step) throws Exception {
		String before = Recorder.getInstance().getText();
		step.run();
		String after = Recorder.getInstance().getText();
		if (!after.startsWith(before)) fail(what + ": the recorder's text changed above its end:\n" + after);
		List<String> added = new ArrayList<>();
		for (String l : after.substring(before.length()).split("\n"))
			if (l.contains("SAN2N")) added.add(l);
		if (!added.equals(lines)) fail(what + ": recorded " + added + ", expected " + lines);
		System.out.println(what + ": recorded " + (added.isEmpty() ? "nothing" : String.join(" ", added)));
	}

	/** Runs {@code command} as its menu item does, fills its dialog in, presses OK or Cancel and waits for the command to end. */
	static void fromDialog(String command, ImagePlus image, Consumer<GenericDialog> fill, boolean ok) throws Exception {
		Thread thread = start(command, image, fill, ok);
		// An error dialog is modal and would hold the command until the time-out: fail at once, with its text.
		while (thread.isAlive()) {
			thread.join(500);
			for (Window w : Window.getWindows())
				if (w instanceof MessageDialog d && d.isVisible()) fail(command + ": an error dialog: " + ImageJWindowCheck.text(d));
		}
	}

	static Thread start(String command, ImagePlus image, Consumer<GenericDialog> fill, boolean ok) throws Exception {
		new Executer(command, image); // a thread named after the command, as a menu click starts
		Thread thread = null;
		for (Thread t : Thread.getAllStackTraces().keySet())
			if (t.getName().equals(command) && t.isAlive()) thread = t;
		if (thread == null) fail(command + ": no command thread");
		GenericDialog dialog = dialog(command);
		EventQueue.invokeAndWait(() -> {
			fill.accept(dialog);
			Button button = dialog.getButtons()[ok ? 0 : 1];
			dialog.actionPerformed(new ActionEvent(button, ActionEvent.ACTION_PERFORMED, button.getLabel()));
		});
		return thread;
	}

	static GenericDialog dialog(String title) throws InterruptedException {
		for (int waited = 0; waited < 600; waited++) {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog d && d.isVisible() && title.equals(d.getTitle())) return d;
			Thread.sleep(100);
		}
		fail(title + ": no dialog after 60 s");
		return null;
	}

	/** Closes the error dialog that comes up, returning its text. */
	static String closeMessage() throws Exception {
		for (int waited = 0; waited < 600; waited++) {
			for (Window w : Window.getWindows())
				if (w instanceof MessageDialog d && d.isVisible()) {
					String text = ImageJWindowCheck.text(d);
					EventQueue.invokeAndWait(d::dispose);
					return text;
				}
			Thread.sleep(100);
		}
		fail("no error dialog after 60 s");
		return null;
	}

	/** The dialog's field for a number setting: number fields come in the declaration's order. */
	static TextField field(GenericDialog d, Setting.Job job, String key) {
		int i = 0;
		for (Setting s : Settings.of(job)) {
			if (s.key().equals(key)) return (TextField) d.getNumericFields().get(i);
			if (s.type() == Setting.Type.INTEGER || s.type() == Setting.Type.NUMBER) i++;
		}
		throw new IllegalArgumentException("no number setting " + key);
	}

	static Choice choice(GenericDialog d, Setting.Job job, String key) {
		int i = 0;
		for (Setting s : Settings.of(job)) {
			if (s.key().equals(key)) return (Choice) d.getChoices().get(i);
			if (s.type() == Setting.Type.CHOICE) i++;
		}
		throw new IllegalArgumentException("no choice setting " + key);
	}

	/** Train's own model field: the last text field, after the settings' files and texts. */
	static TextField modelField(GenericDialog d) {
		return (TextField) d.getStringFields().get(d.getStringFields().size() - 1);
	}

	static int[] ids() {
		int[] ids = WindowManager.getIDList();
		return ids == null ? new int[0] : ids;
	}

	static ImagePlus newImage(int[] before) {
		for (int id : ids())
			if (Arrays.stream(before).noneMatch(b -> b == id)) return WindowManager.getImage(id);
		fail("no new image");
		return null;
	}

	static void sameVoxels(ImagePlus a, ImagePlus b) {
		if (a.getStackSize() != b.getStackSize()) fail("different stack sizes: " + a.getStackSize() + ", " + b.getStackSize());
		for (int i = 1; i <= a.getStackSize(); i++)
			if (!Arrays.equals((float[]) a.getStack().getPixels(i), (float[]) b.getStack().getPixels(i)))
				fail("the replayed line gave other voxels than the dialog's run (plane " + i + ")");
	}

	static void fail(String message) {
		System.out.println("FAIL: " + message);
		System.exit(1);
	}
}
