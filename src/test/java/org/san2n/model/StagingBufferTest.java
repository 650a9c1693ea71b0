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
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
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
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
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
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
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

	@Test
	void uploadPartsGivesUploadFinitesValuesOfThePartsWrittenInOrder() {
		int parts = 5, per = 3 * 7 * 11;
		float[] whole = new float[parts * per];
		java.util.SplittableRandom random = new java.util.SplittableRandom(9);
		for (int i = 0; i < whole.length; i++)
			whole[i] = (float) (random.nextGaussian() * 1000);
		whole[3] = Float.NaN;
		whole[2 * per + 5] = Float.NEGATIVE_INFINITY;
		float factor = (float) (1 / 1234.5);
		Shape shape = new Shape(parts, 3, 7, 11);
		try (NDManager m = org.san2n.model.ComputeDevice.engine().newBaseManager(ai.djl.Device.cpu())) {
			StagingBuffer staging = new StagingBuffer();
			float[] expected = staging.uploadFinite(m, whole, shape, factor).toFloatArray();
			// Twice: the second call reuses each thread's scratch array, which must be overwritten whole.
			for (int round = 0; round < 2; round++) {
				NDArray got = staging.uploadParts(m, shape, parts, factor, (k, into) -> System.arraycopy(whole, k * per, into, 0, per));
				assertEquals(shape, got.getShape());
				assertArrayEquals(expected, got.toFloatArray());
			}
			assertThrows(IllegalArgumentException.class, () -> staging.uploadParts(m, shape, 4, factor, (k, into) -> {}));
			assertThrows(IllegalArgumentException.class,
					() -> staging.uploadParts(m, new Shape(1L << 20, 1L << 10), 1 << 20, factor, (k, into) -> {}));
		}
	}
}
