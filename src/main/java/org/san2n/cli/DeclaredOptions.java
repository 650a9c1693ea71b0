package org.san2n.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.san2n.job.Setting;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's options for the job settings, made from their one declaration ({@link org.san2n.job.Settings}):
 * {@code --key} with underscores as hyphens, the declared help and default. The command reads back only
 * what the user typed, so that the engine tells a left-out option from a given one.
 */
final class DeclaredOptions {

	/** The q-space pairing settings, for the commands that pair volumes without training (pairs, mask). */
	static final List<Setting> PAIRING = List.of(org.san2n.job.Settings.get("b0_threshold"), org.san2n.job.Settings.get("shell_tolerance"),
			org.san2n.job.Settings.get("max_angle"));

	private DeclaredOptions() {}

	static org.san2n.qspace.PairingOptions pairing(CommandSpec command) {
		Map<String, String> g = given(command, PAIRING);
		double[] v = new double[PAIRING.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = Double.parseDouble(PAIRING.get(i).check(g.get(PAIRING.get(i).key())));
		return new org.san2n.qspace.PairingOptions(v[0], v[1], v[2] == 0 ? Double.NaN : v[2]);
	}

	/** Adds an option for each setting that the command does not declare itself. */
	static void addTo(CommandSpec command, List<Setting> settings) {
		for (Setting s : settings) {
			if (command.findOption(s.option()) != null) continue;
			String label = switch (s.type()) {
			case CHOICE -> String.join("|", s.choices());
			case FILE, NEW_FILE, IMAGE -> "FILE";
			case INTEGER -> "N";
			case NUMBER -> "X";
			case TEXT -> "TEXT";
			case BOOLEAN -> "true|false";
			};
			String def = s.defaultValue().isEmpty() ? "" : " (default: " + s.defaultValue() + ")";
			command.addOption(OptionSpec.builder(s.option()).paramLabel(label).type(String.class).description((s.help() + def).replace("%", "%%")).build());
		}
	}

	/** Setting key → the text the user gave, for the declared options that were on the command line. */
	static Map<String, String> given(CommandSpec command, List<Setting> settings) {
		Map<String, String> given = new LinkedHashMap<>();
		var parsed = command.commandLine().getParseResult();
		for (Setting s : settings) {
			OptionSpec o = command.findOption(s.option());
			if (o != null && parsed.hasMatchedOption(o)) given.put(s.key(), String.valueOf((Object) o.getValue()));
		}
		return given;
	}
}
