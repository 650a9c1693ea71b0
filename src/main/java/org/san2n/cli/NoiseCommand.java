package org.san2n.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.san2n.dwi.DwiScan;
import org.san2n.noise.NoiseEstimator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "noise", mixinStandardHelpOptions = true,
		description = "Estimate the noise level σ of each volume (as DIPY's estimate_sigma).")
final class NoiseCommand implements Callable<Integer> {

	@Mixin
	ScanOptions scan;

	@Option(names = "--coils", description = "receiver coils N for the magnitude-bias correction; 0: none (default: ${DEFAULT-VALUE})")
	int coils = 0;

	@Option(names = "--json", description = "print one JSON object")
	boolean json;

	@Override
	public Integer call() throws Exception {
		NoiseEstimator.coilFactor(coils); // refuse a bad count before reading the scan
		DwiScan dwi;
		try (TerminalProgress progress = new TerminalProgress(System.err)) {
			dwi = scan.load(progress);
		}
		double[] sigma = NoiseEstimator.estimate(dwi, coils);
		if (json) {
			Map<String, Object> o = new LinkedHashMap<>();
			o.put("coils", coils);
			o.put("sigma", sigma);
			System.out.println(Json.GSON.toJson(o));
			return 0;
		}
		System.out.println("volume       b    sigma");
		for (int v = 0; v < sigma.length; v++)
			System.out.printf(Locale.ROOT, "%6d  %6.0f  %7.3f%n", v, dwi.gradients().bval(v), sigma[v]);
		return 0;
	}
}
