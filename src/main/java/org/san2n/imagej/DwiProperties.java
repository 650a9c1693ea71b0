package org.san2n.imagej;

import java.nio.file.Path;

import org.san2n.nifti.NiftiHeader;
import org.san2n.space.ScanGeometry;
import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.FslGradientWriter;
import org.san2n.qspace.GradientFormatException;
import org.san2n.qspace.GradientTable;

import ij.ImagePlus;

/**
 * What SAN2N keeps with an open image so that Train and Denoise need not ask for it again: the gradient
 * table (as FSL text in image properties, which ImageJ also saves in TIFF files) and where the image
 * lies in space, as the file it was opened from said (kept while the image is open).
 */
public final class DwiProperties {

	public static final String BVALS = "SAN2N bvals";
	public static final String BVECS = "SAN2N bvecs";
	public static final String GEOMETRY = "SAN2N geometry";
	/** The NIfTI header the image was opened with, so that Save as NIfTI keeps its placement field for field. */
	public static final String HEADER = "SAN2N NIfTI header";
	/** The file the image was opened from (not carried to derived images: they were not opened from it). */
	public static final String SOURCE = "SAN2N source file";

	private DwiProperties() {}

	/** The gradient table stored with the image, or null if there is none. */
	public static GradientTable gradients(ImagePlus image) throws GradientFormatException {
		String b = image.getProp(BVALS), g = image.getProp(BVECS);
		if (b == null || g == null) return null;
		String where = "'" + image.getTitle() + "' ";
		return FslGradientReader.parse(b, Path.of(where + "property " + BVALS), g, Path.of(where + "property " + BVECS));
	}

	public static void setGradients(ImagePlus image, GradientTable table) {
		image.setProp(BVALS, FslGradientWriter.bvalsText(table).strip());
		image.setProp(BVECS, FslGradientWriter.bvecsText(table).strip());
	}

	/** Where the image lies in space, as the file it was opened from (or the scan it was made from) said; or null. */
	public static ScanGeometry geometry(ImagePlus image) {
		return image.getProperty(GEOMETRY) instanceof ScanGeometry g ? g : null;
	}

	public static void setGeometry(ImagePlus image, ScanGeometry geometry) {
		image.setProperty(GEOMETRY, geometry);
	}

	/** The NIfTI header the image (or the image it was made from) was opened with, or null. */
	public static NiftiHeader header(ImagePlus image) {
		return image.getProperty(HEADER) instanceof NiftiHeader h ? h : null;
	}

	public static void setHeader(ImagePlus image, NiftiHeader header) {
		image.setProperty(HEADER, header);
	}

	/** The file the image was opened from, or null. */
	public static Path source(ImagePlus image) {
		return image.getProperty(SOURCE) instanceof Path p ? p : null;
	}

	public static void setSource(ImagePlus image, Path file) {
		image.setProperty(SOURCE, file.toAbsolutePath());
	}

	/** Carries the gradient table and header of {@code from} over to {@code to}. */
	static void copy(ImagePlus from, ImagePlus to) {
		for (String key : new String[] { BVALS, BVECS })
			if (from.getProp(key) != null) to.setProp(key, from.getProp(key));
		if (geometry(from) != null) setGeometry(to, geometry(from));
		if (header(from) != null) setHeader(to, header(from));
	}
}
