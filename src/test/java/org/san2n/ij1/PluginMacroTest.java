package org.san2n.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.imagej.PhantomHyperstack;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * The ImageJ 1.x plugins run by a batch-mode macro, headless, through ImageJ's own interpreter and command
 * runner ({@code run(…)} → IJ.run → Executer → the plugin): the keys they read from its options.
 */
class PluginMacroTest {

	@TempDir
	static Path dir;
	static ImagePlus scan;
	private boolean wasBatch;

	@BeforeAll
	static void setUp() throws IOException, ReflectiveOperationException {
		scan = PhantomHyperstack.open(dir);
		// plugins.config's entries in ImageJ's command table (ImageJ fills it while building AWT menus, which
		// a headless test cannot do).
		if (ij.Menus.getCommands() == null) {
			java.lang.reflect.Field table = ij.Menus.class.getDeclaredField("pluginsTable");
			table.setAccessible(true);
			table.set(null, new java.util.Hashtable<String, String>());
		}
		@SuppressWarnings("unchecked")
		java.util.Hashtable<String, String> commands = ij.Menus.getCommands();
		commands.put(DenoisePlugin.NAME, DenoisePlugin.class.getName());
		commands.put(TrainPlugin.NAME, TrainPlugin.class.getName());
	}

	@BeforeEach
	void batchMode() {
		wasBatch = Interpreter.batchMode;
		Interpreter.batchMode = true; // as setBatchMode(true) and ImageJ -batch
		Interpreter.addBatchModeImage(scan);
		WindowManager.setTempCurrentImage(scan);
	}

	@AfterEach
	void restore() {
		ImagePlus current = WindowManager.getCurrentImage();
		if (current != null && current != scan) Interpreter.removeBatchModeImage(current);
		Interpreter.removeBatchModeImage(scan);
		WindowManager.setTempCurrentImage(null);
		Interpreter.batchMode = wasBatch;
	}

	/** Runs {@code macro} on this thread, as ImageJ -batch does; returns its error message, or null. */
	private static String run(String macro) {
		Interpreter interpreter = new Interpreter();
		interpreter.run(macro);
		return interpreter.getErrorMessage();
	}

	/**
	 * Runs {@code call} in a macro and returns the title of the image that is current after it (the
	 * interpreter closes a batch macro's images when it ends, so the macro writes it down); fails with the
	 * macro's error.
	 */
	private static String currentAfter(String call) throws IOException {
		Path title = dir.resolve("title.txt");
		java.nio.file.Files.deleteIfExists(title);
		String error = run(call + "\nFile.saveString(getTitle(), \"" + title.toString().replace("\\", "/") + "\");");
		assertNull(error);
		return java.nio.file.Files.readString(title);
	}

	private static String mask() {
		return dir.resolve("mask.nii.gz").toString().replace("\\", "/");
	}

	@Test
	void noOptionsInABatchMacroMeanTheDefaultsNotADialog() throws IOException {
		assertEquals("dwi-SAN2N", currentAfter("run(\"SAN2N Denoise\", \"\");"));
	}

	@Test
	void aLongerKeyDoesNotSetTheShorterOneItEndsWith() throws IOException {
		// ImageJ's key search read mppca_stride=2 as stride 2 too, and MP-PCA then refused "stride" as a training setting.
		assertEquals("dwi-SAN2N", currentAfter("run(\"SAN2N Denoise\", \"mask=" + mask() + " mppca_stride=2\");"));
	}

	@Test
	void aMacroVariableGivesAValue() throws IOException {
		assertEquals("dwi-SAN2N", currentAfter("s = 2; run(\"SAN2N Denoise\", \"mask=" + mask() + " mppca_stride=&s\");"));
	}

	@Test
	void aMacroVariableThatDoesNotExistIsRefused() {
		String error = run("run(\"SAN2N Denoise\", \"mppca_stride=&nothing\");");
		assertNotNull(error);
		assertTrue(error.contains("mppca_stride=&nothing: no macro variable 'nothing'"), error);
	}

	@Test
	void aMistypedKeyIsRefusedNotIgnored() {
		String error = run("run(\"SAN2N Denoise\", \"mask=" + mask() + " epoch=3\");");
		assertNotNull(error, "the macro must stop");
		assertTrue(error.contains("unknown setting 'epoch' (did you mean 'epochs'?)"), error);
	}

	@Test
	void trainWithoutAModelFileSaysSoInsteadOfWaiting() {
		String error = run("run(\"SAN2N Train\");");
		assertNotNull(error);
		assertTrue(error.contains("choose a file to save the trained model to"), error);
	}
}
