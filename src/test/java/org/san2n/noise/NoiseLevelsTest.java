package org.san2n.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseLevelsTest {

	@Test
	void oneNumberForAllOrOnePerVolume(@TempDir Path tmp) throws IOException {
		assertArrayEquals(new double[] { 12.5, 12.5, 12.5 }, NoiseLevels.parse("12.5", 3), 0);
		assertArrayEquals(new double[] { 1, 2, 3 }, NoiseLevels.parse("1,2,3", 3), 0);
		Path f = Files.writeString(tmp.resolve("sigma.txt"), "4 5\n6\n");
		assertArrayEquals(new double[] { 4, 5, 6 }, NoiseLevels.parse(f.toString(), 3), 0);
	}

	@Test
	void refusesWrongCountsAndValues() {
		var e = assertThrows(IllegalArgumentException.class, () -> NoiseLevels.parse("1,2", 3));
		assertTrue(e.getMessage().contains("2 noise levels") && e.getMessage().contains("3 volumes"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> NoiseLevels.parse("-1", 3));
		assertThrows(IllegalArgumentException.class, () -> NoiseLevels.parse("abc", 3));
	}
}
