package org.san2n.dwi;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.nio.FloatBufferAccess;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Voxels in a memory-mapped temporary file, one mapping per volume, so that a scan larger than the
 * heap is held by the operating system's page cache (written back to disk under memory pressure)
 * rather than by the Java heap. The file is deleted as soon as it is mapped: nothing is left behind,
 * even when the JVM dies; the space returns when the mappings are garbage-collected.
 */
public final class MappedVoxels implements Voxels {

	private final long[] shape;
	private final FloatBuffer[] volumes;
	private final int volumeSize;

	private MappedVoxels(long[] shape, FloatBuffer[] volumes) {
		this.shape = shape.clone();
		this.volumes = volumes;
		this.volumeSize = (int) (shape[0] * shape[1] * shape[2]);
	}

	public static MappedVoxels create(long[] shape, Path tmpdir) throws IOException {
		long volume = shape[0] * shape[1] * shape[2];
		if (volume * 4 > Integer.MAX_VALUE)
			throw new IllegalArgumentException("one volume of " + volume + " voxels is larger than 2 GB; not supported");
		long bytes = 4 * volume * shape[3];
		Files.createDirectories(tmpdir);
		long free = Files.getFileStore(tmpdir).getUsableSpace();
		// Writing into a mapping beyond the disk's space kills the JVM: refuse up front.
		if (free < bytes + (256L << 20))
			throw new IOException(String.format(Locale.ROOT,
					"the scan (%.1f GB as float32) is larger than a quarter of the Java heap and is kept in a temporary file, "
							+ "but %s has only %.1f GB free; free space there, point java.io.tmpdir elsewhere, or raise -Xmx",
					bytes / 1e9, tmpdir, free / 1e9));
		Path file = Files.createTempFile(tmpdir, "san2n-scan-", ".f32");
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			FloatBuffer[] volumes = new FloatBuffer[(int) shape[3]];
			for (int v = 0; v < volumes.length; v++)
				volumes[v] = ch.map(FileChannel.MapMode.READ_WRITE, v * volume * 4, volume * 4).order(ByteOrder.nativeOrder())
						.asFloatBuffer();
			return new MappedVoxels(shape, volumes);
		} finally {
			try {
				Files.delete(file);
			} catch (IOException e) {
				file.toFile().deleteOnExit(); // systems that keep mapped files undeletable
			}
		}
	}

	@Override
	public long[] shape() {
		return shape.clone();
	}

	@Override
	public void get(long index, float[] dst, int offset, int length) {
		runs(index, offset, length, (buffer, at, off, n) -> buffer.get(at, dst, off, n));
	}

	@Override
	public void set(long index, float[] src, int offset, int length) {
		runs(index, offset, length, (buffer, at, off, n) -> buffer.put(at, src, off, n));
	}

	/** One bulk transfer within one volume's mapping. */
	private interface Run {
		void apply(FloatBuffer volume, int at, int offset, int length);
	}

	/** Splits a run of voxels at volume boundaries (each volume is its own mapping). */
	private void runs(long index, int offset, int length, Run run) {
		while (length > 0) {
			int v = (int) (index / volumeSize), i = (int) (index % volumeSize);
			int n = Math.min(length, volumeSize - i);
			run.apply(volumes[v], i, offset, n);
			index += n;
			offset += n;
			length -= n;
		}
	}

	@Override
	public RandomAccessibleInterval<FloatType> volume(int v) {
		return ArrayImgs.floats(new FloatBufferAccess(volumes[v].duplicate()), shape[0], shape[1], shape[2]);
	}

	@Override
	public RandomAccessibleInterval<FloatType> image() {
		List<RandomAccessibleInterval<FloatType>> all = new ArrayList<>();
		for (int v = 0; v < volumes.length; v++)
			all.add(volume(v));
		return Views.stack(all);
	}

	@Override
	public boolean onHeap() {
		return false;
	}
}
