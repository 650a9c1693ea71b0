package org.san2n.dwi;

import java.io.IOException;
import java.nio.file.Path;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The float voxels of a 4D scan (x fastest, then y, z, volume), wherever they live: in a Java array
 * when the scan is small beside the heap, in a memory-mapped temporary file when it is not (an
 * HCP-sized scan is 4.2 GB of float32: more than a 4 GB heap holds). Access is by bulk copies of runs
 * and by ImgLib2 views of whole volumes, never one voxel at a time through this interface.
 */
public interface Voxels {

	/** Keep scans on the heap up to this share of the maximum heap; map larger ones. */
	double HEAP_SHARE = 0.25;

	/** x, y, z, volumes. */
	long[] shape();

	default long volumeSize() {
		long[] s = shape();
		return s[0] * s[1] * s[2];
	}

	default long size() {
		return volumeSize() * shape()[3];
	}

	/** Copies {@code length} voxels from flat index {@code index} into {@code dst}. */
	void get(long index, float[] dst, int offset, int length);

	/** Copies {@code length} voxels from {@code src} to flat index {@code index}. */
	void set(long index, float[] src, int offset, int length);

	/** Volume {@code v} as a 3D view (no copy). */
	RandomAccessibleInterval<FloatType> volume(int v);

	/** The whole scan as a 4D view (no copy). */
	RandomAccessibleInterval<FloatType> image();

	/** True when the voxels are in a Java array. */
	boolean onHeap();

	/**
	 * New zero voxels of this shape: on the heap when they take at most {@link #HEAP_SHARE} of the
	 * maximum heap (and fit one array), otherwise in a memory-mapped file in {@code tmpdir}.
	 */
	static Voxels allocate(long[] shape, Path tmpdir) throws IOException {
		long bytes = 4 * shape[0] * shape[1] * shape[2] * shape[3];
		boolean heap = bytes <= HEAP_SHARE * Runtime.getRuntime().maxMemory() && bytes / 4 <= HeapVoxels.MAX_VOXELS;
		return heap ? new HeapVoxels(shape) : MappedVoxels.create(shape, tmpdir);
	}
}
