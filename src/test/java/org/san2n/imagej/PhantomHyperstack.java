package org.san2n.imagej;

import java.io.IOException;
import java.nio.file.Path;

import org.san2n.cli.San2nCli;
import org.san2n.progress.Progress;

import ij.ImagePlus;

/** A small brain phantom (24×24×16, 18 volumes, SNR 10) written to a folder and opened as a hyperstack. */
public final class PhantomHyperstack {

	private PhantomHyperstack() {}

	/** Writes dwi.nii.gz, mask.nii.gz, bvals, bvecs, clean.nii.gz into {@code dir}; opens dwi.nii.gz with its gradients. */
	public static ImagePlus open(Path dir) throws IOException {
		int code = San2nCli.run("simulate", "--out", dir.toString(), "--size", "24", "24", "16", "--directions", "8", "--b0", "2",
				"--snr", "10");
		if (code != 0) throw new IllegalStateException("san2n simulate failed: " + code);
		return NiftiHyperstacks.open(dir.resolve("dwi.nii.gz"), Progress.NONE, w -> {});
	}
}
