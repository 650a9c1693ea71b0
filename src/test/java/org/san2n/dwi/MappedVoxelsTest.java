package org.san2n.dwi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.Fixtures;
import org.san2n.nifti.NiftiImage;
import org.san2n.nifti.NiftiReader;

import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class MappedVoxelsTest {

	@TempDir
	Path tmp;

	final long[] shape = { 5, 4, 3, 3 };

	@Test
	void runsAcrossVolumesReadBackAsWritten() throws IOException {
		Voxels mapped = MappedVoxels.create(shape, tmp), heap = new HeapVoxels(shape);
		float[] values = new float[5 * 4 * 3 * 3];
		for (int i = 0; i < values.length; i++)
			values[i] = i * 0.5f - 7;
		// a run that starts inside volume 0 and ends in volume 2
		mapped.set(0, values, 0, 10);
		mapped.set(10, values, 10, values.length - 10);
		heap.set(0, values, 0, values.length);
		float[] back = new float[values.length];
		mapped.get(0, back, 0, back.length);
		assertArrayEquals(values, back, 0);
		float[] run = new float[70];
		mapped.get(50, run, 0, 70);
		float[] expected = new float[70];
		heap.get(50, expected, 0, 70);
		assertArrayEquals(expected, run, 0);
		assertFalse(mapped.onHeap());
	}

	@Test
	void viewsSeeTheMappedVoxels() throws IOException {
		Voxels mapped = MappedVoxels.create(shape, tmp);
		float[] values = new float[5 * 4 * 3 * 3];
		for (int i = 0; i < values.length; i++)
			values[i] = i;
		mapped.set(0, values, 0, values.length);
		int i = 0;
		for (FloatType t : Views.flatIterable(mapped.image()))
			assertEquals(values[i++], t.get(), 0);
		i = 2 * 60;
		for (FloatType t : Views.flatIterable(mapped.volume(2)))
			assertEquals(values[i++], t.get(), 0);
	}

	@Test
	void leavesNoFileBehind() throws IOException {
		MappedVoxels.create(shape, tmp);
		try (var files = Files.list(tmp)) {
			assertEquals(0, files.count());
		}
	}

	@Test
	void niftiStreamsIntoMappedVoxels() throws IOException {
		Path file = Fixtures.dir("nifti").resolve("i16_scaled_4d.nii");
		NiftiImage image = NiftiReader.read(file);
		Voxels mapped = MappedVoxels.create(image.shape(), tmp);
		NiftiReader.source(file).readInto(mapped::set, org.san2n.progress.Progress.NONE);
		float[] back = new float[image.voxels().length];
		mapped.get(0, back, 0, back.length);
		assertArrayEquals(image.voxels(), back, 0);
		assertTrue(back.length > 0);
	}
}
