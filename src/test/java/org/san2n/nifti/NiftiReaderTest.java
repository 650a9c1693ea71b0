package org.san2n.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.san2n.Fixtures;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.real.FloatType;

class NiftiReaderTest {

	static Stream<String> readable() throws IOException {
		return Fixtures.expected("nifti").getAsJsonObject("readable").keySet().stream();
	}

	static Stream<String> mustRefuse() throws IOException {
		return Fixtures.expected("nifti").getAsJsonObject("must_refuse").keySet().stream();
	}

	@ParameterizedTest
	@MethodSource("readable")
	void readsWhatNibabelWrote(String name) throws IOException {
		JsonObject e = Fixtures.expected("nifti").getAsJsonObject("readable").getAsJsonObject(name);
		NiftiImage img = NiftiReader.read(Fixtures.dir("nifti").resolve(name));
		NiftiHeader h = img.header();

		assertEquals(e.get("nifti_version").getAsInt(), h.version());
		assertArrayEquals(longs(e.getAsJsonArray("shape")), img.shape());
		assertEquals(e.get("datatype_code").getAsInt(), h.dataType().code());
		assertArrayEquals(doubles(e.getAsJsonArray("pixdim")), h.voxelSizes(), 1e-6);
		assertEquals(e.get("scl_slope").getAsDouble(), h.effectiveSlope(), 0);
		assertEquals(e.get("scl_inter").getAsDouble(), h.effectiveIntercept(), 0);
		assertEquals(e.get("sform_code").getAsInt(), h.sformCode());
		assertEquals(e.get("qform_code").getAsInt(), h.qformCode());
		JsonArray affine = e.getAsJsonArray("affine");
		double[][] a = h.affine();
		for (int r = 0; r < 4; r++)
			assertArrayEquals(doubles(affine.get(r).getAsJsonArray()), a[r], 1e-5, "affine row " + r);

		double sum = 0;
		for (float v : img.voxels())
			sum += v;
		double expectedSum = e.get("sum_scaled").getAsDouble();
		assertEquals(expectedSum, sum, Math.abs(expectedSum) * 1e-6 + 1e-6);

		RandomAccess<FloatType> ra = img.data().randomAccess();
		for (Map.Entry<String, JsonElement> at : e.getAsJsonObject("values_scaled_at_index_xyzt").entrySet()) {
			long[] pos = Stream.of(at.getKey().split(",")).mapToLong(Long::parseLong).toArray();
			double expected = at.getValue().getAsDouble();
			assertEquals(expected, ra.setPositionAndGet(pos).get(), Math.abs(expected) * 1e-6, "value at " + at.getKey());
		}
	}

	@Test
	void qformGivesTheSameAffineAsTheSformInTheFixtures() throws IOException {
		// The fixtures store the same rotation in both; a wrong quaternion formula shows up here.
		NiftiHeader h = NiftiReader.readHeader(Fixtures.dir("nifti").resolve("f32_4d.nii.gz"));
		double[][] q = NiftiGeometry.qformAffine(h.quatern(), h.qoffset(), h.pixdim());
		double[][] s = h.affine();
		for (int r = 0; r < 3; r++)
			assertArrayEquals(s[r], q[r], 1e-4);
	}

	@ParameterizedTest
	@MethodSource("mustRefuse")
	void refusesMalformedFilesNamingFileAndProblem(String name) {
		Path file = Fixtures.dir("nifti").resolve(name);
		NiftiFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
				() -> assertThrows(NiftiFormatException.class, () -> NiftiReader.read(file)));
		assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
		assertFalse(e.getMessage().contains("Exception"), e.getMessage());
	}

	@Test
	void refusalsSayWhatIsWrong() {
		Path dir = Fixtures.dir("nifti");
		Map<String, String> words = Map.of("bad_truncated_gzip.nii.gz", "truncated", "bad_short_data.nii",
				"holds only", "bad_sizeof_hdr.nii", "sizeof_hdr", "bad_magic.nii", "magic", "bad_dim0.nii",
				"dim[0] = 9", "bad_datatype.nii", "float128", "bad_empty.nii", "empty");
		for (Map.Entry<String, String> w : words.entrySet()) {
			NiftiFormatException e = assertThrows(NiftiFormatException.class,
					() -> NiftiReader.read(dir.resolve(w.getKey())));
			assertTrue(e.getMessage().contains(w.getValue()), w.getKey() + ": " + e.getMessage());
		}
	}

	@Test
	void refusesHugeClaimWithoutAllocatingIt(@TempDir Path tmp) throws IOException {
		byte[] header = Files.readAllBytes(Fixtures.dir("nifti").resolve("f64_3d.nii"));
		ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
		b.putShort(42, (short) 30000).putShort(44, (short) 30000).putShort(46, (short) 2);
		Path plain = tmp.resolve("huge.nii");
		Files.write(plain, header);
		Path gz = tmp.resolve("huge.nii.gz");
		try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
			out.write(header);
		}
		for (Path file : new Path[] { plain, gz }) {
			NiftiFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
					() -> assertThrows(NiftiFormatException.class, () -> NiftiReader.read(file)));
			assertTrue(e.getMessage().contains("promises 14400000000 voxel bytes"), e.getMessage());
		}
	}

	@Test
	void refusesAVoxOffsetInsideTheHeaderOrNotANumber(@TempDir Path tmp) throws IOException {
		byte[] bytes = Files.readAllBytes(Fixtures.dir("nifti").resolve("f64_3d.nii"));
		assertEquals(352f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(108), "the fixture's offset");
		for (float offset : new float[] { 0, 100, 348, Float.NaN, -16, Float.POSITIVE_INFINITY, 352.5f }) {
			ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, offset);
			Path file = tmp.resolve("offset.nii");
			Files.write(file, bytes);
			NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> NiftiReader.read(file), "vox_offset " + offset);
			assertTrue(e.getMessage().contains("offset.nii") && e.getMessage().contains("vox_offset"), e.getMessage());
		}
	}

	@Test
	void readingStopsWhenTheUserCancels() {
		Progress cancelled = new Progress() {
			@Override
			public void update(String stage, long done, long total) {}

			@Override
			public boolean isCancelled() {
				return true;
			}
		};
		assertThrows(CancelledException.class,
				() -> NiftiReader.read(Fixtures.dir("nifti").resolve("f32_4d.nii.gz"), cancelled));
	}

	static long[] longs(JsonArray a) {
		long[] out = new long[a.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = a.get(i).getAsLong();
		return out;
	}

	static double[] doubles(JsonArray a) {
		double[] out = new double[a.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = a.get(i).getAsDouble();
		return out;
	}
}
