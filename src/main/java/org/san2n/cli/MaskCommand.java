package org.san2n.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.mask.MedianOtsu;
import org.san2n.nifti.NiftiWriter;
import org.san2n.qspace.AngularPairing;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "mask", mixinStandardHelpOptions = true,
		description = "Compute a brain mask from the mean b0 (median filter + Otsu, as DIPY's median_otsu).")
final class MaskCommand implements Callable<Integer> {

	@Mixin
	ScanOptions scan;

	@picocli.CommandLine.Spec
	picocli.CommandLine.Model.CommandSpec spec;

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "mask to write (.nii or .nii.gz)")
	Path out;

	@Option(names = "--radius", description = "median filter radius in voxels (default: ${DEFAULT-VALUE})")
	int radius = MedianOtsu.DEFAULT_RADIUS;

	@Option(names = "--passes", description = "median filter passes (default: ${DEFAULT-VALUE})")
	int passes = MedianOtsu.DEFAULT_PASSES;

	@Override
	public Integer call() throws Exception {
		org.san2n.io.DistinctPaths.require(Map.of("--out", out), scan.inputs(Map.of()));
		MedianOtsu.checkFilter(radius, passes);
		NiftiWriter.checkName(out);
		org.san2n.io.OutputFiles.checkWritable("--out", out);
		BrainMask mask;
		DwiScan dwi;
		try (TerminalProgress progress = new TerminalProgress(System.err)) {
			dwi = scan.load(progress);
			mask = MedianOtsu.compute(dwi, AngularPairing.pair(dwi.gradients(), DeclaredOptions.pairing(spec)), radius, passes, progress);
		}
		NiftiWriter.write(out, scan.header(), mask.asFloat());
		System.out.printf(Locale.ROOT, "wrote %s: %d of %d voxels inside%n", out, mask.count(), dwi.volumeSize());
		return 0;
	}
}
