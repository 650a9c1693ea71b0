package org.san2n.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import org.san2n.dwi.Voxels;
import org.san2n.nifti.NiftiFormatException;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiReader;
import org.san2n.nifti.NiftiWriter;
import org.san2n.progress.Progress;
import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.FslGradientWriter;
import org.san2n.qspace.GradientTable;

import ij.ImagePlus;
import ij.ImageStack;
import net.imglib2.view.Views;

/**
 * NIfTI files as ImageJ hyperstacks: a 4D scan opens with its volumes as frames, its calibration, its
 * header (kept for saving) and the gradient table from sidecar files beside it.
 */
public final class NiftiHyperstacks {

	private NiftiHyperstacks() {}

	/**
	 * Opens a 3D or 4D NIfTI file. Gradient sidecars are looked for as {@code NAME.bval}/{@code NAME.bvec}
	 * then {@code bvals}/{@code bvecs} in the same folder; ones that don't fit the scan are reported to
	 * {@code warnings} and left out.
	 */
	public static ImagePlus open(Path file, Progress progress, Consumer<String> warnings) throws IOException {
		NiftiReader.Source source = NiftiReader.source(file);
		NiftiHeader header = source.header();
		long[] dims = header.dims();
		if (dims.length < 2 || dims.length > 4)
			throw new NiftiFormatException(file, "SAN2N opens 3D or 4D images, but this one's shape is " + Arrays.toString(dims));
		int w = (int) dims[0], h = (int) dims[1], depth = dims.length > 2 ? (int) dims[2] : 1,
				volumes = dims.length > 3 ? (int) dims[3] : 1;
		long slices = (long) depth * volumes;
		if (slices > Integer.MAX_VALUE || (long) w * h > Integer.MAX_VALUE)
			throw new NiftiFormatException(file, "shape " + Arrays.toString(dims) + " is too large for an ImageJ stack");
		ImageStack stack = new ImageStack(w, h, (int) slices);
		for (int s = 1; s <= slices; s++)
			stack.setPixels(new float[w * h], s);
		int plane = w * h;
		double[] range = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		// NIfTI order (x, y, z, t) is ImageJ's stack order for one channel; only rows turn over.
		source.readInto((index, values, offset, length) -> {
			while (length > 0) {
				int slice = (int) (index / plane), within = (int) (index % plane), row = within / w, x = within % w;
				int run = Math.min(length, w - x);
				float[] dst = (float[]) stack.getPixels(slice + 1);
				System.arraycopy(values, offset, dst, (h - 1 - row) * w + x, run);
				for (int i = offset; i < offset + run; i++) {
					float f = values[i];
					if (f < range[0]) range[0] = f;
					if (f > range[1]) range[1] = f;
				}
				index += run;
				offset += run;
				length -= run;
			}
		}, progress);
		String name = Hyperstacks.baseTitle(file.getFileName().toString());
		ImagePlus image = new ImagePlus(file.getFileName().toString(), stack);
		image.setDimensions(1, depth, volumes);
		image.setOpenAsHyperStack(volumes > 1);
		image.setCalibration(ImageGeometry.calibration(header.geometry()));
		if (range[0] <= range[1]) image.setDisplayRange(range[0], range[1]);
		DwiProperties.setGeometry(image, header.geometry());
		DwiProperties.setHeader(image, header);
		DwiProperties.setSource(image, file);
		if (volumes > 1) attachSidecars(image, file, name, volumes, warnings);
		return image;
	}

	private static void attachSidecars(ImagePlus image, Path file, String name, int volumes, Consumer<String> warnings)
			throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Path[][] candidates = { { dir.resolve(name + ".bval"), dir.resolve(name + ".bvec") },
				{ dir.resolve(name + ".bvals"), dir.resolve(name + ".bvecs") }, { dir.resolve("bvals"), dir.resolve("bvecs") } };
		for (Path[] pair : candidates) {
			if (!Files.isRegularFile(pair[0]) || !Files.isRegularFile(pair[1])) continue;
			GradientTable table = FslGradientReader.read(pair[0], pair[1]);
			if (table.size() != volumes) {
				warnings.accept(pair[0] + " and " + pair[1].getFileName() + " hold " + table.size() + " gradient entries but "
						+ file.getFileName() + " has " + volumes + " volumes; the gradient table was not attached");
				continue;
			}
			DwiProperties.setGradients(image, table);
			return;
		}
	}

	/**
	 * Saves an image as float32 NIfTI with the geometry it was opened with (or its calibration), and its
	 * gradient table, if it has one, as {@code NAME.bval}/{@code NAME.bvec} beside it. Files are written
	 * to temporary names and moved into place.
	 */
	public static void save(ImagePlus image, Path file) throws IOException {
		GradientTable table = DwiProperties.gradients(image);
		VolumeAxis axis;
		int volumes;
		if (table != null) {
			axis = VolumeAxis.detect(image, table.size());
			volumes = table.size();
		} else if (image.getNChannels() == 1 || image.getNFrames() == 1) {
			axis = image.getNChannels() == 1 ? VolumeAxis.FRAMES : VolumeAxis.CHANNELS;
			volumes = image.getNChannels() * image.getNFrames();
		} else {
			throw new IllegalArgumentException("'" + image.getTitle() + "' has " + image.getNChannels() + " channels and "
					+ image.getNFrames() + " frames; NIfTI holds one series of volumes: reduce it to channels or frames first");
		}
		long[] shape4 = { image.getWidth(), image.getHeight(), image.getNSlices(), volumes };
		Voxels voxels = Voxels.allocate(shape4, Path.of(System.getProperty("java.io.tmpdir")));
		Hyperstacks.copyInto(image, axis, volumes, voxels);
		long[] shape = volumes > 1 ? shape4 : Arrays.copyOf(shape4, 3);
		org.san2n.space.ScanGeometry geometry = ImageGeometry.of(image);
		var written = volumes > 1 ? voxels.image() : Views.hyperSlice(voxels.image(), 3, 0);
		NiftiHeader opened = DwiProperties.header(image);
		// The header it was opened with, field for field (a qform with negative pixdim rebuilt from the affine would be
		// another quaternion, which other readers place elsewhere), while the image is on that grid: same size in-plane
		// and slices, and the calibration it was opened with (ImageGeometry gives the stored geometry then).
		boolean sameGrid = opened != null && geometry == DwiProperties.geometry(image) && opened.dims().length >= 3
				&& opened.dims()[0] == shape4[0] && opened.dims()[1] == shape4[1] && opened.dims()[2] == shape4[2];
		if (sameGrid) NiftiWriter.write(file, opened, written);
		else NiftiWriter.write(file, geometry, written);
		if (table != null) {
			String name = Hyperstacks.baseTitle(file.getFileName().toString());
			Path dir = file.toAbsolutePath().getParent();
			FslGradientWriter.write(table, dir.resolve(name + ".bval"), dir.resolve(name + ".bvec"));
		}
	}
}
