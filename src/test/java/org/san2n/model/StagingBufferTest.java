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

	@Test
	void uploadFiniteGivesTheTensorRoutesValuesBitForBit() {
		// More than one chunk of the parallel copy, with NaN and ±∞ scattered through it.
		float[] values = new float[3 * (1 << 16) + 123];
		java.util.SplittableRandom random = new java.util.SplittableRandom(5);
		for (int i = 0; i < values.length; i++)
			values[i] = (float) (random.nextGaussian() * 1000);
		values[7] = Float.NaN;
		values[70_000] = Float.POSITIVE_INFINITY;
		values[values.length - 1] = Float.NEGATIVE_INFINITY;
		float factor = (float) (1 / 1234.5);
		Shape shape = new Shape(values.length);
		try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
			StagingBuffer staging = new StagingBuffer();
			float[] expected = NonFinite.zeroed(staging.upload(m, values, shape)).mul(factor).toFloatArray();
			float[] got = staging.uploadFinite(m, values, shape, factor).toFloatArray();
			assertArrayEquals(expected, got);
			assertEquals(0f, got[7]);
			assertEquals(0f, got[70_000]);
			assertEquals(values[8] * factor, got[8]);
			assertThrows(IllegalArgumentException.class, () -> staging.uploadFinite(m, values, shape, Float.NaN));
		}
	}
}
