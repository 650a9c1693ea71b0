package org.san2n.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.san2n.qspace.AngularPairing;
import org.san2n.qspace.GradientTable;
import org.san2n.qspace.PairingOptions;
import org.san2n.qspace.QSpacePairing;
import org.san2n.qspace.Shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pairs", mixinStandardHelpOptions = true,
		description = "Print each volume's angular neighbour in q-space, the angle to it, and which volumes stay self-paired.")
final class PairsCommand implements Callable<Integer> {

	@Mixin
	GradientOptions gradients;

	@picocli.CommandLine.Spec
	picocli.CommandLine.Model.CommandSpec spec;

	@Option(names = "--json", description = "print one JSON object")
	boolean json;

	@Override
	public Integer call() throws Exception {
		GradientTable table = gradients.read();
		PairingOptions options = DeclaredOptions.pairing(spec);
		QSpacePairing p = AngularPairing.pair(table, options);
		List<Map<String, Object>> pairs = new ArrayList<>();
		for (int v = 0; v < table.size(); v++) {
			Map<String, Object> e = new LinkedHashMap<>();
			e.put("volume", v);
			e.put("partner", p.partnerOf(v));
			e.put("b", table.bval(v));
			e.put("angle", round(p.angleOf(v)));
			pairs.add(e);
		}
		List<Double> shells = new ArrayList<>();
		List<Map<String, Object>> shellInfo = new ArrayList<>();
		for (int s = 0; s < p.shells().size(); s++) {
			Shell shell = p.shells().get(s);
			shells.add(shell.bvalue());
			Map<String, Object> e = new LinkedHashMap<>();
			e.put("b", shell.bvalue());
			e.put("volumes", shell.size());
			e.put("b0", shell.b0());
			if (!shell.b0()) e.put("max_angle", round(p.shellMaxAngle()[s]));
			shellInfo.add(e);
		}
		if (json) {
			Map<String, Object> o = new LinkedHashMap<>();
			o.put("shells", shells);
			o.put("pairs", pairs);
			o.put("self_paired", p.selfPaired());
			o.put("threshold", options.adaptive() ? "adaptive" : "fixed");
			o.put("shell_details", shellInfo);
			System.out.println(Json.GSON.toJson(o));
			return 0;
		}
		for (int s = 0; s < p.shells().size(); s++) {
			Shell shell = p.shells().get(s);
			System.out.printf(Locale.ROOT, "shell b=%-6.0f %3d volume%s%s%n", shell.bvalue(), shell.size(), shell.size() == 1 ? "" : "s",
					shell.b0() ? " (b0: paired in acquisition order)"
							: String.format(Locale.ROOT, ", max angle %.1f° (%s)", p.shellMaxAngle()[s],
									options.adaptive() ? "adaptive" : "fixed"));
		}
		System.out.println();
		System.out.println("volume  partner       b    angle");
		for (int v = 0; v < table.size(); v++)
			System.out.printf(Locale.ROOT, "%6d  %7d  %6.0f  %6.2f%s%n", v, p.partnerOf(v), table.bval(v), p.angleOf(v),
					p.isSelfPaired(v) ? "  self-paired" : "");
		int[] self = p.selfPaired();
		System.out.printf(Locale.ROOT, "%n%d of %d volume%s self-paired%s%n", self.length, table.size(), table.size() == 1 ? "" : "s",
				self.length == 0 ? "" : ": their angular loss terms are dropped");
		return 0;
	}

	private static double round(double v) {
		return Math.round(v * 1e4) / 1e4;
	}
}
