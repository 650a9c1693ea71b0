package org.san2n.scijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.san2n.scijava.SettingsPreprocessor.Caller;
import org.san2n.scijava.SettingsPreprocessor.Source;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;
import org.scijava.widget.InputHarvester;

class SettingsPreprocessorTest {

	static Context context;

	@BeforeAll
	static void setUp() {
		context = new Context(CommandService.class, FailureLog.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	static Module module(Class<? extends ScanCommand> command) {
		return context.service(ModuleService.class).createModule(context.service(CommandService.class).getCommand(command));
	}

	static void assertAllResolved(Module m) {
		for (ModuleItem<?> input : m.getInfo().inputs())
			assertTrue(m.isInputResolved(input.getName()), input.getName() + " is left to SciJava's harvester, which would list it");
	}

	@Test
	void whoAsksDecidesWhereTheSettingsComeFrom() {
		// A macro's options, in any mode.
		assertEquals(Source.MACRO_OPTIONS, new Caller(true, "method=san2n ", true, false, false).source());
		assertEquals(Source.MACRO_OPTIONS, new Caller(true, "", false, true, true).source());
		// A person: a menu click, or a macro in the GUI outside batch mode that gave no options.
		assertEquals(Source.DIALOG, new Caller(false, null, true, false, false).source());
		assertEquals(Source.DIALOG, new Caller(true, null, true, false, false).source());
		// A menu click while a batch-mode macro runs elsewhere is a person's.
		assertEquals(Source.DIALOG, new Caller(false, null, true, true, false).source());
		// Nobody to click: a batch-mode or headless macro without options, a script that set inputs, no screen.
		assertEquals(Source.AS_GIVEN, new Caller(true, null, true, true, false).source());
		assertEquals(Source.AS_GIVEN, new Caller(true, null, false, false, false).source());
		assertEquals(Source.AS_GIVEN, new Caller(false, null, true, false, true).source());
		assertEquals(Source.AS_GIVEN, new Caller(false, null, false, false, false).source());
	}

	@Test
	void itRunsJustBeforeSciJavasHarvesterAndIsFound() {
		assertTrue(SettingsPreprocessor.PRIORITY > InputHarvester.PRIORITY);
		assertTrue(SettingsPreprocessor.PRIORITY < InputHarvester.PRIORITY + 1, "after the remembered values are loaded");
		assertTrue(context.service(PluginService.class).getPluginsOfType(PreprocessorPlugin.class).stream()
				.anyMatch(p -> p.getClassName().equals(SettingsPreprocessor.class.getName())), "in the plugin index, as Fiji finds it");
		for (Class<? extends ScanCommand> c : List.of(DenoiseCommand.class, TrainCommand.class))
			assertTrue(context.service(CommandService.class).getCommand(c).is("no-record"),
					c.getSimpleName() + " records itself; Fiji's recorder would write every field");
	}

	@Test
	void aMacrosOptionsAreReadWholeKeyByKeyAndTheRestIsDefault() {
		Module m = module(DenoiseCommand.class);
		DenoiseCommand c = (DenoiseCommand) m.getDelegateObject();
		// What Fiji's own macro reader puts in fields whose key is part of a longer one.
		c.model = new File("/tmp/m.san2n");
		c.stride = 2;
		assertTrue(SettingsPreprocessor.fill(m, c,
				new Caller(true, "method=san2n save_model=/tmp/m.san2n mppca_stride=2 steps=50 show_noise_map ", false, true, false)));
		assertNull(c.model, "save_model= is not model=");
		assertEquals(new File("/tmp/m.san2n"), c.save_model);
		assertEquals(8, c.stride, "mppca_stride= is not stride=");
		assertEquals(2, c.mppca_stride);
		assertEquals(50, c.steps);
		assertEquals("san2n", c.method);
		assertTrue(c.show_noise_map, "a bare key is a checkbox that is on");
		assertEquals(Map.of("method", "san2n", "save_model", "/tmp/m.san2n", "mppca_stride", "2", "steps", "50", "show_noise_map", "true"),
				c.given());
		assertAllResolved(m);
	}

	@Test
	void aKeyThatIsNoSettingStopsTheRunWithTheNearestOne() {
		Module m = module(DenoiseCommand.class);
		DenoiseCommand c = (DenoiseCommand) m.getDelegateObject();
		assertTrue(SettingsPreprocessor.fill(m, c, new Caller(true, "method=san2n epoch=3 lr=fast", false, true, false)));
		CommandFailedException e = assertThrows(CommandFailedException.class, c::run);
		assertTrue(e.getMessage().contains("epochs"), e.getMessage());
	}

	@Test
	void optionsThatCannotBeReadStopTheRunWithTheReasonNotThePreprocessor() {
		Module m = module(DenoiseCommand.class);
		DenoiseCommand c = (DenoiseCommand) m.getDelegateObject();
		assertTrue(SettingsPreprocessor.fill(m, c, new Caller(true, "mask=[/tmp/a b.nii.gz steps=3", false, true, false)));
		assertAllResolved(m);
		CommandFailedException e = assertThrows(CommandFailedException.class, c::run);
		assertTrue(e.getMessage().contains("no closing ]"), e.getMessage());
	}

	@Test
	void theImageKeyOfFijisMacrosIsNotTakenForASetting() {
		Module m = module(DenoiseCommand.class);
		DenoiseCommand c = (DenoiseCommand) m.getDelegateObject();
		assertTrue(SettingsPreprocessor.fill(m, c, new Caller(true, "image=dwi.nii.gz method=mppca window=7", false, true, false)));
		assertEquals(Map.of("method", "mppca", "window", "7"), c.given());
	}

	@Test
	void aValueThatIsNotANumberIsRefusedByTheRunNotLost() {
		Module m = module(TrainCommand.class);
		TrainCommand c = (TrainCommand) m.getDelegateObject();
		assertTrue(SettingsPreprocessor.fill(m, c, new Caller(true, "steps=many model=/tmp/t.san2n", false, true, false)));
		assertEquals(new File("/tmp/t.san2n"), c.model, "Train's model file is its own key");
		assertEquals(Map.of("steps", "many"), c.given(), "the model file is not a setting");
		CommandFailedException e = assertThrows(CommandFailedException.class, c::run);
		assertTrue(e.getMessage().contains("steps"), e.getMessage());
	}

	@Test
	void aScriptsInputsAreKeptAndNothingIsLeftForADialog() {
		Module m = module(DenoiseCommand.class);
		DenoiseCommand c = (DenoiseCommand) m.getDelegateObject();
		c.method = "san2n";
		c.steps = 40;
		m.resolveInput("method");
		m.resolveInput("steps");
		assertTrue(SettingsPreprocessor.someSettingGiven(m, c));
		assertTrue(SettingsPreprocessor.fill(m, c, new Caller(false, null, true, false, true)));
		assertEquals("san2n", c.method);
		assertEquals(40, c.steps);
		assertEquals(Map.of("method", "san2n", "steps", "40"), c.given());
		assertAllResolved(m);
		assertFalse(SettingsPreprocessor.someSettingGiven(module(DenoiseCommand.class), c), "a fresh module has nothing given");
	}

	@Test
	void withoutAnOpenImageThereIsNoDialogAndTheRunSaysSo() {
		Module m = module(DenoiseCommand.class);
		DenoiseCommand c = (DenoiseCommand) m.getDelegateObject();
		assertTrue(SettingsPreprocessor.fill(m, c, new Caller(false, null, true, false, false)));
		assertAllResolved(m);
		CommandFailedException e = assertThrows(CommandFailedException.class, c::run);
		assertTrue(e.getMessage().contains("no image"), e.getMessage());
	}
}
