package org.san2n.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.san2n.progress.Progress;

import net.imglib2.img.array.ArrayImgs;

/**
 * Reads NIfTI-1 (single file or .hdr/.img pair) and NIfTI-2, gzipped or not, in either byte order.
 * Voxel values are scaled by scl_slope/scl_inter and stored as float32. The data are streamed
 * straight into the final array, so a scan is never held twice; a header whose claims the file
 * cannot back is refused before anything of that size is allocated.
 */
public final class NiftiReader {

	/** One Java array holds the image; this is its limit. */
	public static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

	private static final int NIFTI1_HEADER = 348;
	private static final int NIFTI2_HEADER = 540;
	private static final int CHUNK_BYTES = 1 << 22;
	/** Below this size a gzipped file is simply read; above it its length is verified first. */
	private static final long VERIFY_GZIP_ABOVE = 64L << 20;

	private NiftiReader() {}

	public static NiftiHeader readHeader(Path file) throws IOException {
		return parse(headerFileOf(file)).header();
	}

	/** A header and whether its magic puts the voxels in a separate .img file. */
	private record Parsed(NiftiHeader header, boolean pair) {}

	private static Parsed parse(Path headerFile) throws IOException {
		try (InputStream in = open(headerFile)) {
			return parseHeader(headerFile, in);
		} catch (EOFException | ZipException e) {
			throw gzipProblem(headerFile, e);
		}
	}

	public static NiftiImage read(Path file) throws IOException {
		return read(file, Progress.NONE);
	}

	public static NiftiImage read(Path file, Progress progress) throws IOException {
		Source source = source(file);
		long voxels = source.header().voxelCount();
		if (voxels > MAX_VOXELS)
			throw new NiftiFormatException(source.headerFile(), "the image has " + voxels + " voxels; at most " + MAX_VOXELS
					+ " fit in one image here");
		float[] values = new float[(int) voxels];
		source.readInto((index, v, off, len) -> System.arraycopy(v, off, values, (int) index, len), progress);
		return new NiftiImage(source.headerFile(), source.header(), ArrayImgs.floats(values, source.header().dims()));
	}

	/** Where voxels go as they are decoded: flat index, x fastest. */
	public interface Sink {
		void set(long index, float[] values, int offset, int length);
	}

	/**
	 * A NIfTI image whose header has been read and whose data length has been checked against the file,
	 * so that a caller can allocate for it before streaming the voxels in.
	 */
	public record Source(Path headerFile, NiftiHeader header, Path dataFile, long start) {

		/** Streams the voxels (scaled, as float) into {@code sink}, a chunk at a time. */
		public void readInto(Sink sink, Progress progress) throws IOException {
			try (ReadableByteChannel in = openData(dataFile, start)) {
				readVoxels(dataFile, in, header, sink, progress);
				// gzip checks its CRC and length only at the end of the stream: read to it, or a damaged
				// file whose deflate data still decodes would pass as valid (with garbage voxels).
				if (isGzip(dataFile)) drain(in);
			} catch (EOFException | ZipException e) {
				throw gzipProblem(dataFile, e);
			}
		}
	}

	/** Reads the header and checks that the file holds the data it announces; refuses it otherwise. */
	public static Source source(Path file) throws IOException {
		Path headerFile = headerFileOf(file);
		Parsed parsed = parse(headerFile);
		NiftiHeader header = parsed.header();
		boolean pair = parsed.pair();
		Path dataFile = pair ? dataFileOf(headerFile) : headerFile;
		// In a single file the voxels follow the header and its 4 extension bytes: an offset inside them would
		// read header bytes as voxels. (A .hdr/.img pair's offset counts in the .img file, where 0 is usual.)
		int firstByte = headerSize(header) + 4;
		if (!pair && header.voxOffset() < firstByte)
			throw new NiftiFormatException(headerFile, "vox_offset = " + header.voxOffset() + " points inside the header; the voxels of a "
					+ (header.version() == 2 ? "NIfTI-2" : "NIfTI-1") + " single file start at byte " + firstByte + " or later");
		if (header.voxOffset() < 0)
			throw new NiftiFormatException(headerFile, "vox_offset = " + header.voxOffset() + " is negative");
		checkScaling(headerFile, header);
		long start = header.voxOffset();
		checkDataLength(dataFile, start, header.dataBytes());
		return new Source(headerFile, header, dataFile, start);
	}

