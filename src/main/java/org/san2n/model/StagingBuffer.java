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
		IntStream.range(0, chunks).parallel().forEach(c -> {
			FloatBuffer into = floats.duplicate(); // a view per task: buffers are not thread-safe
			for (int i = c * CHUNK, to = Math.min(data.length, i + CHUNK); i < to; i++) {
				float v = data[i];
				into.put(i, Float.isFinite(v) ? v * factor : 0f);
			}
		});
		return copied(scope, view, shape);
	}

	/** The reused buffer, grown when needed, as a native-order view of {@code data}'s bytes. */
	private ByteBuffer view(float[] data, Shape shape) {
		if (shape.size() != data.length)
			throw new IllegalArgumentException(data.length + " values for a tensor of shape " + shape);
		int bytes = Math.multiplyExact(data.length, Float.BYTES);
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
