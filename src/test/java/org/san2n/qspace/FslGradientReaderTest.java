package org.san2n.qspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.san2n.Fixtures;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

class FslGradientReaderTest {

	@ParameterizedTest
	@CsvSource({ "fsl_rows.bvals, fsl_rows.bvecs", "columns.bval, columns.bvec", "unnormalised.bvals, unnormalised.bvecs" })
	void readsEveryValidLayout(String bvals, String bvecs) throws IOException {
		Path dir = Fixtures.dir("gradients");
		GradientTable t = FslGradientReader.read(dir.resolve(bvals), dir.resolve(bvecs));
		JsonObject e = Fixtures.expected("gradients").getAsJsonObject("expected_for_valid_tables");
		JsonArray b = e.getAsJsonArray("b");
		JsonArray u = e.getAsJsonArray("unit_vectors");
		double[] expectedB = new double[b.size()];
		for (int i = 0; i < expectedB.length; i++)
			expectedB[i] = b.get(i).getAsDouble();
		assertArrayEquals(expectedB, t.bvals(), 1e-9);
		for (int i = 0; i < u.size(); i++) {
			JsonArray row = u.get(i).getAsJsonArray();
			assertArrayEquals(new double[] { row.get(0).getAsDouble(), row.get(1).getAsDouble(),
					row.get(2).getAsDouble() }, t.direction(i), 2e-5, "vector " + i);
		}
	}

	@Test
	void refusesCountsThatDisagreeNamingBoth() {
		Path dir = Fixtures.dir("gradients");
		var e = assertThrows(GradientFormatException.class,
				() -> FslGradientReader.read(dir.resolve("bad_count.bvals"), dir.resolve("bad_count.bvecs")));
		assertTrue(e.getMessage().contains("11") && e.getMessage().contains("12"), e.getMessage());
	}

	@Test
	void refusesTextWithLineAndToken() {
		Path dir = Fixtures.dir("gradients");
		var e = assertThrows(GradientFormatException.class,
				() -> FslGradientReader.read(dir.resolve("bad_text.bvals"), dir.resolve("fsl_rows.bvecs")));
		assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("'abc'"), e.getMessage());
		assertTrue(e.getMessage().startsWith(dir.resolve("bad_text.bvals").toString()), e.getMessage());
	}

	@Test
	void acceptsCommasAndRefusesScanOfOtherLength(@TempDir Path tmp) throws IOException {
		Path bvals = Files.writeString(tmp.resolve("b"), "0,1000,1000\n");
		Path bvecs = Files.writeString(tmp.resolve("v"), "0,1,0\n0,0,2\n0,0,0\n");
		GradientTable t = FslGradientReader.read(bvals, bvecs);
		// Three rows of three: the FSL layout (a row per axis) wins, as FSL reads it.
		assertArrayEquals(new double[] { 1, 0, 0 }, t.direction(1), 0);
		assertArrayEquals(new double[] { 0, 1, 0 }, t.direction(2), 0, "normalised");
		assertArrayEquals(new double[] { 0, 0, 0 }, t.direction(0), 0);
		var e = assertThrows(IllegalArgumentException.class, () -> t.requireVolumes(4, Path.of("dwi.nii.gz")));
		assertTrue(e.getMessage().contains("3 entries") && e.getMessage().contains("4 volumes"), e.getMessage());
	}

	@Test
	void readsWhatWritersInTheWildWriteAndNamesWhatWasProbablyGiven() throws IOException {
		Path v = Path.of("bvals"), g = Path.of("bvecs");
		// A byte-order mark before the first b-value; "nan" as a b0's direction (DIPY's small_64D.bvec).
		GradientTable t = FslGradientReader.parse("\uFEFF0 1000 1000", v, "nan 1 0\nNaN 0 1\n-nan 0 0", g);
		assertArrayEquals(new double[] { 0, 1000, 1000 }, t.bvals());
		assertArrayEquals(new double[] { 0, 0, 0 }, t.direction(0));
		GradientFormatException noDirection = assertThrows(GradientFormatException.class,
				() -> FslGradientReader.parse("0 1000 1000", v, "0 nan 0\n0 0 1\n0 0 0", g));
		assertTrue(noDirection.getMessage().contains("volume 1 (b = 1000.0)"), noDirection.getMessage());
		GradientFormatException swapped = assertThrows(GradientFormatException.class,
				() -> FslGradientReader.parse("0 0.6 -0.8\n0 0.8 0.6\n0 0 0", v, "0 1000 1000", g));
		assertTrue(swapped.getMessage().contains("swapped"), swapped.getMessage());
		GradientFormatException mrtrix = assertThrows(GradientFormatException.class,
				() -> FslGradientReader.parse("0 0 0 0\n0.6 0.8 0 1000\n0 0 1 1000", v, "0 0 0\n0 0 0\n0 0 0", g));
		assertTrue(mrtrix.getMessage().contains("MRtrix"), mrtrix.getMessage());
		GradientFormatException bom = assertThrows(GradientFormatException.class,
				() -> FslGradientReader.parse("0 1\u200b000", v, "0 0\n0 0\n0 1", g));
		assertTrue(bom.getMessage().contains("\\u200B"), "an invisible character is shown: " + bom.getMessage());
	}
}
