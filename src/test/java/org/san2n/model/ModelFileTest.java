package org.san2n.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.TestModels;
import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.TiledDenoiser;
import org.san2n.dwi.DwiScan;
import org.san2n.progress.Progress;
import org.san2n.qspace.GradientTable;

import ai.djl.Device;

class ModelFileTest {

	@TempDir
	Path dir;

	final GradientTable table = TestModels.table(4, 8);

	@Test
	void roundTripKeepsWeightsAndMetadata() throws IOException {
		DwiScan scan = TestModels.scan(7, 6, 5, table, 1);
		Path file = dir.resolve("m.san2n");
		float[] before, after;
		org.san2n.train.TrainingConfig written;
		try (San2nModel model = TestModels.randomModel(table, 5, 11)) {
			written = model.metadata().config();
			before = TiledDenoiser.denoise(model, scan, null, 100, DenoiseOptions.DEFAULTS, Progress.NONE).toArray();
			ModelFile.write(model, file);
		}
		try (San2nModel loaded = ModelFile.read(file, Device.cpu())) {
			assertEquals(4, loaded.metadata().channels());
			assertEquals(5, loaded.metadata().width());
			assertArrayEquals(table.bvals(), loaded.metadata().bvals());
			assertEquals(written, loaded.metadata().config());
			after = TiledDenoiser.denoise(loaded, scan, null, 100, DenoiseOptions.DEFAULTS, Progress.NONE).toArray();
		}
		assertArrayEquals(before, after, 0f);
	}

	@Test
	void aModelTrainedOnEveryOtherVoxelSaysSoAndOlderFilesMeanEveryVoxel() throws IOException {
		Path file = dir.resolve("m.san2n"), old = dir.resolve("old.san2n");
		try (San2nModel model = TestModels.randomModel(table, 5, 11)) {
			assertFalse(model.metadata().everyOtherVoxel());
			model.recordTrainedOnEveryOtherVoxel();
			ModelFile.write(model, file);
		}
		try (San2nModel loaded = ModelFile.read(file, Device.cpu())) {
			assertTrue(loaded.metadata().everyOtherVoxel());
			// A reader of version 2 would apply it to every voxel: such a model is version 3, the others stay 2.
			assertEquals(3, loaded.metadata().formatVersion());
		}
		try (San2nModel every = TestModels.randomModel(table, 5, 11)) {
			assertEquals(2, every.metadata().formatVersion());
		}
		// A file written before the field existed: the same entries, the metadata without it.
		try (var in = new java.util.zip.ZipFile(file.toFile()); OutputStream raw = Files.newOutputStream(old);
				ZipOutputStream zip = new ZipOutputStream(raw)) {
			for (var e : java.util.Collections.list(in.entries())) {
				byte[] bytes = in.getInputStream(e).readAllBytes();
				if (e.getName().endsWith(".json")) {
					String json = new String(bytes, StandardCharsets.UTF_8);
					assertTrue(json.contains("\"inPlaneStep\": 2"), json);
					bytes = json.replaceAll(",\\s*\"inPlaneStep\": 2", "").getBytes(StandardCharsets.UTF_8);
				}
				zip.putNextEntry(new ZipEntry(e.getName()));
				zip.write(bytes);
				zip.closeEntry();
			}
		}
		try (San2nModel loaded = ModelFile.read(old, Device.cpu())) {
			assertFalse(loaded.metadata().everyOtherVoxel());
			assertEquals(5, loaded.metadata().width());
		}
	}

