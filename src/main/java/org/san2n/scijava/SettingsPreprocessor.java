package org.san2n.scijava;

import java.awt.GraphicsEnvironment;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.san2n.imagej.MacroOptions;
import org.san2n.imagej.Recording;
import org.san2n.imagej.SettingsDialog;
import org.san2n.job.Setting;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.thread.ThreadService;
import org.scijava.widget.InputHarvester;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * Fills SAN2N Train's and SAN2N Denoise's settings ({@link ScanCommand}) before SciJava's input harvester would
 * list all of their fields in one scrolling dialog (Fiji, where the SciJava command owns the menu item):
 * <ul>
 * <li>a macro's options are read as ImageJ 1.x's SAN2N plugins read them ({@link MacroOptions#read}: a key
 * is matched whole, a key left out takes its default, a macro variable is replaced by its value);</li>
 * <li>a person (a menu click, a macro in the GUI outside batch mode that gave no options, or a script in the
 * GUI that set none of the settings) gets SAN2N's own dialog ({@link SettingsDialog}: the image it works on,
 * the scan's files, the chosen method's few settings, the rest behind Advanced…, a value that does not fit
 * shown with its reason and what was entered kept); Cancel cancels the command and records nothing;</li>
 * <li>anyone else (a batch-mode or headless macro without options, a script or Java code that set some of the
 * settings, no screen) runs with the inputs set and every other setting at its default: never a dialog that
 * waits for a click nobody will give.</li>
 * </ul>
 * Every input is then resolved, so the harvester shows nothing. Options that cannot be read (an undefined
 * macro variable, an unclosed bracket) are kept for the run to refuse, which reports them, records nothing
 * and stops the macro, as every failure of the command does.
 */
@Plugin(type = PreprocessorPlugin.class, priority = SettingsPreprocessor.PRIORITY)
public final class SettingsPreprocessor extends AbstractPreprocessorPlugin {

	/**
	 * After the preprocessors that fill inputs (services, Fiji's macro options and active image, the
	 * initialiser, remembered values), just before SciJava's input harvester.
	 */
	static final double PRIORITY = InputHarvester.PRIORITY + 0.5;

	/** Which thread started which (to tell a macro's run(…) from a menu click while a macro runs elsewhere). */
	@Parameter(required = false)
	private ThreadService threads;

	/** Where the settings of one run come from. */
	enum Source {
		/** the options of the macro's {@code run(…)} */
		MACRO_OPTIONS,
		/** SAN2N's dialog, for a person */
		DIALOG,
		/** the inputs the caller set, the rest at their defaults */
		AS_GIVEN
	}

	/**
	 * What decides {@link Source}, read from ImageJ when the command runs.
	 *
	 * @param macro     a macro called the command (ImageJ says a macro runs, and this thread descends from the
	 *                  macro's, or there is no screen, so no menu to click)
	 * @param options   the macro's options for this call (null when it gave none)
	 * @param screen    ImageJ's windows are showing
	 * @param batchMode the macro runs in batch mode
	 * @param someGiven the caller set one of the settings before this preprocessor
	 */
	record Caller(boolean macro, String options, boolean screen, boolean batchMode, boolean someGiven) {

		Source source() {
			if (macro && options != null) return Source.MACRO_OPTIONS;
			if (screen && !(macro && batchMode) && !someGiven) return Source.DIALOG;
			return Source.AS_GIVEN;
		}
	}

	@Override
	public void process(Module module) {
		if (!(module.getDelegateObject() instanceof ScanCommand command)) return;
		boolean screen = !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null;
		boolean macro = IJ.isMacro() && (!screen || MacroOptions.onMacroThread(t -> threads == null ? null : threads.getParent(t)));
		Caller caller = new Caller(macro, macro ? Macro.getOptions() : null, screen, Interpreter.isBatchMode(), someSettingGiven(module, command));
		// null: as SciJava's own harvester cancels, without a reason that Fiji would show as a warning
		if (!fill(module, command, caller)) cancel(null);
	}

	/**
	 * Fills the command's settings from where {@code caller} says they come from, and resolves every input.
	 *
	 * @return false when the person cancelled the dialog (the command must not run; nothing is recorded)
	 */
	static boolean fill(Module module, ScanCommand command, Caller caller) {
		try {
			switch (caller.source()) {
			case MACRO_OPTIONS -> command.take(settingsOnly(module, command, MacroOptions.read(caller.options(), command.job())));
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
		} catch (RuntimeException e) {
			command.refuse(e);
		}
		for (ModuleItem<?> input : module.getInfo().inputs())
			module.resolveInput(input.getName());
		return true;
	}

	/**
	 * The macro's options without the command's other inputs (Fiji fills {@code image=title} itself); unknown
	 * keys stay, for the run to refuse with the nearest setting.
	 */
	static Map<String, String> settingsOnly(Module module, ScanCommand command, Map<String, String> options) {
		Set<String> otherInputs = new HashSet<>();
		for (ModuleItem<?> input : module.getInfo().inputs())
			otherInputs.add(input.getName());
		for (Setting s : command.settings())
			otherInputs.remove(s.key());
		if (command.output() != null) otherInputs.remove(command.output().key());
		options.keySet().removeAll(otherInputs);
		return options;
	}

	/** True when the caller set one of the settings (or the output file) before this preprocessor ran. */
	static boolean someSettingGiven(Module module, ScanCommand command) {
		for (Setting s : command.settings())
			if (module.isInputResolved(s.key())) return true;
		return command.output() != null && module.isInputResolved(command.output().key());
	}
}
