package org.san2n.scijava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.imagej.DwiProperties;
import org.san2n.imagej.PhantomHyperstack;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

import ij.ImagePlus;

/** Both commands through SciJava's CommandService, as headless Fiji and scripts run them. */
class San2nCommandsTest {

	@TempDir
	static Path dir;

	static Context context;
	static CommandService commands;
	static ImagePlus scan;

	@BeforeAll
	static void setUp() throws IOException {
		scan = PhantomHyperstack.open(dir);
		context = new Context(CommandService.class, FailureLog.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	/**
	 * The image, the phantom's mask, and for SAN2N a short training ({@code method} san2n among {@code more});
	 * every other input is left to its default, as a macro that names only these keys would.
	 */
	static Map<String, Object> inputs(ImagePlus image, Object... more) {
		Map<String, Object> m = new HashMap<>();
		m.put("image", image);
		m.put("mask", dir.resolve("mask.nii.gz").toString());
		for (int i = 0; i < more.length; i += 2)
			m.put((String) more[i], more[i + 1]);
		boolean trains = "san2n".equals(m.get("method")) || m.get("model") != null || m.get("save_model") != null;
		if (trains) {
			m.putIfAbsent("epochs", 2);
			m.putIfAbsent("batch", 4);
			m.putIfAbsent("lr", 5e-4);
			m.putIfAbsent("width", 8);
			m.putIfAbsent("patch", 8);
			m.putIfAbsent("stride", 8);
		}
		return m;
	}

	/** A finished run: the module (for DynamicCommands, the command itself) seen through what the tests ask of it. */
	record Ran(org.scijava.module.Module module) {
		boolean isCanceled() {
			return ((org.scijava.Cancelable) module).isCanceled();
		}

		String getCancelReason() {
			return ((org.scijava.Cancelable) module).getCancelReason();
		}

		Object getOutput(String name) {
			return module.getOutput(name);
		}

		Object getInput(String name) {
			return module.getInput(name);
		}
	}

	static Ran run(Class<? extends org.scijava.command.Command> command, Map<String, Object> inputs) throws Exception {
		return new Ran(commands.run(command, true, inputs).get());
	}

	/**
	 * A run that fails, as a script sees it: the future of CommandService.run throws (SciJava's ModuleRunner
	 * wraps the command's exception once, as "Module threw exception"), with the one line the log has.
	 */
	static CommandFailedException failure(Class<? extends org.scijava.command.Command> command, Map<String, Object> inputs) {
		ExecutionException e = assertThrows(ExecutionException.class, () -> commands.run(command, true, inputs).get());
		for (Throwable c = e; c != null; c = c.getCause())
			if (c instanceof CommandFailedException f) {
				assertFalse(f.getMessage().contains("\n"), "one line: " + f.getMessage());
				return f;
			}
		throw new AssertionError("no CommandFailedException in the chain of " + e, e);
	}

	@Test
	void aDamagedResultIsRefusedInFijiToo() {
		CommandFailedException f = failure(DenoiseCommand.class, inputs(scan, "model", null, "save_model", null, "outside_mask",
				"denoise", "method", "san2n-paper", "check", "refuse", "lr", 50.0));
		assertTrue(f.getMessage().startsWith("SAN2N Denoise: ") && f.getMessage().contains("nothing was written"), f.getMessage());
	}

	@Test
	void aRefusedSettingMakesTheScriptsFutureThrowWithTheOneLineMessage() {
		Map<String, Object> given = new HashMap<>();
		given.put("image", scan);
		given.put("method", "mppca");
		given.put("steps", 100);
		List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
		org.scijava.log.LogListener listener = m -> {
			if (m.level() == org.scijava.log.LogLevel.ERROR) errors.add(m.text() + (m.throwable() == null ? "" : " + a stack trace"));
		};
		org.scijava.log.LogService log = context.service(org.scijava.log.LogService.class);
		log.addLogListener(listener);
		CommandFailedException f;
		try {
			f = failure(DenoiseCommand.class, given);
		} finally {
			log.removeLogListener(listener);
		}
		assertTrue(f.getMessage().startsWith("SAN2N Denoise: steps is a SAN2N training setting, but the method is mppca"),
				f.getMessage());
		assertTrue(f.getCause() instanceof IllegalArgumentException, "the engine's exception is kept for a bug report");
		assertEquals(List.of(f.getMessage()), errors, "logged once, in one line (not again as 'Command errored' with a trace)");
	}

	/**
	 * What Fiji's legacy layer does for {@code run("SAN2N Denoise", …)} in an ImageJ 1.x macro: ImageJ 1.x's
	 * command runner (IJ.run → Executer → IJ.runPlugIn) hands the command to imagej-legacy
	 * (DefaultLegacyHooks.interceptRunPlugIn → LegacyService.runLegacyCompatibleCommand), which runs the
	 * module on a SciJava thread, waits with {@code future.get()} and rethrows what fails as a RuntimeException.
	 * imagej-legacy is not served to this build; this plugin repeats those steps.
	 */
	public static final class LegacyPath implements ij.plugin.PlugIn {
		static final String LABEL = "SAN2N Denoise (legacy path)";

		/**
		 * Puts the label in ImageJ 1.x's command table, as plugins.config or the legacy layer would. ImageJ fills
		 * that table while it builds its AWT menus on the first IJ.run, which a headless test cannot do; an
		 * empty table of our own is all IJ.run needs to find the command.
		 */
		@SuppressWarnings({ "unchecked", "rawtypes" })
		static void register() throws ReflectiveOperationException {
			if (ij.Menus.getCommands() == null) {
				java.lang.reflect.Field table = ij.Menus.class.getDeclaredField("pluginsTable");
				table.setAccessible(true);
				table.set(null, new java.util.Hashtable());
			}
			((java.util.Hashtable) ij.Menus.getCommands()).put(LABEL, LegacyPath.class.getName());
		}

		@Override
		public void run(String arg) {
			String options = ij.Macro.getOptions();
			Map<String, Object> given = new HashMap<>();
			given.put("image", scan);
			given.put("method", ij.Macro.getValue(options, "method", "mppca"));
			given.put("steps", Integer.parseInt(ij.Macro.getValue(options, "steps", "0")));
			try {
				commands.run(DenoiseCommand.class, true, given).get();
			} catch (Exception e) {
				if (e instanceof RuntimeException r) throw r;
				throw new RuntimeException(e);
			}
		}
	}

	@Test
	void aFailedRunStopsTheMacroThatRanItAndPrintsNoStackTrace(@TempDir Path out) throws Exception {
		LegacyPath.register();
		Path after = out.resolve("should-not-exist.txt");
		String macro = "run(\"" + LegacyPath.LABEL + "\", \"method=mppca steps=100\");\n"
				+ "File.saveString(\"the macro went on\", \"" + after.toString().replace("\\", "/") + "\");\n";
		java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
		java.io.PrintStream stdout = System.out, stderr = System.err;
		ij.macro.Interpreter interpreter = new ij.macro.Interpreter();
		try (java.io.PrintStream capture = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8)) {
			System.setOut(capture);
			System.setErr(capture);
			interpreter.run(macro); // on this thread, as ImageJ -batch runs a macro file
		} finally {
			System.setOut(stdout);
			System.setErr(stderr);
			ij.Menus.getCommands().remove(LegacyPath.LABEL);
		}
		String text = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
		assertFalse(Files.exists(after), "the line after the failed run must not run; printed:\n" + text);
		assertTrue(interpreter.getErrorMessage().startsWith("SAN2N Denoise: steps is a SAN2N training setting"),
				interpreter.getErrorMessage());
		assertTrue(text.contains("SAN2N Denoise: steps is a SAN2N training setting"), "the log line; printed:\n" + text);
		assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace; printed:\n" + text);
		assertNull(ij.macro.Interpreter.getInstance(), "the macro is over");
	}

	@Test
	void aRunThatSucceedsLetsTheMacroGoOn(@TempDir Path out) throws Exception {
		LegacyPath.register();
		Path after = out.resolve("reached.txt");
		String macro = "run(\"" + LegacyPath.LABEL + "\", \"method=mppca\");\n"
				+ "File.saveString(\"reached\", \"" + after.toString().replace("\\", "/") + "\");\n";
		try {
			new ij.macro.Interpreter().run(macro);
		} finally {
			ij.Menus.getCommands().remove(LegacyPath.LABEL);
			ij.WindowManager.setTempCurrentImage(null);
		}
		assertTrue(Files.exists(after), "a successful run does not stop the macro");
	}

	@Test
	void theDefaultMethodIsMpPcaAndTrainsNothing() throws Exception {
		Ran m = run(DenoiseCommand.class, inputs(scan, "model", null, "save_model", null, "outside_mask", "denoise", "method", "mppca",
				"check", "refuse"));
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus out = (ImagePlus) m.getOutput("denoised");
		assertArrayEquals(scan.getDimensions(), out.getDimensions());
		assertEquals("mppca", new DenoiseCommand().method, "the field's default");
	}

	@Test
	void menuPathsAndLabels() {
		CommandInfo train = commands.getCommand(TrainCommand.class), denoise = commands.getCommand(DenoiseCommand.class);
		assertEquals("Plugins > SAN2N > SAN2N Train", train.getMenuPath().getMenuString());
		assertEquals("Plugins > SAN2N > SAN2N Denoise", denoise.getMenuPath().getMenuString());
		assertTrue(train.canRunHeadless() && denoise.canRunHeadless());
	}

	@Test
	void denoiseGivesANewFloatHyperstackLikeTheInputAndLeavesTheInputAlone() throws Exception {
		float[] before = ((float[]) scan.getStack().getPixels(5)).clone();
		Path model = dir.resolve("self.san2n");
		Ran m = run(DenoiseCommand.class, inputs(scan, "model", null, "save_model", model.toFile(), "outside_mask", "zero", "method", "san2n", "check", "warn"));
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus out = (ImagePlus) m.getOutput("denoised");
		assertEquals("dwi-SAN2N", out.getTitle());
		assertEquals(32, out.getBitDepth());
		assertArrayEquals(scan.getDimensions(), out.getDimensions());
		assertEquals(scan.getCalibration().pixelWidth, out.getCalibration().pixelWidth);
		assertEquals(scan.getNFrames(), DwiProperties.gradients(out).size());
		assertArrayEquals(before, (float[]) scan.getStack().getPixels(5), 0f, "the input is not modified");
		assertTrue(Files.size(model) > 1000);
		float[] corner = (float[]) out.getStack().getPixels(1);
		assertEquals(0f, corner[0], "outside=zero: the background corner is 0");
	}

	@Test
	void trainWritesAModelThatDenoiseApplies() throws Exception {
		Path model = dir.resolve("trained.san2n");
		Ran t = run(TrainCommand.class, inputs(scan, "model", model.toFile()));
		assertFalse(t.isCanceled(), t.getCancelReason());
		assertTrue(Files.isRegularFile(model));
		Ran d = run(DenoiseCommand.class, inputs(scan, "model", model.toFile(), "save_model", null, "outside_mask", "denoise", "check", "warn"));
		assertFalse(d.isCanceled(), d.getCancelReason());
		assertEquals(scan.getStackSize(), ((ImagePlus) d.getOutput("denoised")).getStackSize());
	}

	@Test
	void volumesAsChannelsComeBackAsChannels() throws Exception {
		ImagePlus channels = asChannels(scan);
		Ran d = run(DenoiseCommand.class, inputs(channels, "model", null, "save_model", null, "outside_mask", "keep"));
		assertFalse(d.isCanceled(), d.getCancelReason());
		ImagePlus out = (ImagePlus) d.getOutput("denoised");
		assertEquals(scan.getNFrames(), out.getNChannels());
		assertEquals(1, out.getNFrames());
	}

	static ImagePlus asChannels(ImagePlus frames) throws IOException {
		int z = frames.getNSlices(), t = frames.getNFrames();
		ij.ImageStack stack = new ij.ImageStack(frames.getWidth(), frames.getHeight(), z * t);
		for (int v = 0; v < t; v++)
			for (int s = 0; s < z; s++)
				stack.setPixels(frames.getStack().getPixels(frames.getStackIndex(1, s + 1, v + 1)), (s * t) + v + 1);
		ImagePlus out = new ImagePlus("channels", stack);
		out.setDimensions(t, z, 1);
		DwiProperties.setGradients(out, DwiProperties.gradients(frames));
		return out;
	}

	@Test
	void aScanWithoutGradientsIsRefusedWithAMessage() throws Exception {
		ImagePlus bare = new ImagePlus("bare", scan.getStack());
		bare.setDimensions(1, scan.getNSlices(), scan.getNFrames());
		Path model = dir.resolve("never.san2n");
		CommandFailedException f = failure(TrainCommand.class, inputs(bare, "model", model.toFile()));
		assertTrue(f.getMessage().startsWith("SAN2N Train: ") && f.getMessage().contains("'bare' has no gradient table"), f.getMessage());
		assertFalse(Files.exists(model));
	}

	@Test
	void gradientFilesOfTheWrongLengthAreRefused() throws Exception {
		Files.writeString(dir.resolve("short.bval"), "0 1000 1000\n");
		Files.writeString(dir.resolve("short.bvec"), "1 0 0\n0 1 0\n0 0 1\n");
		CommandFailedException f = failure(DenoiseCommand.class, inputs(scan, "bvals", dir.resolve("short.bval").toFile(), "bvecs",
				dir.resolve("short.bvec").toFile(), "model", null, "save_model", null, "outside_mask", "denoise"));
		assertTrue(f.getMessage().contains("3 volumes"), f.getMessage());
	}

	@Test
	void inABatchModeMacroTheResultIsTheCurrentImage() throws Exception {
		boolean was = ij.macro.Interpreter.batchMode;
		ij.macro.Interpreter.batchMode = true; // as setBatchMode(true) and headless Fiji's macros run
		try {
			// The scan as a macro's Open NIfTI DWI... leaves it: a batch-mode image, the current one.
			ij.macro.Interpreter.addBatchModeImage(scan);
			ij.WindowManager.setTempCurrentImage(scan);
			int before = ij.WindowManager.getImageCount();
			Map<String, Object> given = new HashMap<>();
			given.put("image", scan);
			given.put("mask", dir.resolve("mask.nii.gz").toString());
			Ran m = run(DenoiseCommand.class, given);
			assertFalse(m.isCanceled(), m.getCancelReason());
			ImagePlus out = (ImagePlus) m.getOutput("denoised");
			assertTrue(out != null && out != scan);
			assertEquals(out, ij.WindowManager.getCurrentImage(), "the result is the current image (what Save as NIfTI... saves)");
			assertEquals(before + 1, ij.WindowManager.getImageCount(), "nImages counts the result once");
			assertTrue(m.module().isOutputResolved("denoised"), "shown by the command, so the display layer does not show it again");
			ij.macro.Interpreter.removeBatchModeImage(out);
		} finally {
			ij.macro.Interpreter.removeBatchModeImage(scan);
			ij.WindowManager.setTempCurrentImage(null);
			ij.macro.Interpreter.batchMode = was;
		}
	}

	@Test
	void theMapsAskedForComeAsImagesBesideTheResultWhichStaysCurrent() throws Exception {
		boolean was = ij.macro.Interpreter.batchMode;
		ij.macro.Interpreter.batchMode = true;
		java.util.List<ImagePlus> made = new java.util.ArrayList<>();
		try {
			ij.macro.Interpreter.addBatchModeImage(scan);
			ij.WindowManager.setTempCurrentImage(scan);
			int before = ij.WindowManager.getImageCount();
			Ran m = run(DenoiseCommand.class, inputs(scan, "show_noise_map", true, "show_rank_map", true, "show_residual", true));
			assertFalse(m.isCanceled(), m.getCancelReason());
			ImagePlus out = (ImagePlus) m.getOutput("denoised"), sigma = (ImagePlus) m.getOutput("noise_map_image"),
					rank = (ImagePlus) m.getOutput("rank_map_image"), residual = (ImagePlus) m.getOutput("residual_image");
			made.addAll(List.of(out, sigma, rank, residual));
			assertEquals(before + 4, ij.WindowManager.getImageCount(), "the result and three maps, each shown once");
			assertEquals(out, ij.WindowManager.getCurrentImage(), "the result stays the current image");
			assertEquals("dwi-SAN2N-sigma", sigma.getTitle());
			assertEquals("dwi-SAN2N-rank", rank.getTitle());
			for (ImagePlus map : List.of(sigma, rank)) {
				assertArrayEquals(new int[] { scan.getWidth(), scan.getHeight(), 1, scan.getNSlices(), 1 }, map.getDimensions(), map.getTitle());
				assertEquals(scan.getCalibration().pixelWidth, map.getCalibration().pixelWidth, map.getTitle());
				assertEquals(scan.getCalibration().pixelDepth, map.getCalibration().pixelDepth, map.getTitle());
			}
			assertArrayEquals(scan.getDimensions(), residual.getDimensions(), "the residual is laid out like the scan");
			// input − output, pixel for pixel, in a middle slice of a middle volume.
			int index = scan.getStackIndex(1, scan.getNSlices() / 2 + 1, scan.getNFrames() / 2 + 1);
			float[] in = (float[]) scan.getStack().getPixels(index), den = (float[]) out.getStack().getPixels(index),
					res = (float[]) residual.getStack().getPixels(index);
			for (int i = 0; i < in.length; i++)
				assertEquals(in[i] - den[i], res[i], 1e-3f * Math.max(1f, Math.abs(in[i])), "pixel " + i);
			// σ inside the phantom's brain: positive, the same in the middle of every slice's brain as MP-PCA measures it.
			float[] middle = (float[]) sigma.getStack().getPixels(scan.getNSlices() / 2 + 1);
			assertTrue(middle[middle.length / 2 + scan.getWidth() / 2] > 0, "σ in the middle of the brain");
		} finally {
			for (ImagePlus image : made)
				if (image != null) ij.macro.Interpreter.removeBatchModeImage(image);
			ij.macro.Interpreter.removeBatchModeImage(scan);
			ij.WindowManager.setTempCurrentImage(null);
			ij.macro.Interpreter.batchMode = was;
		}
	}

	@Test
	void aKeyLeftOutOfAMacroTakesItsDefaultWhateverRanBefore() throws Exception {
		Map<String, Object> first = new HashMap<>();
		first.put("image", scan);
		first.put("mask", dir.resolve("mask.nii.gz").toString());
		first.put("rician", "keep");
		first.put("outside_mask", "zero");
		first.put("mppca_stride", 2);
		Ran a = run(DenoiseCommand.class, first);
		assertFalse(a.isCanceled(), a.getCancelReason());
		assertEquals(2, a.getInput("mppca_stride"));
		Map<String, Object> second = new HashMap<>();
		second.put("image", scan);
		second.put("mask", dir.resolve("mask.nii.gz").toString());
		Ran b = run(DenoiseCommand.class, second);
		assertFalse(b.isCanceled(), b.getCancelReason());
		assertEquals(Integer.parseInt(org.san2n.job.Settings.get("mppca_stride").defaultValue()), b.getInput("mppca_stride"),
				"mppca_stride took its default, not the last run's 2");
		assertEquals("remove", b.getInput("rician"));
		assertEquals("denoise", b.getInput("outside_mask"));
	}

	@Test
	void everySettingIsAParameterWithTheDeclaredWordsDefaultAndPlace() throws Exception {
		for (Class<? extends SettingsCommand> type : List.of(DenoiseCommand.class, TrainCommand.class)) {
			CommandInfo info = commands.getCommand(type);
			SettingsCommand command = type.getDeclaredConstructor().newInstance();
			List<org.san2n.job.Setting> declared = org.san2n.job.Settings.offeredBy(command.job(), org.san2n.job.Setting.FrontEnds.IMAGEJ);
			List<String> keys = declared.stream().map(org.san2n.job.Setting::key).toList();
			List<String> order = new java.util.ArrayList<>();
			for (org.scijava.module.ModuleItem<?> item : info.inputs())
				if (keys.contains(item.getName())) order.add(item.getName());
			assertEquals(keys, order, type.getSimpleName() + ": the declaration's settings, in its order");
			for (org.san2n.job.Setting s : declared) {
				org.scijava.module.ModuleItem<?> item = info.getInput(s.key());
				assertEquals(s.label(), item.getLabel(), s.key());
				assertEquals(s.help(), item.getDescription(), s.key());
				assertFalse(item.isPersisted(), s.key() + " is not remembered between runs");
				java.lang.reflect.Field field = type.getDeclaredField(s.key());
				field.setAccessible(true);
				Object v = field.get(command);
				String text = v == null ? "" : v instanceof java.io.File f ? f.getPath() : String.valueOf(v);
				assertEquals(s.defaultValue(), s.check(text), s.key() + ": the field's default is the declared one");
				if (s.type() == org.san2n.job.Setting.Type.CHOICE) assertEquals(s.choices(), item.getChoices(), s.key());
			}
		}
	}
}
