package org.san2n.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.san2n.figure.SliceFigure;
import org.san2n.mask.BrainMask;
import org.san2n.metrics.QualityMetrics;
import org.san2n.nifti.NiftiFormatException;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "figure", mixinStandardHelpOptions = true,
		description = "Write a PNG of one axial slice: noisy | denoised | clean | residual (noisy − denoised), with PSNR when a clean scan and mask are given.")
final class FigureCommand implements Callable<Integer> {

	@Option(names = "--noisy", required = true, paramLabel = "FILE", description = "the input scan")
	Path noisy;

	@Option(names = "--denoised", required = true, paramLabel = "FILE", description = "the denoised scan")
	Path denoised;

	@Option(names = "--clean", paramLabel = "FILE", description = "the clean reference, if there is one")
	Path clean;

	@Option(names = "--mask", paramLabel = "FILE", description = "3D brain mask for the PSNR in the titles")
	Path mask;

	@Option(names = "--volume", description = "volume to show (default: the middle one)")
	Integer volume;

	@Option(names = "--slice", description = "axial slice to show (default: the middle one)")
	Integer slice;

	@Option(names = "--label", paramLabel = "NAME", description = "what made the denoised scan, for the titles (default: ${DEFAULT-VALUE})")
	String label = "denoised";

	@Option(names = "--zoom", description = "pixels per voxel (default: ${DEFAULT-VALUE})")
	int zoom = 4;

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "PNG to write")
	Path out;

	@Override
	public Integer call() throws Exception {
		if (zoom < 1 || zoom > 32) throw new IllegalArgumentException("--zoom must be 1–32, got " + zoom);
		Map<String, Path> inputs = new LinkedHashMap<>();
		inputs.put("--noisy", noisy);
		inputs.put("--denoised", denoised);
		inputs.put("--clean", clean);
		inputs.put("--mask", mask);
		org.san2n.io.DistinctPaths.require(Map.of("--out", out), inputs);
		org.san2n.io.OutputFiles.checkWritable("--out", out);
		NiftiImage n = NiftiReader.read(noisy), d = NiftiReader.read(denoised);
		long[] shape = n.shape();
		if (shape.length != 4) throw new NiftiFormatException(noisy, "expected a 4D scan, got " + shape.length + "D");
		same(shape, d, denoised);
		NiftiImage c = clean == null ? null : NiftiReader.read(clean);
		if (c != null) same(shape, c, clean);
		int v = volume == null ? (int) shape[3] / 2 : volume, z = slice == null ? (int) shape[2] / 2 : slice;
		if (v < 0 || v >= shape[3]) throw new IllegalArgumentException("--volume must be 0–" + (shape[3] - 1) + ", got " + v);
		if (z < 0 || z >= shape[2]) throw new IllegalArgumentException("--slice must be 0–" + (shape[2] - 1) + ", got " + z);
		int w = (int) shape[0], h = (int) shape[1];
		float[] ns = SliceFigure.slice(n.voxels(), shape, z, v), ds = SliceFigure.slice(d.voxels(), shape, z, v);
		float[] reference = c == null ? ns : SliceFigure.slice(c.voxels(), shape, z, v);
		double high = SliceFigure.percentile(reference, 0.995);
		String psnrNoisy = "", psnrDenoised = "";
		if (c != null && mask != null) {
			BrainMask m = BrainMask.read(mask, Arrays.copyOf(shape, 3));
			psnrNoisy = String.format(Locale.ROOT, " %.1f dB", QualityMetrics.score(c.voxels(), n.voxels(), shape, m).psnr());
			psnrDenoised = String.format(Locale.ROOT, " %.1f dB", QualityMetrics.score(c.voxels(), d.voxels(), shape, m).psnr());
		}
		float[] residual = new float[ns.length];
		float[] absolute = new float[ns.length];
		for (int i = 0; i < ns.length; i++) {
			residual[i] = ns[i] - ds[i];
			absolute[i] = Math.abs(residual[i]);
		}
		double r = Math.max(1e-6, SliceFigure.percentile(absolute, 0.99));
		List<SliceFigure.Panel> panels = new ArrayList<>();
		panels.add(new SliceFigure.Panel("noisy" + psnrNoisy, ns, w, h, 0, high));
		panels.add(new SliceFigure.Panel(label + psnrDenoised, ds, w, h, 0, high));
		if (c != null) panels.add(new SliceFigure.Panel("clean", reference, w, h, 0, high));
		panels.add(new SliceFigure.Panel("residual (noisy − " + label + ")", residual, w, h, -r, r));
		SliceFigure.write(SliceFigure.render(panels, zoom), out);
		System.out.printf(Locale.ROOT, "wrote %s: volume %d, axial slice %d: %s%n", out, v, z,
				String.join(" | ", panels.stream().map(SliceFigure.Panel::title).toList()));
		return 0;
	}

	private static void same(long[] shape, NiftiImage other, Path file) throws NiftiFormatException {
		if (!Arrays.equals(shape, other.shape()))
			throw new NiftiFormatException(file, "shape " + Arrays.toString(other.shape()) + " differs from the noisy scan's "
					+ Arrays.toString(shape));
	}
}
