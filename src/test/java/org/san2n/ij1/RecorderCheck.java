package org.san2n.ij1;

import java.awt.EventQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.san2n.scijava.DenoiseCommand;
import org.san2n.scijava.TrainCommand;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

/**
 * Not a unit test: ImageJ 1.x's macro recorder, open in a real ImageJ window (run it under Xvfb with
 * {@code -Dplugins.dir} holding the plugin jar), watching SAN2N Denoise and SAN2N Train run from their
 * dialogs as a person runs them ({@link DialogDriver}): the menu's command runner (Executer), the dialog
 * filled in (a method chosen, Advanced… opened) and OK or Cancel pressed. Checks what the recorder writes:
 * nothing for a cancelled run, the method and the changed keys that the chosen method uses for one that
 * worked, and that the recorded line, run as a macro, gives the same voxels; and that a value that does not
 * fit brings the dialog back with the reason and the values entered.
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

		expect("a cancelled Denoise", List.of(), () -> fromDialog(DENOISE, scan, d -> d, false));
		expect("a cancelled Train", List.of(), () -> fromDialog(TRAIN, scan, d -> d, false));

		// A training setting changed for SAN2N, then MP-PCA chosen again: the setting is not MP-PCA's, so it is not given.
		int[] before = ids();
		expect("Denoise with MP-PCA after a detour through SAN2N's settings", List.of("run(\"SAN2N Denoise\", \"method=mppca\");"),
				() -> fromDialog(DENOISE, scan, d -> {
					GenericDialog san2n = chooseMethod(d, "san2n");
					advanced(san2n, more -> DialogDriver.type(more, "steps", "100"));
					return chooseMethod(san2n, "mppca");
				}, true));
		ImagePlus viaDialog = newImage(before);
		// The recorded line, run as a macro runs it, must make the same image.
		before = ids();
		WindowManager.setTempCurrentImage(scan);
		IJ.run(DENOISE, "method=mppca");
		WindowManager.setTempCurrentImage(null);
		ImagePlus replayed = newImage(before);
		sameVoxels(viaDialog, replayed);
		System.out.println("the recorded line replayed: the same voxels as the dialog's run");

		// A value that does not fit: the dialog comes back with the reason and what was entered; cancelled, nothing is recorded.
		expect("a refused Denoise, then cancelled", List.of(), () -> {
			Thread t = DialogDriver.start(DENOISE, scan);
			GenericDialog d = DialogDriver.dialog(DENOISE, null);
			DialogDriver.type(d, "max_minutes", "0");
			DialogDriver.close(d, true);
			GenericDialog again = DialogDriver.dialog(DENOISE, d);
			String said = DialogDriver.words(again);
			if (!said.contains("“Time budget (minutes)” must be 1–100000, got 0")) fail("the dialog came back without the reason: " + said);
			if (!DialogDriver.text(again, "max_minutes").getText().equals("0")) fail("the dialog came back without the value entered");
			DialogDriver.close(again, false);
			t.join();
		});

		Path model = work.resolve("recorded.san2n");
		expect("Train with steps changed", List.of("run(\"SAN2N Train\", \"steps=30 model=" + model + "\");"),
				() -> fromDialog(TRAIN, scan, d -> {
					advanced(d, more -> DialogDriver.type(more, "steps", "30"));
					DialogDriver.type(d, "model", model.toString());
					return d;
				}, true));
		if (!Files.isRegularFile(model)) fail("Train wrote no model");

		// check=warn: 30 steps may leave a result that fails the output check, which would refuse it (and record nothing).
		expect("SAN2N with steps changed", List.of("run(\"SAN2N Denoise\", \"method=san2n check=warn steps=30\");"),
				() -> fromDialog(DENOISE, scan, d -> {
					GenericDialog san2n = chooseMethod(d, "san2n");
					DialogDriver.choose(san2n, "check", "warn");
					advanced(san2n, more -> DialogDriver.type(more, "steps", "30"));
					return san2n;
				}, true));
		fiji(scan, viaDialog, work);
		System.out.println("recorder checks passed");
		System.exit(0);
	}

	/**
	 * The same through the SciJava commands, which own the menu items in Fiji: there a click runs the command
	 * on the menu's thread between the Executer's {@code Recorder.setCommand} and {@code saveCommand} (Fiji's
	 * legacy layer fills {@code image} with the current image). The person must get SAN2N's dialog, not
	 * SciJava's list of every field (every input resolved before SciJava's harvester), and the recorder the
	 * same lines as above, nothing from Fiji's own recorder (the commands say {@code no-record}).
	 */
	static void fiji(ImagePlus scan, ImagePlus viaPlugin, Path work) throws Exception {
		Context context = new Context(CommandService.class);
		CommandService commands = context.service(CommandService.class);
		for (Class<? extends Command> c : List.of(DenoiseCommand.class, TrainCommand.class))
			if (!commands.getCommand(c).is("no-record")) fail(c.getSimpleName() + " lets Fiji's recorder write every field");
		Module[] ran = new Module[1];
		expect("Fiji: a cancelled Denoise", List.of(), () -> {
			ran[0] = fromMenu(commands, DenoiseCommand.class, DENOISE, scan, d -> d, false, true);
			if (ran[0].getOutput("denoised") != null) fail("Fiji: the cancelled Denoise ran");
		});
		expect("Fiji: Denoise with MP-PCA after a detour through SAN2N's settings", List.of("run(\"SAN2N Denoise\", \"method=mppca\");"),
				() -> ran[0] = fromMenu(commands, DenoiseCommand.class, DENOISE, scan, d -> {
					GenericDialog san2n = chooseMethod(d, "san2n");
					advanced(san2n, more -> DialogDriver.type(more, "steps", "100"));
					return chooseMethod(san2n, "mppca");
				}, true, true));
		for (ModuleItem<?> input : ran[0].getInfo().inputs())
			if (!ran[0].isInputResolved(input.getName())) fail("Fiji: " + input.getName() + " was left to SciJava's harvester, which lists every field");
		sameVoxels(viaPlugin, (ImagePlus) ran[0].getOutput("denoised"));
		System.out.println("Fiji: the SciJava command's run from SAN2N's dialog gave the ImageJ 1.x plugin's voxels");
		Path model = work.resolve("fiji.san2n");
		expect("Fiji: Train with steps changed", List.of("run(\"SAN2N Train\", \"steps=30 model=" + model + "\");"),
				() -> fromMenu(commands, TrainCommand.class, TRAIN, scan, d -> {
					advanced(d, more -> DialogDriver.type(more, "steps", "30"));
					DialogDriver.type(d, "model", model.toString());
					return d;
				}, true, true));
		if (!Files.isRegularFile(model)) fail("Fiji: Train wrote no model");
		// Fiji's search bar runs a command without ImageJ 1.x's command runner, which starts the recorder's line.
		expect("Fiji: Denoise from the search bar, window changed", List.of("run(\"SAN2N Denoise\", \"method=mppca window=7\");"),
				() -> fromMenu(commands, DenoiseCommand.class, DENOISE, scan, d -> {
					advanced(d, more -> DialogDriver.type(more, "window", "7"));
					return d;
				}, true, false));
		context.dispose();
	}

	/**
	 * A click on {@code label} in Fiji: the command run through SciJava on the menu's thread, its dialog filled in
	 * and closed; {@code executer}: between the recorder calls of ImageJ 1.x's command runner (a menu item), or
	 * without them (the search bar).
	 */
	static Module fromMenu(CommandService commands, Class<? extends Command> command, String label, ImagePlus image, Fill fill, boolean ok,
			boolean executer) throws Exception {
		Module[] ran = new Module[1];
		Throwable[] failed = new Throwable[1];
		Thread thread = new Thread(() -> {
			if (executer) Recorder.setCommand(label);
			try {
				ran[0] = commands.run(command, true, "image", image).get();
			} catch (Throwable e) {
				failed[0] = e;
			}
			if (executer) Recorder.saveCommand();
		}, label);
		thread.start();
		fillAndWait(label, thread, fill, ok);
		if (failed[0] != null) fail(label + " (SciJava): " + failed[0]);
		return ran[0];
	}

	/** What a person does in a dialog before pressing OK or Cancel; returns the dialog then showing (a method change reopens it). */
	interface Fill {
		GenericDialog in(GenericDialog d) throws Exception;
	}

	interface Edit {
		void in(GenericDialog d) throws Exception;
	}

	/** Chooses a method in Denoise's dialog and returns the dialog that reopens with its settings. */
	static GenericDialog chooseMethod(GenericDialog d, String method) throws Exception {
		DialogDriver.choose(d, "method", method);
		return DialogDriver.dialog(d.getTitle(), d);
	}

	/** Opens the Advanced… dialog, edits it and presses its OK. */
	static void advanced(GenericDialog d, Edit edit) throws Exception {
		DialogDriver.pressLater(d, "Advanced…");
		GenericDialog more = DialogDriver.dialog(d.getTitle() + ": advanced", null);
		edit.in(more);
		DialogDriver.close(more, true);
		for (int waited = 0; more.isVisible() && waited < 100; waited++)
			Thread.sleep(50);
	}

	interface Step {
		void run() throws Exception;
	}

	/** Runs {@code step} and checks the lines it added to the recorder that run a SAN2N command. */
	static void expect(String what, List<String> lines, Step step) throws Exception {
		String before = Recorder.getInstance().getText();
		step.run();
		String after = Recorder.getInstance().getText();
		if (!after.startsWith(before)) fail(what + ": the recorder's text changed above its end:\n" + after);
		List<String> added = new ArrayList<>();
		for (String l : after.substring(before.length()).split("\n"))
			if (l.startsWith("run(\"SAN2N")) added.add(l); // not selectImage("dwi-SAN2N"): focus moving between windows
		if (!added.equals(lines)) fail(what + ": recorded " + added + ", expected " + lines);
		System.out.println(what + ": recorded " + (added.isEmpty() ? "nothing" : String.join(" ", added)));
	}

	/** Runs {@code command} as its menu item does, fills its dialog in, presses OK or Cancel and waits for the command to end. */
	static void fromDialog(String command, ImagePlus image, Fill fill, boolean ok) throws Exception {
		fillAndWait(command, DialogDriver.start(command, image), fill, ok);
	}

	/** Fills the dialog {@code thread} shows for {@code command}, presses OK or Cancel and waits for the thread to end. */
	static void fillAndWait(String command, Thread thread, Fill fill, boolean ok) throws Exception {
		GenericDialog shown = fill.in(DialogDriver.dialog(command, null));
		DialogDriver.close(shown, ok);
		// An error dialog, or the dialog back with a refusal, would hold the command until the time-out: fail at once, with its text.
		while (thread.isAlive()) {
			thread.join(500);
			if (DialogDriver.errorShown() != null) fail(command + ": an error dialog: " + DialogDriver.words(DialogDriver.errorShown()));
			GenericDialog again = DialogDriver.showing(command, shown);
			if (ok && again != null) fail(command + ": the dialog came back: " + DialogDriver.words(again));
		}
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
