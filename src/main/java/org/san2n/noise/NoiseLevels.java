package org.san2n.noise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiReader;

/** A user-given noise level: one number for all volumes, or one per volume (inline or in a text file). */
public final class NoiseLevels {

	private NoiseLevels() {}

	/**
	 * @param spec    "12.5", "10,11,12,…" or the path of a file of numbers (spaces, commas or lines)
	 * @param volumes the scan's number of volumes; 0 to check the syntax (and the file) only, before a scan is read
	 */
	public static double[] parse(String spec, int volumes) throws IOException {
		String text = spec;
		String source = "--sigma";
		Path file = org.san2n.io.UndecodableNames.resolve(spec);
		if (!looksNumeric(spec)) {
			if (Files.isDirectory(file)) throw new IllegalArgumentException("--sigma " + spec + ": a folder, not a file of noise levels");
			if (!Files.isRegularFile(file))
				throw new IllegalArgumentException("--sigma " + spec + ": no such file (give one σ, one per volume separated by commas, "
						+ "or a file of them)");
			String image = niftiImage(file);
			if (image != null)
				throw new IllegalArgumentException("--sigma " + spec + ": a NIfTI image (" + image + "), as 'dwidenoise -noise' writes, "
						+ "but --sigma takes numbers: " + TAKES + "; for a noise map, give its median inside the brain as one σ");
			try {
				text = Files.readString(file);
			} catch (java.nio.charset.CharacterCodingException e) {
				throw new IllegalArgumentException("--sigma " + spec + ": not a text file (not UTF-8); --sigma takes " + TAKES);
			}
			if (text.startsWith("\uFEFF")) text = text.substring(1);
			source = file.toString();
		}
		String[] tokens = text.strip().split("[\\s,]+");
		double[] values = new double[tokens.length];
		for (int i = 0; i < tokens.length; i++) {
			try {
				values[i] = Double.parseDouble(tokens[i]);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException(source + ": '" + tokens[i] + "' is not a number (give one σ, one per "
						+ "volume separated by commas, or a file of them)");
			}
			if (!(values[i] > 0) || !Double.isFinite(values[i]))
				throw new IllegalArgumentException(source + ": σ must be positive and finite, got " + tokens[i]);
		}
		if (values.length == 1) {
			double[] all = new double[volumes];
			Arrays.fill(all, values[0]);
			return all;
		}
		if (volumes > 0 && values.length != volumes)
			throw new IllegalArgumentException(source + ": " + values.length + " noise levels for a scan of " + volumes
					+ " volumes; give one, or one per volume");
		return values;
	}

	/** What --sigma takes, for messages. */
	static final String TAKES = "one σ for all volumes, one per volume separated by commas, or a text file of them";

	/** The shape of the NIfTI image {@code file} is, or null when it is not one. */
	private static String niftiImage(Path file) {
		try {
			NiftiHeader h = NiftiReader.readHeader(file);
			return Arrays.stream(h.dims()).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining("×")) + " voxels";
		} catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/** True when {@code spec} is numbers (one σ or one per volume), not the name of a file of them. */
	public static boolean looksNumeric(String s) {
		return s.strip().matches("[-+0-9.eE,\\s]+");
	}
}