	// ---- files -------------------------------------------------------------------------------

	private static Path headerFileOf(Path file) {
		String name = file.getFileName().toString();
		if (name.endsWith(".img")) return sibling(file, name.substring(0, name.length() - 4) + ".hdr");
		if (name.endsWith(".img.gz")) return sibling(file, name.substring(0, name.length() - 7) + ".hdr.gz");
		return file;
	}

	private static Path dataFileOf(Path headerFile) throws NiftiFormatException {
		String name = headerFile.getFileName().toString();
		String stem = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
		stem = stem.replaceFirst("\\.(hdr|nii)$", "");
		for (String ext : new String[] { ".img", ".img.gz" }) {
			Path p = sibling(headerFile, stem + ext);
			if (Files.isRegularFile(p)) return p;
		}
		throw new NiftiFormatException(headerFile, "this is the header of a .hdr/.img pair, but " + stem
				+ ".img is not beside it");
	}

	private static Path sibling(Path file, String name) {
		Path parent = file.getParent();
		return parent == null ? Path.of(name) : parent.resolve(name);
	}

	private static InputStream open(Path p) throws IOException {
		if (!Files.exists(p)) throw new NiftiFormatException(p, "no such file");
		if (!Files.isRegularFile(p)) throw new NiftiFormatException(p, "not a regular file");
		if (Files.size(p) == 0) throw new NiftiFormatException(p, "the file is empty (0 bytes)");
		InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
		if (isGzip(p)) return new GZIPInputStream(in, 1 << 16);
		return in;
	}

	/** The voxel bytes from {@code start}: a file channel when uncompressed (no extra copy), else the gzip stream. */
	private static ReadableByteChannel openData(Path p, long start) throws IOException {
		if (!isGzip(p)) return FileChannel.open(p, StandardOpenOption.READ).position(start);
		InputStream in = open(p);
		try {
			skipFully(p, in, start);
		} catch (IOException e) {
			in.close();
			throw e;
		}
		return Channels.newChannel(in);
	}

	private static boolean isGzip(Path p) throws IOException {
		try (InputStream in = Files.newInputStream(p)) {
			return in.read() == 0x1f && in.read() == 0x8b;
		}
	}

	// ---- header ------------------------------------------------------------------------------

	private static Parsed parseHeader(Path file, InputStream in) throws IOException {
		byte[] first = in.readNBytes(NIFTI1_HEADER);
		if (first.length < 4)
			throw new NiftiFormatException(file, "only " + first.length + " bytes; a NIfTI header needs 348");
		ByteBuffer le = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
		int sizeLe = le.getInt(0);
		int sizeBe = Integer.reverseBytes(sizeLe);
		ByteOrder order;
		int size;
		if (sizeLe == NIFTI1_HEADER || sizeLe == NIFTI2_HEADER) {
			order = ByteOrder.LITTLE_ENDIAN;
			size = sizeLe;
		} else if (sizeBe == NIFTI1_HEADER || sizeBe == NIFTI2_HEADER) {
			order = ByteOrder.BIG_ENDIAN;
			size = sizeBe;
		} else {
			throw new NiftiFormatException(file, "sizeof_hdr is " + sizeLe + " (little-endian) or " + sizeBe
					+ " (big-endian); a NIfTI-1 header has 348, a NIfTI-2 header 540: not a NIfTI file");
		}
		byte[] bytes = first;
		if (size == NIFTI2_HEADER) {
			byte[] rest = in.readNBytes(NIFTI2_HEADER - NIFTI1_HEADER);
			bytes = new byte[first.length + rest.length];
			System.arraycopy(first, 0, bytes, 0, first.length);
			System.arraycopy(rest, 0, bytes, first.length, rest.length);
		}
		if (bytes.length < size)
			throw new NiftiFormatException(file, "the file ends after " + bytes.length + " bytes, inside its "
					+ size + "-byte header");
		ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
		return size == NIFTI1_HEADER ? parseNifti1(file, b, order) : parseNifti2(file, b, order);
	}

