package org.san2n.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Copies Java arrays into tensors through one reused direct buffer.
 *
 * <p>
 * Why: DJL's {@code NDManager.create(float[])} allocates a fresh direct buffer for every call, and only the
 * garbage collector frees direct buffers. A training step uploads two batches of 17 MB (16 patches of 16³
 * voxels × 65 volumes) and an inference tile over 100 MB; the Java heap hardly notices those buffers, so
 * collections were rare and a 144 MB scan's SAN2N run grew to 3–9 GB resident (issue 11).
 *
 * <p>
 * Not thread-safe: one per trainer or denoising run.
 */
public final class StagingBuffer {

	/** Values scaled per task of {@link #uploadFinite}. */
	private static final int CHUNK = 1 << 16;

	private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

	/**
	 * {@code data} as a float32 tensor of {@code shape} on {@code scope}'s device, owned by {@code scope}. The
	 * tensor made over the buffer is copied and closed at once, so the buffer is free again on return.
	 */
	public NDArray upload(NDManager scope, float[] data, Shape shape) {
		ByteBuffer view = view(data, shape);
		view.asFloatBuffer().put(data);
		return copied(scope, view, shape);
	}

	/**
	 * {@code data} × {@code factor}, NaN and ±∞ as 0 ({@link NonFinite}), as a float32 tensor of {@code shape}
	 * on {@code scope}'s device: the same values as {@code NonFinite.zeroed(upload(…)).mul(factor)}, computed
	 * while copying. Why: a training batch is 51 MB (16 patches of 16³ voxels × 195 feature volumes), and the
	 * tensor route made six passes over it with a fresh allocation each: 47 ms of a 175 ms step on 2 cores.
	 */
	public NDArray uploadFinite(NDManager scope, float[] data, Shape shape, float factor) {
		if (!Float.isFinite(factor)) throw new IllegalArgumentException("the factor must be finite, got " + factor);
		ByteBuffer view = view(data, shape);
		FloatBuffer floats = view.asFloatBuffer();
		int chunks = (data.length + CHUNK - 1) / CHUNK;
		// Absolute puts: no scratch array per chunk (a step would leave ~100 MB of garbage and grow the heap).
		IntStream.range(0, chunks).parallel()
				.forEach(c -> putFinite(floats, c * CHUNK, data, c * CHUNK, Math.min(CHUNK, data.length - c * CHUNK), factor));
		return copied(scope, view, shape);
	}

	/** Writes part {@code k} of a tensor's values into {@code into}, from index 0 ({@code into.length} values). */
	public interface Part {
		void write(int k, float[] into);
	}

	/**
	 * Scratch arrays for {@link #uploadParts}, kept between calls (a part is rewritten whole every time); a task takes
	 * one and gives it back, so a part that runs parallel work of its own can never share one.
	 */
	private final java.util.concurrent.ConcurrentLinkedQueue<float[]> scratch = new java.util.concurrent.ConcurrentLinkedQueue<>();

	/**
	 * A float32 tensor of {@code shape} whose values are {@code parts} equal parts one after the other (e.g. the patches
	 * of a batch), part k written by {@code part}, then × {@code factor} with NaN and ±∞ as 0, on {@code scope}'s device:
	 * the same values as {@code uploadFinite} of the parts written into one array. Parts are written in parallel, each
	 * into a scratch array of its thread and scaled from there into the buffer. Why: a training batch of recorrupted
	 * features is 26 MB (8 patches of 16³ voxels × 195 volumes); written whole into a Java array first, it passed through
	 * memory twice more before reaching the buffer (18 ms of a 90 ms step on 2 cores).
	 *
	 * @throws IllegalArgumentException when {@code parts} does not divide the shape's size, or the factor is not finite
	 */
	public NDArray uploadParts(NDManager scope, Shape shape, int parts, float factor, Part part) {
		if (!Float.isFinite(factor)) throw new IllegalArgumentException("the factor must be finite, got " + factor);
		if (parts < 1 || shape.size() % parts != 0)
			throw new IllegalArgumentException(parts + " parts do not divide a tensor of shape " + shape + " evenly");
		int per = Math.toIntExact(shape.size() / parts);
		ByteBuffer view = view(shape.size(), shape);
		if (!scratch.isEmpty() && scratch.peek().length != per) scratch.clear(); // another shape: the old arrays are of no use
		FloatBuffer floats = view.asFloatBuffer();
		IntStream.range(0, parts).parallel().forEach(k -> {
			float[] values = scratch.poll();
			if (values == null || values.length != per) values = new float[per];
			try {
				part.write(k, values);
				putFinite(floats, k * per, values, 0, per, factor);
			} finally {
				scratch.offer(values);
			}
		});
		return copied(scope, view, shape);
	}

	/**
	 * {@code count} values of {@code from} from {@code offset}, × {@code factor} with NaN and ±∞ as 0, into {@code floats}
	 * from {@code at}, through a view of its own (buffers are not thread-safe; tasks write disjoint ranges).
	 */
	private static void putFinite(FloatBuffer floats, int at, float[] from, int offset, int count, float factor) {
		FloatBuffer into = floats.duplicate();
		for (int i = 0; i < count; i++) {
			float v = from[offset + i];
			into.put(at + i, Float.isFinite(v) ? v * factor : 0f);
		}
	}

	/** The reused buffer, grown when needed, as a native-order view of {@code data}'s bytes. */
	private ByteBuffer view(float[] data, Shape shape) {
		return view(data.length, shape);
	}

	/** The reused buffer, grown when needed, as a native-order view of {@code values} floats for {@code shape}. */
	private ByteBuffer view(long values, Shape shape) {
		if (shape.size() != values)
			throw new IllegalArgumentException(values + " values for a tensor of shape " + shape);
		if (values > (Integer.MAX_VALUE - 8) / Float.BYTES)
			throw new IllegalArgumentException("a tensor of shape " + shape + " (" + values + " values) is larger than one buffer holds ("
					+ (Integer.MAX_VALUE - 8) / Float.BYTES + " values); use a smaller batch, patch or tile");
		int bytes = (int) values * Float.BYTES;
		if (buffer.capacity() < bytes) buffer = ByteBuffer.allocateDirect(bytes);
		ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
		view.clear().limit(bytes);
		return view;
	}

	/** A tensor of its own with the view's values (the one made over the buffer is closed at once). */
	private static NDArray copied(NDManager scope, ByteBuffer view, Shape shape) {
		try (NDArray shared = scope.create(view, shape, DataType.FLOAT32)) {
			return shared.duplicate();
		}
	}
}
