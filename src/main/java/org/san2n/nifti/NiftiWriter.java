package org.san2n.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.san2n.io.AtomicFiles;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Writes float32 NIfTI-1 single files, gzipped when the name ends in ".gz". The file appears only
 * when complete: it is written beside the target under a temporary name and moved into place.
 */
public final class NiftiWriter {

	/** 348-byte header plus the 4-byte extension flag. */
	static final long NIFTI1_VOX_OFFSET = 352;

	private static final int CHUNK_VOXELS = 1 << 20;

	private NiftiWriter() {}

	/** Writes an image placed as {@code geometry} says (see {@link NiftiHeader#forGeometry}). */
	public static void write(Path target, org.san2n.space.ScanGeometry geometry, RandomAccessibleInterval<FloatType> image)
			throws IOException {
		write(target, NiftiHeader.forGeometry(image.dimensionsAsLongArray(), geometry), image);
	}

	/** Refuses a name that would not be read back as NIfTI; callers check it before any work. */
	public static void checkName(Path target) throws NiftiFormatException {
		String name = target.getFileName() == null ? "" : target.getFileName().toString();
		if (!name.endsWith(".nii") && !name.endsWith(".nii.gz"))
			throw new NiftiFormatException(target, "the output name must end in .nii or .nii.gz");
	}

	/**
	 * @param target   the file to write (.nii or .nii.gz)
	 * @param geometry the header whose space (qform, sform, pixdim, units) the new file keeps
	 * @param image    the voxels, x fastest
	 */
	public static void write(Path target, NiftiHeader geometry, RandomAccessibleInterval<FloatType> image)
			throws IOException {
		checkName(target);
		String name = target.getFileName().toString();
		long[] dims = image.dimensionsAsLongArray();
		if (dims.length > 7 || java.util.Arrays.stream(dims).anyMatch(d -> d > Short.MAX_VALUE))
			throw new NiftiFormatException(target, "shape " + java.util.Arrays.toString(dims)
					+ " does not fit NIfTI-1 (at most 7 dimensions of at most 32767)");
		NiftiHeader header = geometry.asFloat32(dims);
		AtomicFiles.write(target, tmp -> {
			try (OutputStream out = open(tmp, name.endsWith(".gz"))) {
				out.write(encodeHeader(header));
				out.write(new byte[4]); // no extensions
				writeVoxels(out, image);
			}
		});
	}

	private static OutputStream open(Path file, boolean gzip) throws IOException {
		OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
		if (!gzip) return raw;
		return new GZIPOutputStream(raw, 1 << 16) {
			{
				// Speed over size, as nibabel does: scans are large and noisy data barely compress.
				def.setLevel(Deflater.BEST_SPEED);
			}
		};
	}

	/** The 348 header bytes of a float32 NIfTI-1 file (followed on disk by 4 extension bytes). */
	static byte[] encodeHeader(NiftiHeader h) {
		ByteBuffer b = ByteBuffer.allocate(348).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 348);
		b.put(39, (byte) 0); // dim_info
		long[] dims = h.dims();
		b.putShort(40, (short) dims.length);
		for (int i = 0; i < 7; i++)
			b.putShort(42 + 2 * i, (short) (i < dims.length ? dims[i] : 1));
		b.putShort(70, (short) NiftiDataType.FLOAT32.code());
		b.putShort(72, (short) 32);
		double[] pixdim = h.pixdim();
		if (pixdim[0] == 0) pixdim[0] = 1;
		for (int i = 0; i < 8; i++)
			b.putFloat(76 + 4 * i, (float) pixdim[i]);
		b.putFloat(108, NIFTI1_VOX_OFFSET);
		b.putFloat(112, 1f);
		b.putFloat(116, 0f);
		b.put(123, (byte) h.xyztUnits());
		byte[] descrip = h.description() == null ? new byte[0] : h.description().getBytes(StandardCharsets.US_ASCII);
		b.put(148, descrip, 0, Math.min(79, descrip.length));
		b.putShort(252, (short) h.qformCode());
		b.putShort(254, (short) h.sformCode());
		double[] q = h.quatern(), o = h.qoffset();
		for (int i = 0; i < 3; i++) {
			b.putFloat(256 + 4 * i, (float) q[i]);
			b.putFloat(268 + 4 * i, (float) o[i]);
		}
		double[][] srow = h.srow();
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 4; c++)
				b.putFloat(280 + 16 * r + 4 * c, (float) srow[r][c]);
		b.put(344, "n+1\0".getBytes(StandardCharsets.US_ASCII));
		return b.array();
	}

	private static void writeVoxels(OutputStream out, RandomAccessibleInterval<FloatType> image) throws IOException {
		ByteBuffer buf = ByteBuffer.allocate(CHUNK_VOXELS * 4).order(ByteOrder.LITTLE_ENDIAN);
		if (image instanceof ArrayImg<?, ?> arrayImg && arrayImg.update(null) instanceof FloatArray fa) {
			float[] v = fa.getCurrentStorageArray();
			for (int off = 0; off < v.length; off += CHUNK_VOXELS) {
				int n = Math.min(CHUNK_VOXELS, v.length - off);
				buf.clear();
				buf.asFloatBuffer().put(v, off, n);
				out.write(buf.array(), 0, n * 4);
			}
			return;
		}
		// Any other image (a view, a cell image): its flat iteration order is x fastest too.
		Cursor<FloatType> c = Views.flatIterable(image).cursor();
		var fb = buf.asFloatBuffer();
		while (c.hasNext()) {
			fb.put(c.next().get());
			if (!fb.hasRemaining()) {
				out.write(buf.array(), 0, fb.position() * 4);
				fb.clear();
			}
		}
		out.write(buf.array(), 0, fb.position() * 4);
	}
}
