package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.nifti.NiftiDataType;
import org.san2n.nifti.NiftiHeader;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;
import org.san2n.nifti.NiftiWriter;

import net.imglib2.img.array.ArrayImgs;

/**
 * Outputs on the scan's grid (denoise, mask) keep its placement field for field, including a qform whose pixdim
 * are negative: nibabel refuses such a qform and niftilib reads a negative voxel size as 1, so a header rebuilt
 * from the affine (another quaternion, positive pixdim) would be placed elsewhere by them.
 */
class OutputGeometryTest {

	@TempDir
	static Path dir;
	static String bvals, bvecs;
	static NiftiImage phantom;

	@BeforeAll
	static void phantom() throws IOException {
		San2nCliTest.Result s = San2nCliTest.run("simulate", "--out", dir.toString(), "--size", "12", "12", "8", "--directions", "8",
				"--b0", "2", "--shells", "1000");
		assertEquals(0, s.code(), s.err());
		bvals = dir.resolve("bvals").toString();
		bvecs = dir.resolve("bvecs").toString();
		phantom = NiftiReader.read(dir.resolve("dwi.nii.gz"));
	}

	/** The phantom's voxels under a header with negative pixdim[1] and pixdim[3], a rotated qform and an sform. */
	static Path oddlyPlaced(String name, int sformCode) throws IOException {
		double[][] srow = sformCode == 0 ? new double[3][4]
				: new double[][] { { -2, 0.1, 0, 30 }, { 0, 2.5, 0.2, -40 }, { 0.1, 0, 3, 12 } };
		NiftiHeader header = new NiftiHeader(1, ByteOrder.LITTLE_ENDIAN, phantom.shape(), new double[] { -1, -2, 2.5, -3, 0.8 },
				NiftiDataType.FLOAT32, 352, 1, 0, 1, sformCode, new double[] { 0.1, -0.2, 0.3 }, new double[] { 30, -40, 12 }, srow,
				NiftiHeader.UNITS_MM_SEC, "negative pixdim");
		Path file = dir.resolve(name);
		NiftiWriter.write(file, header, ArrayImgs.floats(phantom.voxels().clone(), phantom.shape()));
		return file;
	}

	static void assertSamePlacement(NiftiHeader in, NiftiHeader out, int dims) {
		assertEquals(in.qformCode(), out.qformCode(), "qform_code");
		assertEquals(in.sformCode(), out.sformCode(), "sform_code");
		assertArrayEquals(in.quatern(), out.quatern(), 0, "quatern_b/c/d");
		assertArrayEquals(in.qoffset(), out.qoffset(), 0, "qoffset");
		for (int r = 0; r < 3; r++)
			assertArrayEquals(in.srow()[r], out.srow()[r], 0, "srow " + r);
		assertArrayEquals(java.util.Arrays.copyOf(in.pixdim(), dims + 1), java.util.Arrays.copyOf(out.pixdim(), dims + 1), 0,
				"pixdim[0.." + dims + "], signs included");
		assertEquals(in.xyztUnits(), out.xyztUnits(), "xyzt_units");
		double[][] a = in.affine(), b = out.affine();
		for (int r = 0; r < 4; r++)
			assertArrayEquals(a[r], b[r], 0, "affine row " + r);
	}

	@Test
	void denoiseKeepsAQformWithNegativePixdimFieldForField() throws IOException {
		for (int sformCode : new int[] { 0, 2 }) {
			Path in = oddlyPlaced("negative-" + sformCode + ".nii.gz", sformCode);
			Path out = dir.resolve("denoised-" + sformCode + ".nii.gz");
			San2nCliTest.Result r = San2nCliTest.run("denoise", "--dwi", in.toString(), "--bvals", bvals, "--bvecs", bvecs, "--out",
					out.toString());
			assertEquals(0, r.code(), r.err());
			assertSamePlacement(NiftiReader.readHeader(in), NiftiReader.readHeader(out), 4);
		}
	}

	@Test
	void maskKeepsAQformWithNegativePixdimFieldForField() throws IOException {
		Path in = oddlyPlaced("negative-mask-input.nii.gz", 0);
		Path out = dir.resolve("mask-out.nii.gz");
		San2nCliTest.Result r = San2nCliTest.run("mask", "--dwi", in.toString(), "--bvals", bvals, "--bvecs", bvecs, "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		NiftiHeader written = NiftiReader.readHeader(out);
		assertEquals(3, written.ndim());
		assertSamePlacement(NiftiReader.readHeader(in), written, 3);
	}
}
