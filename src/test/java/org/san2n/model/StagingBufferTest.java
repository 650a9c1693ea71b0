package org.san2n.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class StagingBufferTest {

	@Test
	void aTensorKeepsItsValuesWhenTheBufferIsReused() {
		StagingBuffer staging = new StagingBuffer();
		try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
			float[] a = { 1, 2, 3, 4, 5, 6 }, b = { -1, -2, -3 };
			NDArray first = staging.upload(m, a, new Shape(1, 2, 3));
			NDArray second = staging.upload(m, b, new Shape(3));
			NDArray third = staging.upload(m, new float[] { 9, 8, 7, 6, 5, 4, 3, 2 }, new Shape(2, 4)); // a larger buffer
			assertArrayEquals(a, first.toFloatArray(), "the first tensor is its own copy, not a view of the buffer");
			assertArrayEquals(b, second.toFloatArray());
			assertEquals(new Shape(2, 4), third.getShape());
			assertEquals(9, third.getFloat(0, 0));
			assertEquals(m, first.getManager(), "owned by the scope it was made for");
		}
	}

	@Test
	void valuesMustFillTheShape() {
		try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
			assertThrows(IllegalArgumentException.class, () -> new StagingBuffer().upload(m, new float[5], new Shape(2, 3)));
		}
	}
}
