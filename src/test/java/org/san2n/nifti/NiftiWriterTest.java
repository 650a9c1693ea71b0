package org.san2n.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.Fixtures;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

class NiftiWriterTest {

	@Test
	void roundTripKeepsValuesAndGeometry(@TempDir Path tmp) throws IOException {
		for (String name : new String[] { "out.nii", "out.nii.gz" }) {
			NiftiImage in = NiftiReader.read(Fixtures.dir("nifti").resolve("i16_scaled_4d.nii"));
			Path out = tmp.resolve(name);
			NiftiWriter.write(out, in.header(), in.data());
			NiftiImage back = NiftiReader.read(out);

			assertEquals(NiftiDataType.FLOAT32, back.header().dataType());
			assertArrayEquals(in.shape(), back.shape());
			assertArrayEquals(in.voxels(), back.voxels(), 0f);
			assertArrayEquals(in.header().voxelSizes(), back.header().voxelSizes(), 1e-6);
			assertEquals(in.header().qformCode(), back.header().qformCode());
			assertEquals(in.header().sformCode(), back.header().sformCode());
			assertEquals(in.header().xyztUnits(), back.header().xyztUnits());
			double[][] a = in.header().affine(), b = back.header().affine();
			for (int r = 0; r < 4; r++)
				assertArrayEquals(a[r], b[r], 1e-6);
			double[][] qa = NiftiGeometry.qformAffine(back.header().quatern(), back.header().qoffset(), back.header().pixdim());
			for (int r = 0; r < 3; r++)
				assertArrayEquals(a[r], qa[r], 1e-4, "qform kept");
		}
	}

	@Test
	void writesViewsAsWellAsArrays(@TempDir Path tmp) throws IOException {
		var img = ArrayImgs.floats(4, 3, 2);
		float[] v = img.update(null).getCurrentStorageArray();
		for (int i = 0; i < v.length; i++)
			v[i] = i;
		double[][] affine = { { 2, 0, 0, -10 }, { 0, 2, 0, 5 }, { 0, 0, 3, 1 }, { 0, 0, 0, 1 } };
		Path out = tmp.resolve("view.nii");
		NiftiWriter.write(out, NiftiHeader.forAffine(img.dimensionsAsLongArray(), affine, new double[0]),
				Views.interval(img, img));
		NiftiImage back = NiftiReader.read(out);
		assertArrayEquals(v, back.voxels(), 0f);
		for (int r = 0; r < 4; r++)
			assertArrayEquals(affine[r], back.header().affine()[r], 1e-6);
		double[][] qa = NiftiGeometry.qformAffine(back.header().quatern(), back.header().qoffset(), back.header().pixdim());
		for (int r = 0; r < 3; r++)
			assertArrayEquals(affine[r], qa[r], 1e-6);
	}

	@Test
	void leftHandedAffineKeepsItsQfac(@TempDir Path tmp) throws IOException {
		double[][] affine = { { -1.5, 0, 0, 90 }, { 0, 1.5, 0, -126 }, { 0, 0, 2, -72 }, { 0, 0, 0, 1 } };
		NiftiGeometry.Qform q = NiftiGeometry.qformFromAffine(affine);
		double[] pixdim = { q.qfac(), 1.5, 1.5, 2, 0, 0, 0, 0 };
		double[][] back = NiftiGeometry.qformAffine(q.quatern(), q.offset(), pixdim);
		for (int r = 0; r < 3; r++)
			assertArrayEquals(affine[r], back[r], 1e-9);
	}

	@Test
	void refusesOtherExtensionsAndLeavesNoPartialFile(@TempDir Path tmp) throws IOException {
		var img = ArrayImgs.floats(2, 2, 2);
		NiftiHeader h = NiftiHeader.forAffine(img.dimensionsAsLongArray(), new double[][] { { 1, 0, 0, 0 },
				{ 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } }, new double[0]);
		assertThrows(NiftiFormatException.class, () -> NiftiWriter.write(tmp.resolve("x.png"), h, img));
		var tooWide = ArrayImgs.floats(40000, 1, 1);
		var e = assertThrows(NiftiFormatException.class, () -> NiftiWriter.write(tmp.resolve("wide.nii"), h, tooWide));
		org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("32767"), e.getMessage());
		NiftiWriter.write(tmp.resolve("ok.nii"), h, img);
		try (var files = Files.list(tmp)) {
			assertEquals(1, files.count(), "only the finished file remains");
		}
	}

	@Test
	void overwritesOnlyOnceTheNewFileIsComplete(@TempDir Path tmp) throws IOException {
		var img = ArrayImgs.floats(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 2);
		NiftiHeader h = NiftiHeader.forAffine(img.dimensionsAsLongArray(), new double[][] { { 1, 0, 0, 0 },
				{ 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } }, new double[0]);
		Path out = tmp.resolve("a.nii.gz");
		NiftiWriter.write(out, h, img);
		NiftiWriter.write(out, h, ArrayImgs.floats(new float[] { 8, 7, 6, 5, 4, 3, 2, 1 }, 2, 2, 2));
		assertArrayEquals(new float[] { 8, 7, 6, 5, 4, 3, 2, 1 }, NiftiReader.read(out).voxels(), 0f);
	}
}
