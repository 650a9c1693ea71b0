package org.san2n.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.san2n.denoise.Denoised;
import org.san2n.denoise.Denoising;
import org.san2n.dwi.DwiScan;
import org.san2n.io.DistinctPaths;
import org.san2n.io.OutputFiles;
import org.san2n.mask.BrainMask;
import org.san2n.mask.MedianOtsu;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.nifti.NiftiWriter;
import org.san2n.noise.NoiseEstimator;
import org.san2n.qspace.AngularPairing;

import net.imglib2.img.array.ArrayImgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code noise}: the scan's noise level. By default MP-PCA's σ per voxel (the window centred on each voxel, as
 * {@code denoise --noise-map} writes it, on every other voxel in-plane where neighbouring voxels' noise is
 * correlated) with its median and quartiles in the brain; {@code --estimator dipy}: one σ per volume, as DIPY's
 * {@code estimate_sigma} (the pseudo-residual estimator of the previous versions, {@link NoiseEstimator}).
 */
@Command(name = "noise", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Estimate the noise level σ: MP-PCA's σ per voxel (default; a map with --out and its median and quartiles in the brain), "
				+ "or one σ per volume as DIPY's estimate_sigma (--estimator dipy)." })
final class NoiseCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Mixin
	ScanOptions scan;

	@Option(names = "--estimator", paramLabel = "mppca|dipy",
			description = "mppca: MP-PCA's σ per voxel (default); dipy: one σ per volume, the root mean square of the pseudo-residual (each voxel less the mean of its six neighbours) over the volume, as DIPY's estimate_sigma")
	String estimator = "mppca";

	@Option(names = "--mask", paramLabel = "FILE", description = "brain mask for the summary (mppca); default: median_otsu on the b0s")
	Path mask;

	@Option(names = "--out", paramLabel = "FILE", description = "write MP-PCA's σ map here (3D float32 NIfTI, the input's grid and units)")
	Path out;

	@Option(names = "--coils", description = "receiver coils N for the magnitude-bias correction of --estimator dipy; 0: none (default: ${DEFAULT-VALUE})")
	int coils = 0;

	@Option(names = "--json", description = "print one JSON object")
	boolean json;

	@Override
	public Integer call() throws Exception {
		boolean dipy = switch (estimator.toLowerCase(Locale.ROOT)) {
		case "mppca" -> false;
		case "dipy" -> true;
		default -> throw new IllegalArgumentException("--estimator must be mppca or dipy, got '" + estimator + "'");
		};
		if (dipy && (out != null || mask != null))
			throw new IllegalArgumentException((out != null ? "--out" : "--mask") + " is for MP-PCA's σ map: --estimator dipy gives one σ per volume");
		if (!dipy && coils != 0)
			throw new IllegalArgumentException("--coils is for --estimator dipy (MP-PCA's σ is that of the magnitude data as they are)");
		NoiseEstimator.coilFactor(coils); // refuse a bad count before reading the scan
		if (out != null) {
			Map<String, Path> more = new LinkedHashMap<>();
			more.put("--mask", mask);
			DistinctPaths.require(Map.of("--out", out), scan.inputs(more));
			NiftiWriter.checkName(out);
			OutputFiles.checkWritable("--out", out);
		}
		DwiScan dwi;
		Denoising.NoiseMap map = null;
		BrainMask brain = null;
		try (TerminalProgress progress = new TerminalProgress(System.err)) {
			dwi = scan.load(progress);
			if (!dipy) {
				org.san2n.denoise.MinimumScan.require(dwi.voxels().shape(), scan.dwi.toString());
				brain = mask != null ? BrainMask.read(mask, dwi.spatialShape())
						: MedianOtsu.compute(dwi, AngularPairing.pair(dwi.gradients(), org.san2n.qspace.PairingOptions.DEFAULTS),
								MedianOtsu.DEFAULT_RADIUS, MedianOtsu.DEFAULT_PASSES, progress);
				map = Denoising.noiseMap(dwi, brain, MpPcaOptions.DEFAULTS, progress);
			}
		}
		if (dipy) return perVolume(dwi);
		var image = ArrayImgs.floats(map.sigma(), dwi.spatialShape());
		Denoised.requireFinite("--out " + out, image, dwi.spatialShape());
		if (out != null) NiftiWriter.write(out, scan.header(), image);
		double[] q = quartiles(map.sigma(), brain);
		if (json) {
			Map<String, Object> o = new LinkedHashMap<>();
			o.put("estimator", "mppca");
			o.put("median", q[1]);
			o.put("quartiles", new double[] { q[0], q[2] });
			o.put("mask_voxels", (long) q[3]);
			o.put("correlated", map.correlated());
			if (out != null) o.put("out", out.toString());
			System.out.println(Json.GSON.toJson(o));
			return 0;
		}
		System.out.printf(Locale.ROOT, "MP-PCA σ in the brain (%d voxels): median %.4g, quartiles %.4g–%.4g%s%n", (long) q[3], q[1], q[0], q[2],
				map.correlated() ? " (noise correlated between neighbouring voxels: measured on every other voxel in-plane)" : "");
		System.out.println("one σ for all volumes per voxel (MP-PCA's model); --estimator dipy gives one σ per volume");
		if (out != null) System.out.println("wrote " + out);
		return 0;
	}

	/** 25th, 50th and 75th percentile of the map over the mask's voxels where it is > 0, and their count. */
	static double[] quartiles(float[] map, BrainMask mask) {
		float[] v = new float[map.length];
		int n = 0;
		for (int i = 0; i < map.length; i++)
			if (mask.contains(i) && map[i] > 0) v[n++] = map[i];
		if (n == 0) throw new IllegalArgumentException("the brain mask holds no voxel with a σ: give a mask of the brain (--mask)");
		Arrays.sort(v, 0, n);
		return new double[] { v[(n - 1) / 4], n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + (double) v[n / 2]) / 2, v[3 * (n - 1) / 4], n };
	}

	private int perVolume(DwiScan dwi) {
		double[] sigma = NoiseEstimator.estimate(dwi, coils);
		if (json) {
			Map<String, Object> o = new LinkedHashMap<>();
			o.put("estimator", "dipy");
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
