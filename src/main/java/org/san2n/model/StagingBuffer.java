package org.san2n.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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

	private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

	/**
	 * {@code data} as a float32 tensor of {@code shape} on {@code scope}'s device, owned by {@code scope}. The
	 * tensor made over the buffer is copied and closed at once, so the buffer is free again on return.
	 */
	public NDArray upload(NDManager scope, float[] data, Shape shape) {
		if (shape.size() != data.length)
			throw new IllegalArgumentException(data.length + " values for a tensor of shape " + shape);
		int bytes = Math.multiplyExact(data.length, Float.BYTES);
		if (buffer.capacity() < bytes) buffer = ByteBuffer.allocateDirect(bytes);
		ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
		view.clear().limit(bytes);
		view.asFloatBuffer().put(data);
		try (NDArray shared = scope.create(view, shape, DataType.FLOAT32)) {
			return shared.duplicate();
		}
	}
}
