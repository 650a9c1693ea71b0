package org.san2n.scijava;

import java.awt.GraphicsEnvironment;
import java.util.Map;

import org.san2n.imagej.MacroOptions;
import org.san2n.imagej.Recording;
import org.san2n.imagej.SettingsDialog;
import org.san2n.job.Setting;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.scijava.widget.InputHarvester;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * Fills SAN2N Train's and SAN2N Denoise's settings before SciJava's input harvester would list all of their
 * fields in one scrolling dialog (Fiji, where the SciJava command owns the menu item):
 * <ul>
 * <li>a person (a menu click, or a macro in the GUI outside batch mode that gave no options) gets SAN2N's own
 * dialog ({@link SettingsDialog}: the image it works on, the scan's files, the chosen method's few settings,
 * the rest behind Advanced…, a value that does not fit shown with its reason and what was entered kept);
 * Cancel cancels the command and records nothing;</li>
 * <li>a macro's options are read as ImageJ 1.x's SAN2N plugins read them ({@link MacroOptions#read}: a key
 * is matched whole, a key left out takes its default, a macro variable is replaced by its value);</li>
 * <li>anyone else (a batch-mode or headless macro without options, a script, Java code) runs with the inputs
 * given and every other setting at its default: never a dialog that waits for a click nobody will give.</li>
 * </ul>
 * Every input is then resolved, so the harvester shows nothing.
 */
@Plugin(type = PreprocessorPlugin.class, priority = SettingsPreprocessor.PRIORITY)
public final class SettingsPreprocessor extends AbstractPreprocessorPlugin {

	/**
	 * After the preprocessors that fill inputs (services, Fiji's macro options and active image, the
	 * initialiser, remembered values), just before SciJava's input harvester.
	 */
	static final double PRIORITY = InputHarvester.PRIORITY + 0.5;

	/** Where the settings of one run come from. */
	enum Source {
		/** the options of the macro's {@code run(…)} */
		MACRO_OPTIONS,
		/** SAN2N's dialog, for a person */
		DIALOG,
		/** the inputs the caller set, the rest at their defaults */
		AS_GIVEN
	}

	/** What decides {@link Source}: read from ImageJ when the command runs. */
	record Caller(boolean macro, String options, boolean screen, boolean batchMode, boolean someGiven) {

		static Caller now(boolean someGiven) {
			boolean screen = !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null;
			return new Caller(IJ.isMacro(), Macro.getOptions(), screen, Interpreter.isBatchMode(), someGiven);
		}

		Source source() {
			if (macro && options != null) return Source.MACRO_OPTIONS;
			if (screen && !batchMode && !someGiven) return Source.DIALOG;
			return Source.AS_GIVEN;
		}
	}

	@Override
	public void process(Module module) {
		if (!(module.getDelegateObject() instanceof SettingsCommand command)) return;
		if (!fill(module, command, Caller.now(someSettingGiven(module, command)))) cancel("cancelled");
	}

	/**
	 * Fills the command's settings from where {@code caller} says they come from, and resolves every input.
	 *
	 * @return false when the person cancelled the dialog (the command must not run; nothing is recorded)
	 */
	static boolean fill(Module module, SettingsCommand command, Caller caller) {
		switch (caller.source()) {
		case MACRO_OPTIONS -> command.take(MacroOptions.read(caller.options(), command.job()));
		case DIALOG -> {
			if (command.image() != null) { // else the run says that no image is open
				Map<String, String> given = new SettingsDialog(command.name(), command.image(), command.job(), command.output()).ask(g -> {
					command.check(g);
					return g;
				});
				if (given == null) {
					Recording.nothing(command.name());
					return false;
				}
				command.take(given);
			}
		}
		case AS_GIVEN -> {
			// the fields are the settings
		}
		}
		for (ModuleItem<?> input : module.getInfo().inputs())
			module.resolveInput(input.getName());
		return true;
	}

	/** True when the caller set one of the settings (or the output file) before this preprocessor ran. */
	static boolean someSettingGiven(Module module, SettingsCommand command) {
		for (Setting s : command.settings())
			if (module.isInputResolved(s.key())) return true;
		return command.output() != null && module.isInputResolved(command.output().key());
	}
}
