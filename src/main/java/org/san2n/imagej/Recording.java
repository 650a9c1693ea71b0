package org.san2n.imagej;

import java.util.Map;

import ij.IJ;
import ij.plugin.frame.Recorder;

/**
 * What ImageJ's macro recorder writes for SAN2N Train and SAN2N Denoise.
 * <p>
 * ImageJ records a command in two halves: before running it, its Executer calls
 * {@code Recorder.setCommand(name)}; after it returns, {@code Recorder.saveCommand()} writes
 * {@code run(name, options)} with whatever options were collected meanwhile. GenericDialog collects each
 * field read through its {@code getNext…} methods (SettingsDialog reads its fields itself, so none), and a
 * cancelled dialog still leaves {@code run(name);}. So after a
 * run that worked the options are set to {@link MacroOptions#toRecord}'s, and after a cancelled or
 * failed one the command is dropped.
 */
public final class Recording {

	private Recording() {}

	/** Sets the options {@code run(command, …)} will be recorded with; nothing when the recorder is not recording this command. */
	public static void record(String command, Map<String, String> options) {
		if (!command.equals(Recorder.getCommand())) return; // recorder closed, or a macro's run(…) it does not record
		writeOptions(options);
	}

	/**
	 * After a run that worked: the options {@code run(command, …)} is recorded with. When ImageJ's command runner
	 * started this command (a menu click: it set the recorder's command and writes the line when the command
	 * returns), only the options; when nothing started a line but the recorder is open (Fiji's search bar runs
	 * a command without ImageJ 1.x's command runner), the whole line. Nothing inside a macro.
	 */
	public static void recordRun(String command, Map<String, String> options) {
		if (command.equals(Recorder.getCommand())) {
			writeOptions(options);
		} else if (Recorder.getCommand() == null && Recorder.record && !IJ.isMacro()) {
			Recorder.setCommand(command);
			if (!command.equals(Recorder.getCommand())) return; // the recorder declined (e.g. a macro's thread)
			writeOptions(options);
			Recorder.saveCommand();
		}
	}

	/** Replaces the options collected so far (if any dialog collected some) with these. */
	public static void writeOptions(Map<String, String> options) {
		Recorder.resetCommandOptions();
		// fixString: the options end up inside a "…" literal of the macro, where \ and " need escaping.
		options.forEach((key, value) -> Recorder.recordOption(key, Recorder.fixString(value)));
	}

	/** A cancelled or failed run: the recorder writes nothing for it. */
	public static void nothing(String command) {
		if (command.equals(Recorder.getCommand())) Recorder.disableCommandRecording();
	}
}
