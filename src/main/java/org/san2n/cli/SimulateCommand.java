package org.san2n.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.san2n.mask.BrainMask;
import org.san2n.nifti.NiftiWriter;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.qspace.FslGradientWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
		description = "Write a brain-like DWI phantom with its clean signal: dwi.nii.gz, clean.nii.gz, mask.nii.gz, bvals, bvecs.")
final class SimulateCommand implements Callable<Integer> {

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
	Path out;

	@Option(names = "--snr", description = "white-matter b0 signal over noise σ (default: ${DEFAULT-VALUE})")
	double snr = PhantomSpec.DEFAULT.snr();

	@Option(names = "--size", arity = "3", paramLabel = "N", description = "X Y Z voxels (default: 64 64 32)")
	int[] size = PhantomSpec.DEFAULT.size();

	@Option(names = "--shells", split = ",", paramLabel = "B", description = "b-values of the shells (default: 1000,2000)")
	double[] shells = PhantomSpec.DEFAULT.shells();

	@Option(names = "--directions", description = "directions per shell (default: ${DEFAULT-VALUE})")
	int directions = PhantomSpec.DEFAULT.directions();

	@Option(names = "--b0", description = "number of b0 volumes (default: ${DEFAULT-VALUE})")
	int b0 = PhantomSpec.DEFAULT.b0s();

	@Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})")
	long seed = PhantomSpec.DEFAULT.seed();

	@Override
	public Integer call() throws Exception {
		PhantomSpec spec = new PhantomSpec(size, shells, directions, b0, snr, seed);
		org.san2n.io.OutputFiles.checkFolder("--out", out);
		BrainPhantom.Phantom p = BrainPhantom.simulate(spec);
		NiftiWriter.write(out.resolve("dwi.nii.gz"), p.noisy().geometry(), p.noisy().image());
		NiftiWriter.write(out.resolve("clean.nii.gz"), p.clean().geometry(), p.clean().image());
		BrainMask mask = p.mask();
		NiftiWriter.write(out.resolve("mask.nii.gz"), p.noisy().geometry(), mask.asFloat());
		FslGradientWriter.write(p.noisy().gradients(), out.resolve("bvals"), out.resolve("bvecs"));
		System.out.printf(Locale.ROOT, "wrote %s: %d×%d×%d voxels, %d volumes, SNR %.1f (σ = %.2f), %d brain voxels%n", out,
				size[0], size[1], size[2], spec.volumes(), snr, p.sigma(), mask.count());
		return 0;
	}
}
