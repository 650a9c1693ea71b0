package org.san2n.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;
import org.san2n.progress.Progress;
import org.san2n.qspace.FslGradientReader;
import org.san2n.qspace.GradientTable;

import ij.ImagePlus;

class NiftiHyperstacksTest {

	static final Path SAMPLE = Path.of("sample-data");

	@TempDir
	Path dir;

	@Test
	void opensTheSampleAsFramesWithCalibrationAndGradients() throws IOException {
		List<String> warnings = new ArrayList<>();
		ImagePlus imp = NiftiHyperstacks.open(SAMPLE.resolve("dwi.nii.gz"), Progress.NONE, warnings::add);
		NiftiImage file = NiftiReader.read(SAMPLE.resolve("dwi.nii.gz"));
		long[] d = file.shape();
		assertEquals(d[0], imp.getWidth());
		assertEquals(d[1], imp.getHeight());
		assertEquals(d[2], imp.getNSlices());
		assertEquals(d[3], imp.getNFrames());
		assertEquals(1, imp.getNChannels());
		assertEquals(Math.abs(file.header().voxelSizes()[2]), imp.getCalibration().pixelDepth, 1e-9);
		assertEquals("mm", imp.getCalibration().getUnit());
		GradientTable table = DwiProperties.gradients(imp), expected = FslGradientReader.read(SAMPLE.resolve("bvals"),
				SAMPLE.resolve("bvecs"));
		assertArrayEquals(expected.bvals(), table.bvals(), 1e-9);
		assertArrayEquals(expected.direction(7), table.direction(7), 1e-6);
		assertTrue(warnings.isEmpty(), warnings.toString());
		// voxel (x 5, j 7, z 3, t 9) is drawn on row h-1-7 of slice z 3, frame 9
		int w = (int) d[0], h = (int) d[1];
		float[] slice = (float[]) imp.getStack().getPixels(imp.getStackIndex(1, 4, 10));
		assertEquals(file.voxels()[(int) (((9 * d[2] + 3) * h + 7) * w + 5)], slice[(h - 1 - 7) * w + 5]);
	}

	@Test
	void saveKeepsGeometryVoxelsAndWritesSidecars() throws IOException {
		ImagePlus imp = NiftiHyperstacks.open(SAMPLE.resolve("dwi.nii.gz"), Progress.NONE, w -> {});
		Path out = dir.resolve("copy.nii.gz");
		NiftiHyperstacks.save(imp, out);
		NiftiImage in = NiftiReader.read(SAMPLE.resolve("dwi.nii.gz")), back = NiftiReader.read(out);
		assertArrayEquals(in.shape(), back.shape());
		assertArrayEquals(in.voxels(), back.voxels(), 0f);
		NiftiHeader a = in.header(), b = back.header();
		for (int r = 0; r < 3; r++)
			assertArrayEquals(a.affine()[r], b.affine()[r], 1e-5);
		assertTrue(Files.isRegularFile(dir.resolve("copy.bval")) && Files.isRegularFile(dir.resolve("copy.bvec")));
		ImagePlus again = NiftiHyperstacks.open(out, Progress.NONE, w -> {});
		assertEquals(imp.getNFrames(), DwiProperties.gradients(again).size(), "NAME.bval/NAME.bvec are found on opening");
		try (var s = Files.list(dir)) {
			assertEquals(3, s.count(), "no temporary file is left behind");
		}
	}

