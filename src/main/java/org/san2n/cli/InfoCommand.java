package org.san2n.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Print a NIfTI file's header summary and value range.")
final class InfoCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "FILE", description = "a NIfTI-1 or NIfTI-2 file (.nii, .nii.gz, .hdr)")
	Path file;

	@Option(names = "--json", description = "print one JSON object")
	boolean json;

	@Override
	public Integer call() throws Exception {
		NiftiImage img;
		try (TerminalProgress progress = new TerminalProgress(System.err)) {
			img = NiftiReader.read(file, progress);
		}
		NiftiHeader h = img.header();
		NiftiImage.Statistics s = img.statistics();
		Map<String, Object> o = new LinkedHashMap<>();
		o.put("file", file.toString());
		o.put("nifti_version", h.version());
		o.put("shape", h.dims());
		o.put("datatype", h.dataType().label());
		o.put("pixdim", h.voxelSizes());
		o.put("affine", h.affine());
		o.put("qform_code", h.qformCode());
		o.put("sform_code", h.sformCode());
		o.put("scl_slope", h.effectiveSlope());
		o.put("scl_inter", h.effectiveIntercept());
		o.put("min", s.min());
		o.put("max", s.max());
		o.put("mean", s.mean());
		if (json) {
			System.out.println(Json.GSON.toJson(o));
			return 0;
		}
		System.out.printf(Locale.ROOT, "file       %s (NIfTI-%d, %s)%n", file, h.version(),
				h.byteOrder().toString().toLowerCase(Locale.ROOT).replace("_", "-"));
		System.out.printf(Locale.ROOT, "shape      %s%n", Arrays.toString(h.dims()));
		System.out.printf(Locale.ROOT, "datatype   %s%n", h.dataType().label());
		System.out.printf(Locale.ROOT, "pixdim     %s%n", Arrays.toString(h.voxelSizes()));
		System.out.printf(Locale.ROOT, "scaling    slope %g, intercept %g%n", h.effectiveSlope(), h.effectiveIntercept());
		System.out.printf(Locale.ROOT, "affine     (%s, qform_code %d, sform_code %d)%n",
				h.sformCode() > 0 ? "sform" : h.qformCode() > 0 ? "qform" : "pixdim only", h.qformCode(), h.sformCode());
		for (double[] row : h.affine())
			System.out.printf(Locale.ROOT, "           %10.4f %10.4f %10.4f %10.4f%n", row[0], row[1], row[2], row[3]);
		System.out.printf(Locale.ROOT, "values     min %g, max %g, mean %g%n", s.min(), s.max(), s.mean());
		return 0;
	}
}
