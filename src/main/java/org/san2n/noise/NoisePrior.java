package org.san2n.noise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.san2n.nifti.NiftiFormatException;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;

/**
 * A noise level measured elsewhere, for MP-PCA's rank ({@code --noise-map-in}): one number (σ everywhere), or a
 * σ map as NIfTI on the scan's voxel grid (width × height × depth, or × 1), in the scan's units (the values as
 * read, scale factors applied): a noise scan's, a previous run's {@code --noise-map}, MRtrix3's
 * {@code dwidenoise -noise}. A voxel where the map is 0 has no prior: MP-PCA estimates σ there itself.
 */
public final class NoisePrior {

	private NoisePrior() {}

	/**
	 * What can be checked before the scan is read: a number that is finite and > 0, or a file that exists and has
	 * a NIfTI header of one volume.
	 *
	 * @throws IllegalArgumentException naming the value, when it is neither
	 * @throws IOException              naming the file, when its header cannot be read
	 */
	public static void check(String spec) throws IOException {
		if (number(spec) != null) return;
		Path file = org.san2n.io.UndecodableNames.resolve(spec);
		if (!Files.isRegularFile(file))
			throw new IllegalArgumentException("noise_map_in '" + spec + "' is neither a number nor a file (a σ map as NIfTI, or one σ)");
		NiftiHeader h = NiftiReader.readHeader(file);
		long[] d = h.dims();
		if (d.length > 4 || d.length == 4 && d[3] != 1)
			throw new NiftiFormatException(file, "a σ map has one volume, this file has the shape " + Arrays.toString(d)
					+ " (give the σ map, not a scan)");
	}

	/**
	 * σ per voxel of a scan of {@code spatialShape}: the number in every voxel, or the map read from the file.
	 *
	 * @return width × height × depth floats, x fastest, each finite and ≥ 0
	 * @throws IllegalArgumentException for a number that is not finite and > 0
	 * @throws NiftiFormatException     for a map of another shape, or with a value that is negative, NaN or infinite
	 *                                  (how many, and the first one's voxel)
	 */
	public static float[] read(String spec, long[] spatialShape) throws IOException {
		Double sigma = number(spec);
		int n = Math.toIntExact(spatialShape[0] * spatialShape[1] * spatialShape[2]);
		if (sigma != null) {
			float[] map = new float[n];
			Arrays.fill(map, sigma.floatValue());
			return map;
		}
		Path file = org.san2n.io.UndecodableNames.resolve(spec);
		check(spec);
		NiftiImage img = NiftiReader.read(file);
		long[] s = img.shape();
		long[] spatial = s.length == 4 ? Arrays.copyOf(s, 3) : s;
		if (!Arrays.equals(spatial, spatialShape))
			throw new NiftiFormatException(file, "the σ map's shape " + Arrays.toString(s) + " differs from the scan's " + Arrays.toString(spatialShape));
		float[] map = img.voxels();
		int bad = 0, first = -1;
		for (int i = 0; i < map.length; i++)
			if (!(map[i] >= 0) || Float.isInfinite(map[i])) {
				if (bad++ == 0) first = i;
			}
		if (bad > 0) {
			long x = first % spatialShape[0], y = first / spatialShape[0] % spatialShape[1], z = first / (spatialShape[0] * spatialShape[1]);
			throw new NiftiFormatException(file, bad + " voxel" + (bad == 1 ? " of the σ map is" : "s of the σ map are")
					+ " negative, NaN or infinite (the first at x=" + x + ", y=" + y + ", z=" + z + ": " + map[first]
					+ "); a σ map holds σ ≥ 0, and 0 where it has none");
		}
		if (Arrays.stream(spatialShape).reduce(1, (a, b) -> a * b) > 0 && !hasPositive(map))
			throw new NiftiFormatException(file, "the σ map is 0 everywhere");
		return map;
	}

	private static boolean hasPositive(float[] map) {
		for (float v : map)
			if (v > 0) return true;
		return false;
	}

	/** The file {@code spec} names, or null when it is a number. */
	public static Path file(String spec) {
		return number(spec) != null ? null : org.san2n.io.UndecodableNames.resolve(spec);
	}

	/** The number {@code spec} gives, or null when it is not written as one; refused when not finite and > 0. */
	static Double number(String spec) {
		String t = spec == null ? "" : spec.trim();
		if (!t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|(?i)[-+]?(nan|inf|infinity)")) return null;
		double d = Double.parseDouble(t.replaceAll("(?i)^([-+]?)inf$", "$1Infinity").replaceAll("(?i)nan", "NaN").replaceAll("(?i)infinity", "Infinity"));
		if (!(d > 0) || Double.isInfinite(d)) throw new IllegalArgumentException("noise_map_in must be a σ > 0 (or a σ map file), got " + spec);
		return d;
	}
}
