package org.san2n.nifti;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged .nii.gz is refused, never read as garbage voxels: gzip's CRC and length are checked to the end. */
class GzipCorruptionTest {

	static final Path SAMPLE = Path.of("sample-data/dwi.nii.gz");

	@TempDir
	Path dir;

	Path damaged(int offsetFromEnd, String name) throws IOException {
		byte[] b = Files.readAllBytes(SAMPLE);
		b[b.length - offsetFromEnd] ^= 0x5A;
		Path p = dir.resolve(name);
		Files.write(p, b);
		return p;
	}

	@Test
	void aBadCrcIsRefused() throws IOException {
		NiftiReader.read(SAMPLE); // the intact file reads
		NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> NiftiReader.read(damaged(8, "crc.nii.gz")));
		assertTrue(e.getMessage().contains("gzip data corrupt") && e.getMessage().contains("crc.nii.gz"), e.getMessage());
	}

	@Test
	void aWrongLengthInTheTrailerIsRefused() {
		assertThrows(NiftiFormatException.class, () -> NiftiReader.read(damaged(2, "length.nii.gz")));
	}

	@Test
	void damagedDeflateDataIsRefused() throws IOException {
		byte[] b = Files.readAllBytes(SAMPLE);
		for (int k = 1; k <= 5; k++) {
			byte[] c = b.clone();
			c[c.length * k / 7] ^= 0x10; // somewhere in the voxel data's compressed stream
			Path p = dir.resolve("deflate" + k + ".nii.gz");
			Files.write(p, c);
			assertThrows(NiftiFormatException.class, () -> NiftiReader.read(p), "damage at " + c.length * k / 7);
		}
	}
}
