package org.san2n.ij1;

import static org.san2n.ij1.DialogDriver.choose;
import static org.san2n.ij1.DialogDriver.close;
import static org.san2n.ij1.DialogDriver.dialog;
import static org.san2n.ij1.DialogDriver.field;
import static org.san2n.ij1.DialogDriver.pressLater;
import static org.san2n.ij1.DialogDriver.screenshot;
import static org.san2n.ij1.DialogDriver.text;
import static org.san2n.ij1.DialogDriver.type;
import static org.san2n.ij1.DialogDriver.words;

import java.io.File;
import java.nio.file.Path;

import org.san2n.scijava.DenoiseCommand;
import org.scijava.Context;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * Not a unit test: opens the dialogs of SAN2N Denoise and SAN2N Train in a real ImageJ 1.x window (run it
 * under Xvfb with {@code -Dplugins.dir} holding the plugin jar) on the sample scan, as a person would, and
 * saves a PNG of each: Denoise with MP-PCA and with SAN2N, their Advanced… dialogs, a refused value, Train
 * and its Advanced… dialog. Checks on the way what each must show (the image, the chosen method's settings
 * only, the value kept with the reason after a refusal); cancels everything, so nothing runs. Exits 1 at the
 * first difference. Arguments: sample-data folder, folder for the PNGs.
 */
public final class DialogScreenshots {

	private static final String DENOISE = DenoisePlugin.NAME, TRAIN = TrainPlugin.NAME, ADVANCED = ": advanced";

	public static void main(String[] args) {
		try {
			run(Path.of(args[0]).toAbsolutePath(), new File(args[1]));
			System.exit(0);
		} catch (Throwable e) {
			e.printStackTrace();
			System.out.println("FAIL: " + e);
			System.exit(1);
		}
	}