	@Test
	void saveKeepsTheHeaderItWasOpenedWithFieldForFieldNegativePixdimIncluded() throws IOException {
		// A qform with negative pixdim[1] and pixdim[3], rotated, and an sform: rebuilt from the affine, the quaternion and
		// the signs of pixdim would change (issue 20), and readers that use the qform would place the image elsewhere.
		NiftiImage sample = NiftiReader.read(SAMPLE.resolve("dwi.nii.gz"));
		NiftiHeader odd = new NiftiHeader(1, java.nio.ByteOrder.LITTLE_ENDIAN, sample.shape(), new double[] { -1, -2, 2.5, -3, 0.8 },
				org.san2n.nifti.NiftiDataType.FLOAT32, 352, 1, 0, 1, 1, new double[] { 0.1, -0.2, 0.3 }, new double[] { 30, -40, 12 },
				new double[][] { { -2, 0.1, 0, 30 }, { 0, 2.5, 0.2, -40 }, { 0.1, 0, 3, 12 } }, NiftiHeader.UNITS_MM_SEC, "negative pixdim");
		Path in = dir.resolve("odd.nii.gz"), out = dir.resolve("odd-saved.nii.gz");
		org.san2n.nifti.NiftiWriter.write(in, odd, net.imglib2.img.array.ArrayImgs.floats(sample.voxels().clone(), sample.shape()));
		ImagePlus imp = NiftiHyperstacks.open(in, Progress.NONE, w -> {});
		NiftiHyperstacks.save(imp, out);
		NiftiHeader a = NiftiReader.read(in).header(), b = NiftiReader.read(out).header();
		assertEquals(a.qformCode(), b.qformCode());
		assertEquals(a.sformCode(), b.sformCode());
		assertArrayEquals(a.quatern(), b.quatern(), 0);
		assertArrayEquals(a.qoffset(), b.qoffset(), 0);
		for (int r = 0; r < 3; r++)
			assertArrayEquals(a.srow()[r], b.srow()[r], 0);
		assertArrayEquals(java.util.Arrays.copyOf(a.pixdim(), 5), java.util.Arrays.copyOf(b.pixdim(), 5), 0, "pixdim, signs included");
		assertArrayEquals(NiftiReader.read(in).voxels(), NiftiReader.read(out).voxels(), 0f);
	}

	@Test
	void gradientFilesOfAnotherLengthAreReportedNotAttached() throws IOException {
		Files.copy(SAMPLE.resolve("dwi.nii.gz"), dir.resolve("dwi.nii.gz"));
		Files.writeString(dir.resolve("dwi.bval"), "0 1000 1000\n");
		Files.writeString(dir.resolve("dwi.bvec"), "1 0 0\n0 1 0\n0 0 1\n");
		List<String> warnings = new ArrayList<>();
		ImagePlus imp = NiftiHyperstacks.open(dir.resolve("dwi.nii.gz"), Progress.NONE, warnings::add);
		assertNull(DwiProperties.gradients(imp));
		assertEquals(1, warnings.size());
		assertTrue(warnings.get(0).contains("3 gradient entries") && warnings.get(0).contains("32 volumes"), warnings.get(0));
	}

	@Test
	void aMaskOpensAsOneVolumeAndSavesAs3D() throws IOException {
		ImagePlus mask = NiftiHyperstacks.open(SAMPLE.resolve("mask.nii.gz"), Progress.NONE, w -> {});
		assertEquals(1, mask.getNFrames());
		Path out = dir.resolve("mask.nii");
		NiftiHyperstacks.save(mask, out);
		NiftiImage in = NiftiReader.read(SAMPLE.resolve("mask.nii.gz")), back = NiftiReader.read(out);
		assertArrayEquals(in.shape(), back.shape());
		assertArrayEquals(in.voxels(), back.voxels(), 0f);
	}

	@Test
	void anImageWithoutHeaderIsPlacedByItsCalibration() throws IOException {
		ImagePlus imp = HyperstacksTest.coded(VolumeAxis.FRAMES, 6, 4, 3, 5);
		Path out = dir.resolve("plain.nii.gz");
		NiftiHyperstacks.save(imp, out);
		NiftiHeader h = NiftiReader.readHeader(out);
		assertArrayEquals(new long[] { 6, 4, 3, 5 }, h.dims());
		assertArrayEquals(new double[] { 2, 2, 2.5 }, java.util.Arrays.copyOf(h.voxelSizes(), 3), 1e-6);
		float[] v = NiftiReader.read(out).voxels();
		assertEquals(HyperstacksTest.code(1, 3, 0, 0), v[1], "row 3 of ImageJ is NIfTI j = 0");
	}
}
