package org.san2n.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.san2n.mask.BrainMask;
import org.san2n.metrics.QualityMetrics;
import org.san2n.nifti.NiftiFormatException;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
		description = "Score a denoised scan against the clean signal inside a mask: PSNR, SSIM and RMSE.")
final class EvaluateCommand implements Callable<Integer> {

	@Option(names = "--clean", required = true, paramLabel = "FILE", description = "the clean reference")
	Path clean;

	@Option(names = "--denoised", required = true, paramLabel = "FILE", description = "the scan to score")
	Path denoised;

	@Option(names = "--mask", required = true, paramLabel = "FILE", description = "3D brain mask")
	Path mask;

	@Option(names = "--json", description = "print one JSON object")
	boolean json;

	@Override
	public Integer call() throws Exception {
		NiftiImage c = NiftiReader.read(clean), d = NiftiReader.read(denoised);
		if (!Arrays.equals(c.shape(), d.shape()))
			throw new NiftiFormatException(denoised, "shape " + Arrays.toString(d.shape()) + " differs from the clean scan's "
					+ Arrays.toString(c.shape()));
		long[] shape = c.shape();
		BrainMask m = BrainMask.read(mask, Arrays.copyOf(shape, 3));
		QualityMetrics.Scores s = QualityMetrics.score(c.voxels(), d.voxels(), shape, m);
		if (json) {
			Map<String, Object> o = new LinkedHashMap<>();
			o.put("psnr", s.psnr());
			o.put("ssim", s.ssim());
			o.put("rmse", s.rmse());
			o.put("data_range", s.dataRange());
			o.put("mask_voxels", m.count());
			System.out.println(Json.GSON.toJson(o));
		} else {
			System.out.printf(Locale.ROOT, "PSNR %.2f dB   SSIM %.4f   RMSE %.3f   (data range %.1f, %d mask voxels)%n",
					s.psnr(), s.ssim(), s.rmse(), s.dataRange(), m.count());
		}
		// A score that is not a number means voxels that are not numbers: a pipeline must not take it as a result.
		if (Double.isNaN(s.psnr()) || Double.isNaN(s.ssim()) || Double.isNaN(s.rmse())) {
			System.err.println("san2n evaluate: error: the scores are not numbers: " + denoised + " or " + clean
					+ " has NaN or infinite voxels inside the mask");
			return 1;
		}
		return 0;
	}
}