	static void run(Path sample, File out) throws Exception {
		Thread watchdog = new Thread(() -> {
			try {
				for (int waited = 0; waited < 5 * 60; waited++) {
					Thread.sleep(1000);
					// An error dialog is modal and would block the check until the time-out: fail at once, with its text.
					if (DialogDriver.errorShown() != null) fail("an error dialog: " + words(DialogDriver.errorShown()));
				}
				fail("gave up after 5 minutes");
			} catch (InterruptedException e) {
				// finished in time
			}
		});
		watchdog.setDaemon(true);
		watchdog.start();

		new ImageJ();
		IJ.run("Open NIfTI DWI...", "open=" + sample.resolve("dwi.nii.gz"));
		ImagePlus scan = WindowManager.getCurrentImage();
		if (scan == null || scan.getNFrames() != 32) fail("Open NIfTI DWI... did not open the 32-volume sample");

		Thread denoise = DialogDriver.start(DENOISE, scan);
		GenericDialog mppca = dialog(DENOISE, null);
		expect(mppca, "Image 'dwi.nii.gz': 40×40×24 voxels of 2×2×2 mm, 32 volumes (frames)");
		expect(mppca, "b = 0, 1000, 2000 s/mm²");
		for (String key : new String[] { "bvals", "bvecs", "mask", "method", "check", "max_minutes" })
			if (field(mppca, key) == null) fail("Denoise with MP-PCA shows no field for " + key);
		for (String key : new String[] { "device", "model", "save_model", "steps", "window", "lambda1" })
			if (field(mppca, key) != null) fail("Denoise with MP-PCA shows " + key + " on its first page");
		screenshot(mppca, new File(out, "denoise-mppca.png"));

		pressLater(mppca, "Advanced…");
		GenericDialog mppcaMore = dialog(DENOISE + ADVANCED, null);
		for (String key : new String[] { "steps", "lr", "flips", "tile", "sigma", "lambda1", "max_angle" })
			if (field(mppcaMore, key) != null) fail("MP-PCA's advanced settings show " + key + ", which MP-PCA does not use");
		screenshot(mppcaMore, new File(out, "denoise-mppca-advanced.png"));
		close(mppcaMore, false);

		choose(mppca, "method", "san2n");
		GenericDialog san2n = dialog(DENOISE, mppca);
		for (String key : new String[] { "device", "model", "save_model" })
			if (field(san2n, key) == null) fail("Denoise with SAN2N shows no field for " + key);
		screenshot(san2n, new File(out, "denoise-san2n.png"));

		pressLater(san2n, "Advanced…");
		GenericDialog san2nMore = dialog(DENOISE + ADVANCED, null);
		for (String key : new String[] { "steps", "lr", "flips", "tile", "window", "sigma" })
			if (field(san2nMore, key) == null) fail("SAN2N's advanced settings lack " + key);
		// The published loss's weights and angular pairing: san2n does not read them.
		for (String key : new String[] { "lambda1", "lambda2", "beta", "max_angle" })
			if (field(san2nMore, key) != null) fail("SAN2N's advanced settings show " + key + ", which only san2n-paper reads");
		screenshot(san2nMore, new File(out, "denoise-san2n-advanced.png"));
		type(san2nMore, "steps", "-5");
		close(san2nMore, true);
		GenericDialog refusedMore = dialog(DENOISE + ADVANCED, san2nMore);
		expect(refusedMore, "“Training steps (0: automatic)” must be 0–");
		if (!text(refusedMore, "steps").getText().equals("-5")) fail("the refused steps were not kept");
		screenshot(refusedMore, new File(out, "denoise-san2n-advanced-refused.png"));
		type(refusedMore, "steps", "30");
		close(refusedMore, true);
		Thread.sleep(500);
		expect(san2n, "Changed: Training steps = 30");

		type(san2n, "max_minutes", "0");
		close(san2n, true);
		GenericDialog refused = dialog(DENOISE, san2n);
		expect(refused, "“Time budget (minutes)” must be 1–100000, got 0");
		expect(refused, "Changed: Training steps = 30");
		if (!text(refused, "max_minutes").getText().equals("0")) fail("the refused time budget was not kept");
		screenshot(refused, new File(out, "denoise-refused.png"));
		close(refused, false);
		denoise.join(10_000);

		Thread train = DialogDriver.start(TRAIN, scan);
		GenericDialog trainPage = dialog(TRAIN, null);
		expect(trainPage, "Image 'dwi.nii.gz'");
		if (field(trainPage, "model") == null || field(trainPage, "device") == null) fail("Train shows no model file or device");
		screenshot(trainPage, new File(out, "train.png"));
		pressLater(trainPage, "Advanced…");
		GenericDialog trainMore = dialog(TRAIN + ADVANCED, null);
		if (field(trainMore, "steps") == null || field(trainMore, "sigma") == null) fail("Train's advanced settings lack steps or sigma");
		screenshot(trainMore, new File(out, "train-advanced.png"));
		close(trainMore, false);
		// A model file that cannot be written: the reason, and the file name as typed.
		type(trainPage, "model", "/no/such/folder/model.san2n");
		close(trainPage, true);
		GenericDialog trainRefused = dialog(TRAIN, trainPage);
		expect(trainRefused, "no such folder /no/such/folder");
		if (!text(trainRefused, "model").getText().equals("/no/such/folder/model.san2n")) fail("the refused model file was not kept");
		close(trainRefused, false);
		train.join(10_000);

		// Fiji: the SciJava command owns the menu item there; its dialog must be this one, not SciJava's list of every field.
		Context context = new Context(CommandService.class);
		Thread fiji = new Thread(() -> {
			try {
				context.service(CommandService.class).run(DenoiseCommand.class, true, "image", scan).get();
			} catch (Exception e) {
				fail("SAN2N Denoise (SciJava): " + e);
			}
		}, DENOISE);
		fiji.start();
		GenericDialog fromFiji = dialog(DENOISE, null);
		expect(fromFiji, "Image 'dwi.nii.gz': 40×40×24 voxels of 2×2×2 mm, 32 volumes (frames)");
		if (field(fromFiji, "steps") != null || field(fromFiji, "lambda1") != null) fail("the SciJava command's dialog shows expert settings");
		screenshot(fromFiji, new File(out, "denoise-fiji-scijava.png"));
		close(fromFiji, false);
		fiji.join(10_000);
		context.dispose();
		System.out.println("dialog screenshots in " + out + ": " + String.join(", ", out.list()));
	}

	private static void expect(GenericDialog d, String words) {
		String shown = words(d);
		if (!shown.contains(words)) fail(d.getTitle() + " does not say '" + words + "'; it says: " + shown);
	}

	static void fail(String why) {
		System.out.println("FAIL: " + why);
		System.exit(1);
	}
}