	private static Parsed parseNifti1(Path file, ByteBuffer b, ByteOrder order) throws IOException {
		String magic = text(b, 344, 4);
		boolean pair = checkMagic(file, magic, "n+1", "ni1");
		int ndim = b.getShort(40);
		long[] dims = readDims(file, ndim, i -> b.getShort(40 + 2 * i));
		NiftiDataType type = dataType(file, b.getShort(70));
		double[] pixdim = new double[8];
		for (int i = 0; i < 8; i++)
			pixdim[i] = b.getFloat(76 + 4 * i);
		float offset = b.getFloat(108);
		if (!Float.isFinite(offset) || offset < 0 || offset != Math.rint(offset) || offset > Integer.MAX_VALUE)
			throw new NiftiFormatException(file, "vox_offset = " + offset + " is not a byte offset (a whole number ≥ 0)");
		long voxOffset = (long) offset;
		double[][] srow = new double[3][4];
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 4; c++)
				srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
		return new Parsed(new NiftiHeader(1, order, dims, pixdim, type, voxOffset, b.getFloat(112), b.getFloat(116),
				b.getShort(252), b.getShort(254),
				new double[] { b.getFloat(256), b.getFloat(260), b.getFloat(264) },
				new double[] { b.getFloat(268), b.getFloat(272), b.getFloat(276) }, srow, b.get(123) & 0xff,
				text(b, 148, 80)), pair);
	}

	private static Parsed parseNifti2(Path file, ByteBuffer b, ByteOrder order) throws IOException {
		String magic = text(b, 4, 4);
		boolean pair = checkMagic(file, magic, "n+2", "ni2");
		long ndim = b.getLong(16);
		long[] dims = readDims(file, ndim, i -> b.getLong(16 + 8 * i));
		NiftiDataType type = dataType(file, b.getShort(12));
		double[] pixdim = new double[8];
		for (int i = 0; i < 8; i++)
			pixdim[i] = b.getDouble(104 + 8 * i);
		double[][] srow = new double[3][4];
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 4; c++)
				srow[r][c] = b.getDouble(400 + 32 * r + 8 * c);
		return new Parsed(new NiftiHeader(2, order, dims, pixdim, type, b.getLong(168), b.getDouble(176), b.getDouble(184),
				b.getInt(344), b.getInt(348),
				new double[] { b.getDouble(352), b.getDouble(360), b.getDouble(368) },
				new double[] { b.getDouble(376), b.getDouble(384), b.getDouble(392) }, srow, b.getInt(500),
				text(b, 240, 80)), pair);
	}

	private interface DimAt {
		long at(int i);
	}

	private static long[] readDims(Path file, long ndim, DimAt dimAt) throws NiftiFormatException {
		if (ndim < 1 || ndim > 7)
			throw new NiftiFormatException(file, "dim[0] = " + ndim + ": the number of dimensions must be 1 to 7");
		long[] dims = new long[(int) ndim];
		for (int i = 0; i < ndim; i++) {
			dims[i] = dimAt.at(i + 1);
			if (dims[i] < 1)
				throw new NiftiFormatException(file, "dim[" + (i + 1) + "] = " + dims[i] + ": sizes must be at least 1");
		}
		try {
			long n = 1;
			for (long d : dims)
				n = Math.multiplyExact(n, d);
		} catch (ArithmeticException e) {
			throw new NiftiFormatException(file, "the dimensions " + java.util.Arrays.toString(dims)
					+ " multiply to more voxels than any file can hold");
		}
		return dims;
	}

	private static NiftiDataType dataType(Path file, int code) throws NiftiFormatException {
		NiftiDataType t = NiftiDataType.forCode(code);
		if (t == null)
			throw new NiftiFormatException(file, "datatype " + code + " (" + NiftiDataType.describeCode(code)
					+ ") is not supported; supported types are " + NiftiDataType.supportedList());
		return t;
	}

	/** @return true when the magic says the voxels live in a separate .img file. */
	private static boolean checkMagic(Path file, String magic, String single, String pair)
			throws NiftiFormatException {
		if (magic.equals(single)) return false;
		if (magic.equals(pair)) return true;
		throw new NiftiFormatException(file, "magic is '" + printable(magic) + "', expected '" + single
				+ "' (single file) or '" + pair + "' (.hdr/.img pair)");
	}

	private static String text(ByteBuffer b, int offset, int length) {
		byte[] raw = new byte[length];
		b.get(offset, raw);
		int n = 0;
		while (n < length && raw[n] != 0)
			n++;
		return new String(raw, 0, n, StandardCharsets.ISO_8859_1);
	}

	private static String printable(String s) {
		StringBuilder out = new StringBuilder();
		for (char c : s.toCharArray())
			out.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
		return out.toString();
	}

	/**
	 * Refuses an intensity scaling that is not a finite number: every voxel would read as ±∞ or NaN, and the
	 * problem (one header field) would surface as every volume being "mostly non-finite". A NaN slope is left
	 * alone: the standard reads it, like 0, as "unscaled".
	 */
	private static void checkScaling(Path file, NiftiHeader h) throws NiftiFormatException {
		String fix = ": every voxel would read as ±∞ or NaN; fix the header (scl_slope 0 or 1 with scl_inter 0 means unscaled) "
				+ "or re-export the file";
		if (Double.isInfinite(h.sclSlope()))
			throw new NiftiFormatException(file, "scl_slope = " + h.sclSlope() + " is not a finite number" + fix);
		if (h.isScaled() && Double.isInfinite(h.sclInter()))
			throw new NiftiFormatException(file, "scl_inter = " + h.sclInter() + " is not a finite number (scl_slope = " + h.sclSlope()
					+ ")" + fix);
	}

	private static int headerSize(NiftiHeader h) {
		return h.version() == 2 ? NIFTI2_HEADER : NIFTI1_HEADER;
	}

	// ---- data --------------------------------------------------------------------------------

	/** Refuses a file too short for what its header promises, before the voxel array exists. */
	private static void checkDataLength(Path dataFile, long start, long dataBytes) throws IOException {
		long need = start + dataBytes;
		if (!Files.exists(dataFile)) throw new NiftiFormatException(dataFile, "no such file");
		if (!isGzip(dataFile)) {
			long have = Files.size(dataFile);
			if (have < need)
				throw new NiftiFormatException(dataFile, "the header promises " + dataBytes + " voxel bytes from offset "
						+ start + " (" + need + " bytes in all), but the file holds only " + have + " bytes");
			return;
		}
		if (dataBytes <= VERIFY_GZIP_ABOVE || gzipTrailerSize(dataFile) == (need & 0xffffffffL)) return;
		// The gzip trailer disagrees (or the stream has several members): count what it really holds.
		long have = 0;
		try (InputStream in = open(dataFile)) {
			byte[] buf = new byte[CHUNK_BYTES];
			for (int n; have < need && (n = in.read(buf)) > 0;)
				have += n;
		} catch (EOFException | ZipException e) {
			throw gzipProblem(dataFile, e);
		}
		if (have < need)
			throw new NiftiFormatException(dataFile, "the header promises " + dataBytes + " voxel bytes from offset "
					+ start + ", but the decompressed file holds only " + have + " bytes");
	}

	private static long gzipTrailerSize(Path gz) throws IOException {
		try (RandomAccessFile raf = new RandomAccessFile(gz.toFile(), "r")) {
			if (raf.length() < 18) return -1;
			raf.seek(raf.length() - 4);
			byte[] t = new byte[4];
			raf.readFully(t);
			return ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
		}
	}

	private static void skipFully(Path file, InputStream in, long n) throws IOException {
		long left = n;
		while (left > 0) {
			long s = in.skip(left);
			if (s <= 0) {
				if (in.read() < 0)
					throw new NiftiFormatException(file, "the file ends before the voxel data at offset " + n);
				s = 1;
			}
			left -= s;
		}
	}

	private static void readVoxels(Path file, ReadableByteChannel in, NiftiHeader h, Sink sink, Progress progress)
			throws IOException {
		NiftiDataType type = h.dataType();
		int bpv = type.bytesPerVoxel();
		int chunkVoxels = CHUNK_BYTES / bpv;
		ByteBuffer buf = ByteBuffer.allocateDirect(chunkVoxels * bpv).order(h.byteOrder());
		float[] chunk = new float[chunkVoxels];
		double slope = h.effectiveSlope(), inter = h.effectiveIntercept();
		boolean scaled = slope != 1 || inter != 0;
		long total = h.voxelCount();
		for (long done = 0; done < total;) {
			progress.checkCancelled();
			int n = (int) Math.min(chunkVoxels, total - done);
			buf.clear().limit(n * bpv);
			while (buf.hasRemaining())
				if (in.read(buf) < 0)
					throw new NiftiFormatException(file, "the voxel data end after " + ((long) done * bpv + buf.position())
							+ " of " + h.dataBytes() + " bytes: the file is truncated");
			convert(buf.flip(), type, chunk, 0, n, scaled, slope, inter);
			sink.set(done, chunk, 0, n);
			done += n;
			progress.update("reading " + file.getFileName(), done, total);
		}
	}

	private static void convert(ByteBuffer b, NiftiDataType type, float[] dst, int off, int n, boolean scaled,
			double slope, double inter) {
		switch (type) {
			case FLOAT32:
				b.asFloatBuffer().get(dst, off, n);
				if (scaled) for (int i = off; i < off + n; i++)
					dst[i] = (float) (dst[i] * slope + inter);
				return;
			case FLOAT64: {
				var db = b.asDoubleBuffer();
				for (int i = 0; i < n; i++)
					dst[off + i] = (float) (db.get(i) * slope + inter);
				return;
			}
			case INT16: {
				var sb = b.asShortBuffer();
				for (int i = 0; i < n; i++)
					dst[off + i] = (float) (sb.get(i) * slope + inter);
				return;
			}
			case UINT16: {
				var sb = b.asShortBuffer();
				for (int i = 0; i < n; i++)
					dst[off + i] = (float) ((sb.get(i) & 0xffff) * slope + inter);
				return;
			}
			case INT32: {
				var ib = b.asIntBuffer();
				for (int i = 0; i < n; i++)
					dst[off + i] = (float) (ib.get(i) * slope + inter);
				return;
			}
			case UINT32: {
				var ib = b.asIntBuffer();
				for (int i = 0; i < n; i++)
					dst[off + i] = (float) ((ib.get(i) & 0xffffffffL) * slope + inter);
				return;
			}
			case UINT8:
				for (int i = 0; i < n; i++)
					dst[off + i] = (float) ((b.get(i) & 0xff) * slope + inter);
				return;
			case INT8:
				for (int i = 0; i < n; i++)
					dst[off + i] = (float) (b.get(i) * slope + inter);
				return;
			default:
				throw new IllegalStateException("unhandled datatype " + type);
		}
	}

	private static void drain(ReadableByteChannel in) throws IOException {
		java.nio.ByteBuffer rest = java.nio.ByteBuffer.allocate(1 << 16);
		while (in.read(rest) >= 0)
			rest.clear();
	}

	private static NiftiFormatException gzipProblem(Path file, IOException e) {
		if (e instanceof ZipException && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("trailer"))
			return new NiftiFormatException(file, "gzip data corrupt (CRC or length mismatch in the gzip trailer): the file is damaged; "
					+ "nothing was read from it");
		return new NiftiFormatException(file, "the gzip stream ends early or is corrupt (" + e.getMessage()
				+ "): the file is truncated or damaged", e);
	}
}
