package org.san2n.scijava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.imagej.DwiProperties;
import org.san2n.imagej.PhantomHyperstack;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
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
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	/** Every input, so that values remembered from earlier runs (SciJava persists them) play no part. */
	static Map<String, Object> inputs(ImagePlus image, Object... more) {
		Map<String, Object> m = new HashMap<>();
		m.put("image", image);
		m.put("bvals", null);
		m.put("bvecs", null);
		m.put("mask", dir.resolve("mask.nii.gz").toString());
		m.put("epochs", 2);
		m.put("batch", 4);
		m.put("lr", 5e-4);
		m.put("width", 8);
		m.put("patch", 8);
		m.put("stride", 8);
		m.put("seed", 0L);
		m.put("device", "cpu");
		for (int i = 0; i < more.length; i += 2)
			m.put((String) more[i], more[i + 1]);
		return m;
	}

	static CommandModule run(Class<? extends org.scijava.command.Command> command, Map<String, Object> inputs) throws Exception {
		return (CommandModule) commands.run(command, true, inputs).get();
	}

	@Test
	void aDamagedResultIsRefusedInFijiToo() throws Exception {
		CommandModule m = run(DenoiseCommand.class, inputs(scan, "model", null, "save", null, "outside", "denoise", "method", "san2n",
				"check", "refuse", "lr", 50.0));
		assertTrue(m.isCanceled(), "an absurd learning rate must not give an image");
		assertTrue(m.getCancelReason().contains("nothing was written"), m.getCancelReason());
		assertEquals(null, m.getOutput("denoised"));
	}

	@Test
	void theDefaultMethodIsMpPcaAndTrainsNothing() throws Exception {
		CommandModule m = run(DenoiseCommand.class, inputs(scan, "model", null, "save", null, "outside", "denoise", "method", "mppca",
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
		CommandModule m = run(DenoiseCommand.class, inputs(scan, "model", null, "save", model.toFile(), "outside", "zero", "method", "san2n", "check", "warn"));
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
		CommandModule t = run(TrainCommand.class, inputs(scan, "model", model.toFile()));
		assertFalse(t.isCanceled(), t.getCancelReason());
		assertTrue(Files.isRegularFile(model));
		CommandModule d = run(DenoiseCommand.class, inputs(scan, "model", model.toFile(), "save", null, "outside", "denoise", "check", "warn"));
		assertFalse(d.isCanceled(), d.getCancelReason());
		assertEquals(scan.getStackSize(), ((ImagePlus) d.getOutput("denoised")).getStackSize());
	}

	@Test
	void volumesAsChannelsComeBackAsChannels() throws Exception {
		ImagePlus channels = asChannels(scan);
		CommandModule d = run(DenoiseCommand.class, inputs(channels, "model", null, "save", null, "outside", "keep"));
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
		CommandModule t = run(TrainCommand.class, inputs(bare, "model", model.toFile()));
		assertTrue(t.isCanceled());
		assertTrue(t.getCancelReason().contains("'bare' has no gradient table"), t.getCancelReason());
		assertFalse(Files.exists(model));
	}

	@Test
	void gradientFilesOfTheWrongLengthAreRefused() throws Exception {
		Files.writeString(dir.resolve("short.bval"), "0 1000 1000\n");
		Files.writeString(dir.resolve("short.bvec"), "1 0 0\n0 1 0\n0 0 1\n");
		CommandModule d = run(DenoiseCommand.class, inputs(scan, "bvals", dir.resolve("short.bval").toFile(), "bvecs",
				dir.resolve("short.bvec").toFile(), "model", null, "save", null, "outside", "denoise"));
		assertTrue(d.isCanceled());
		assertTrue(d.getCancelReason().contains("3 volumes"), d.getCancelReason());
		assertNull(d.getOutput("denoised"));
	}
}
