package org.san2n.dwi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.Fixtures;
import org.san2n.mask.BrainMask;
import org.san2n.nifti.NiftiFormatException;
import org.san2n.progress.Progress;
import org.san2n.qspace.GradientFormatException;

class DwiScanLoaderTest {

	@Test
	void loadsAScanWithItsTableAndAMaskOfTheSameShape(@TempDir Path tmp) throws IOException {
		Path nifti = Fixtures.dir("nifti");
		Path bvals = Files.writeString(tmp.resolve("bvals"), "0 1000 1000 1000\n");
		Path bvecs = Files.writeString(tmp.resolve("bvecs"), "0 1 0 0\n0 0 1 0\n0 0 0 1\n");
		DwiScan scan = DwiScanLoader.load(nifti.resolve("f32_4d.nii.gz"), bvals, bvecs, Progress.NONE);
		assertArrayEquals(new long[] { 7, 6, 5 }, scan.spatialShape());
		assertEquals(4, scan.volumes());
		assertEquals(2233.25f, scan.volume(2).randomAccess().setPositionAndGet(3, 3, 2).get());

		var e = assertThrows(NiftiFormatException.class,
				() -> BrainMask.read(nifti.resolve("u8_mask_3d.nii.gz"), scan.spatialShape()));
		assertTrue(e.getMessage().contains("[8, 7, 6]") && e.getMessage().contains("[7, 6, 5]"), e.getMessage());
		BrainMask mask = BrainMask.read(nifti.resolve("u8_mask_3d.nii.gz"), new long[] { 8, 7, 6 });
		assertEquals(112, mask.count());
	}

	@Test
	void refusesA3dScanAndATableOfAnotherLength(@TempDir Path tmp) throws IOException {
		Path nifti = Fixtures.dir("nifti");
		Path bvals = Files.writeString(tmp.resolve("bvals"), "0 1000 1000\n");
		Path bvecs = Files.writeString(tmp.resolve("bvecs"), "0 1 0\n0 0 1\n0 0 0\n");
		var notDwi = assertThrows(NiftiFormatException.class,
				() -> DwiScanLoader.load(nifti.resolve("f64_3d.nii"), bvals, bvecs, Progress.NONE));
		assertTrue(notDwi.getMessage().contains("4D"), notDwi.getMessage());
		var counts = assertThrows(GradientFormatException.class,
				() -> DwiScanLoader.load(nifti.resolve("f32_4d.nii.gz"), bvals, bvecs, Progress.NONE));
		assertTrue(counts.getMessage().contains("3 gradient entries") && counts.getMessage().contains("4 volumes"),
				counts.getMessage());
	}

	@Test
	void readsAPairThroughEitherFile() throws IOException {
		Path nifti = Fixtures.dir("nifti");
		float[] viaHdr = org.san2n.nifti.NiftiReader.read(nifti.resolve("pair_i16_3d.hdr")).voxels();
		float[] viaImg = org.san2n.nifti.NiftiReader.read(nifti.resolve("pair_i16_3d.img")).voxels();
		assertArrayEquals(viaHdr, viaImg);
	}
}