	@Test
	void aProjectedModelIsVersion4AndReadsBackTheSameNetwork() throws IOException {
		DwiScan scan = TestModels.scan(7, 6, 5, table, 1);
		DwiScan base = TestModels.scan(7, 6, 5, table, 2);
		Path file = dir.resolve("p.san2n");
		float[] before, after;
		try (San2nModel model = TestModels.randomModel(table, 5, 11, org.san2n.train.Objective.RECORRUPTED_MPPCA)) {
			assertEquals(8, model.metadata().projection(), "2N = 8 input channels, projected to min(8, 32)");
			assertEquals(ModelMetadata.PROJECTED_VERSION, model.metadata().formatVersion());
			// Last layer random (not 0): the network's whole output is compared, not MP-PCA's base alone.
			before = TiledDenoiser.denoise(model, scan, base, null, 100, DenoiseOptions.DEFAULTS, Progress.NONE).toArray();
			model.recordTrainedOnEveryOtherVoxel();
			assertEquals(ModelMetadata.PROJECTED_VERSION, model.metadata().formatVersion(), "every other voxel does not lower the version");
			ModelFile.write(model, file);
		}
		try (San2nModel loaded = ModelFile.read(file, Device.cpu())) {
			assertEquals(8, loaded.metadata().projection());
			after = TiledDenoiser.denoise(loaded, scan, base, null, 100, DenoiseOptions.DEFAULTS, Progress.NONE).toArray();
		}
		assertArrayEquals(before, after, 0f);

		// A recorrupted network without a projection (every other voxel, and every model written before it) reads back as one.
		Path plain = dir.resolve("plain.san2n");
		try (San2nModel model = TestModels.randomModel(table, 5, 11, org.san2n.train.Objective.RECORRUPTED_MPPCA, 0)) {
			assertEquals(ModelMetadata.EVERY_VOXEL_VERSION, model.metadata().formatVersion());
			before = TiledDenoiser.denoise(model, scan, base, null, 100, DenoiseOptions.DEFAULTS, Progress.NONE).toArray();
			ModelFile.write(model, plain);
		}
		try (San2nModel loaded = ModelFile.read(plain, Device.cpu())) {
			assertEquals(0, loaded.metadata().projection());
			assertArrayEquals(before, TiledDenoiser.denoise(loaded, scan, base, null, 100, DenoiseOptions.DEFAULTS, Progress.NONE).toArray(), 0f);
		}

		// A projection in a file that says version 3 is damaged or foreign: a version-3 reader would build another network.
		Path three = dir.resolve("three.san2n");
		rewriteMetadata(file, three, json -> json.replaceAll("\"formatVersion\": 4", "\"formatVersion\": 3"));
		IOException e = assertThrows(IOException.class, () -> ModelFile.read(three, Device.cpu()));
		assertTrue(e.getMessage().contains("three.san2n") && e.getMessage().contains("q-space projection 8"), e.getMessage());
		// Without the field (files written before it), the network has no projection: these parameters do not fit it.
		Path none = dir.resolve("none.san2n");
		rewriteMetadata(file, none, json -> json.replaceAll(",\\s*\"projection\": 8", ""));
		e = assertThrows(IOException.class, () -> ModelFile.read(none, Device.cpu()));
		assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
	}

	private static void rewriteMetadata(Path from, Path to, java.util.function.UnaryOperator<String> edit) throws IOException {
		try (var in = new java.util.zip.ZipFile(from.toFile()); OutputStream raw = Files.newOutputStream(to);
				ZipOutputStream zip = new ZipOutputStream(raw)) {
			for (var e : java.util.Collections.list(in.entries())) {
				byte[] bytes = in.getInputStream(e).readAllBytes();
				if (e.getName().endsWith(".json")) {
					String json = new String(bytes, StandardCharsets.UTF_8), edited = edit.apply(json);
					assertTrue(!edited.equals(json), "the edit changed nothing in " + json);
					bytes = edited.getBytes(StandardCharsets.UTF_8);
				}
				zip.putNextEntry(new ZipEntry(e.getName()));
				zip.write(bytes);
				zip.closeEntry();
			}
		}
	}

	@Test
	void refusesFilesThatAreNotModels() throws IOException {
		Path text = Files.writeString(dir.resolve("notes.san2n"), "hello");
		IOException e = assertThrows(IOException.class, () -> ModelFile.read(text, Device.cpu()));
		assertTrue(e.getMessage().contains("notes.san2n") && e.getMessage().contains("not a SAN2N model"), e.getMessage());

		Path half = dir.resolve("half.san2n");
		zip(half, "metadata.json", "{\"format\":\"san2n-model\"}");
		e = assertThrows(IOException.class, () -> ModelFile.read(half, Device.cpu()));
		assertTrue(e.getMessage().contains("parameters.djl"), e.getMessage());

		assertThrows(IOException.class, () -> ModelFile.read(dir.resolve("missing.san2n"), Device.cpu()));
	}

	@Test
	void refusesParametersOfAnotherShape() throws IOException {
		Path a = dir.resolve("a.san2n"), b = dir.resolve("b.san2n");
		try (San2nModel wide = TestModels.randomModel(table, 5, 1); San2nModel narrow = TestModels.randomModel(table, 3, 1)) {
			ModelFile.write(wide, a);
			ModelFile.write(narrow, b);
		}
		// b's metadata with a's parameters
		Path mixed = dir.resolve("mixed.san2n");
		try (var za = new java.util.zip.ZipFile(a.toFile()); var zb = new java.util.zip.ZipFile(b.toFile());
				OutputStream out = Files.newOutputStream(mixed); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("metadata.json"));
			zb.getInputStream(zb.getEntry("metadata.json")).transferTo(zip);
			zip.putNextEntry(new ZipEntry("parameters.djl"));
			za.getInputStream(za.getEntry("parameters.djl")).transferTo(zip);
		}
		IOException e = assertThrows(IOException.class, () -> ModelFile.read(mixed, Device.cpu()));
		assertTrue(e.getMessage().contains("width 3"), e.getMessage());
	}

	@Test
	void writingNeverLeavesAPartialFile() throws IOException {
		Path file = dir.resolve("m.san2n");
		Files.writeString(file, "old");
		try (San2nModel model = TestModels.randomModel(table, 3, 1)) {
			ModelFile.write(model, file);
		}
		try (var s = Files.list(dir)) {
			assertEquals(1, s.count(), "no temporary file left");
		}
		assertTrue(Files.size(file) > 100);
	}

	private static void zip(Path file, String entry, String content) throws IOException {
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry(entry));
			zip.write(content.getBytes(StandardCharsets.UTF_8));
		}
	}
}
