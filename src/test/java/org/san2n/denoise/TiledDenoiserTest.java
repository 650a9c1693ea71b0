package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.san2n.TestModels;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.model.San2nModel;
import org.san2n.progress.CancelledException;
import org.san2n.progress.Progress;
import org.san2n.qspace.GradientTable;

import net.imglib2.img.array.ArrayImgs;

class TiledDenoiserTest {

	final GradientTable table = TestModels.table(5, 3);
	final DwiScan scan = TestModels.scan(13, 11, 9, table, 4);

	private float[] run(San2nModel model, DwiScan s, BrainMask mask, DenoiseOptions options) {
		try {
			return TiledDenoiser.denoise(model, s, mask, 100, options, Progress.NONE).toArray();
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	void tilesGiveTheSinglePassResult() {
		try (San2nModel model = TestModels.randomModel(table, 6, 1)) {
			float[] whole = run(model, scan, null, DenoiseOptions.DEFAULTS.withTile(64)); // one tile holds the scan
			for (int tile : new int[] { 3, 4, 5, 7 }) {
				float[] tiled = run(model, scan, null, DenoiseOptions.DEFAULTS.withTile(tile));
				for (int i = 0; i < whole.length; i++)
					assertEquals(whole[i], tiled[i], 1e-4f * Math.max(1, Math.abs(whole[i])), "tile " + tile + " voxel " + i);
			}
		}
	}

	@Test
	void mirrorAveragingIsTheMeanOverTheEightMirroredScans() {
		int nx = 13, ny = 11, nz = 9, n = 5;
		try (San2nModel model = TestModels.randomModel(table, 6, 5)) {
			float[] averaged = run(model, scan, null, DenoiseOptions.DEFAULTS.withTile(4).withFlips(true));
			double[] sum = new double[averaged.length];
			boolean[] clipped = new boolean[averaged.length];
			for (int f = 0; f < 8; f++) {
				float[] mirrored = mirror(scan.toArray(), nx, ny, nz, n, f);
				DwiScan m = new DwiScan(ArrayImgs.floats(mirrored, nx, ny, nz, n), table, scan.geometry());
				float[] out = mirror(run(model, m, null, DenoiseOptions.DEFAULTS.withTile(64).withFlips(false)), nx, ny, nz, n, f);
				for (int i = 0; i < out.length; i++) {
					sum[i] += out[i];
					clipped[i] |= out[i] == 0;
				}
			}
			int compared = 0;
			for (int i = 0; i < averaged.length; i++)
				if (!clipped[i]) {
					assertEquals(sum[i] / 8, averaged[i], 1e-4 * Math.max(1, Math.abs(averaged[i])), "voxel " + i);
					compared++;
				}
			assertTrue(compared > averaged.length / 2, "most voxels are compared: " + compared);
		}
	}

	/** The scan flipped along x (bit 0 of f), y (bit 1) and z (bit 2). */
	static float[] mirror(float[] a, int nx, int ny, int nz, int n, int f) {
		float[] out = new float[a.length];
		for (int v = 0; v < n; v++)
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++) {
						int mx = (f & 1) != 0 ? nx - 1 - x : x, my = (f & 2) != 0 ? ny - 1 - y : y, mz = (f & 4) != 0 ? nz - 1 - z : z;
						out[((v * nz + mz) * ny + my) * nx + mx] = a[((v * nz + z) * ny + y) * nx + x];
					}
		return out;
	}

	@Test
	void aMemoryMappedScanGivesTheSameResult(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
		org.san2n.dwi.Voxels mapped = org.san2n.dwi.MappedVoxels.create(scan.voxels().shape(), tmp);
		float[] all = scan.toArray();
		mapped.set(0, all, 0, all.length);
		try (San2nModel model = TestModels.randomModel(table, 6, 7)) {
			assertArrayEquals(run(model, scan, null, DenoiseOptions.DEFAULTS.withTile(5)),
					run(model, scan.withVoxels(mapped), null, DenoiseOptions.DEFAULTS.withTile(5)), 0f);
		}
	}

	@Test
	void nanVoxelsDoNotSpread() {
		float[] all = scan.toArray();
		for (int i = 0; i < all.length; i += 7)
			all[i] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
		DwiScan holes = new DwiScan(ArrayImgs.floats(all, 13, 11, 9, 5), table, scan.geometry());
		try (San2nModel model = TestModels.randomModel(table, 6, 8)) {
			for (float v : run(model, holes, null, DenoiseOptions.DEFAULTS.withTile(4)))
				assertTrue(Float.isFinite(v));
		}
	}

	@Test
	void outputIsNonNegativeAndNotTheInput() {
		try (San2nModel model = TestModels.randomModel(table, 6, 2)) {
			float[] out = run(model, scan, null, DenoiseOptions.DEFAULTS);
			float[] in = scan.toArray();
			double diff = 0;
			for (int i = 0; i < out.length; i++) {
				assertTrue(out[i] >= 0, "clipped at 0");
				diff += Math.abs(out[i] - in[i]);
			}
			assertTrue(diff > 0);
		}
	}

	@Test
	void outsideTheMaskKeepOrZero() {
		byte[] inside = new byte[13 * 11 * 9];
		for (int i = 0; i < inside.length; i += 3)
			inside[i] = 1;
		BrainMask mask = BrainMask.of(inside, 13, 11, 9);
		try (San2nModel model = TestModels.randomModel(table, 6, 3)) {
			float[] all = run(model, scan, mask, DenoiseOptions.DEFAULTS.withTile(5));
			float[] keep = run(model, scan, mask, DenoiseOptions.DEFAULTS.withTile(5).withOutside(OutsideMask.KEEP));
			float[] zero = run(model, scan, mask, DenoiseOptions.DEFAULTS.withTile(5).withOutside(OutsideMask.ZERO));
			float[] in = scan.toArray();
			for (int i = 0; i < all.length; i++) {
				boolean brain = inside[i % inside.length] != 0;
				assertEquals(brain ? all[i] : in[i], keep[i], 1e-4f * Math.abs(in[i]) + 1e-4f);
				assertEquals(brain ? all[i] : 0, zero[i], 1e-4f * Math.abs(all[i]) + 1e-4f);
			}
		}
	}

	@Test
	void volumesInAnotherOrderAreRemapped() {
		// The same scan with its volumes (and table rows) reversed gives the same volumes, reversed.
		int n = table.size(), size = 13 * 11 * 9;
		double[] b = new double[n];
		double[][] g = new double[n][];
		float[] reversed = new float[scan.toArray().length];
		for (int v = 0; v < n; v++) {
			b[v] = table.bval(n - 1 - v);
			g[v] = table.direction(n - 1 - v);
			System.arraycopy(scan.toArray(), (n - 1 - v) * size, reversed, v * size, size);
		}
		DwiScan other = new DwiScan(ArrayImgs.floats(reversed, 13, 11, 9, n), new GradientTable(b, g), scan.geometry());
		try (San2nModel model = TestModels.randomModel(table, 6, 4)) {
			float[] a = run(model, scan, null, DenoiseOptions.DEFAULTS);
			float[] r = run(model, other, null, DenoiseOptions.DEFAULTS);
			for (int v = 0; v < n; v++)
				assertArrayEquals(java.util.Arrays.copyOfRange(a, (n - 1 - v) * size, (n - v) * size),
						java.util.Arrays.copyOfRange(r, v * size, (v + 1) * size), 1e-3f, "volume " + v);
		}
	}

	@Test
	void refusesAScanWithAnotherGradientTable() {
		try (San2nModel model = TestModels.randomModel(table, 6, 5)) {
			DwiScan other = TestModels.scan(6, 6, 6, TestModels.table(5, 99), 1);
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
					() -> run(model, other, null, DenoiseOptions.DEFAULTS));
			assertTrue(e.getMessage().contains("gradient table"), e.getMessage());
			DwiScan fewer = TestModels.scan(6, 6, 6, TestModels.table(4, 3), 1);
			e = assertThrows(IllegalArgumentException.class, () -> run(model, fewer, null, DenoiseOptions.DEFAULTS));
			assertTrue(e.getMessage().contains("5 volumes") && e.getMessage().contains("4"), e.getMessage());
		}
	}

	@Test
	void cancelStopsBetweenTiles() {
		Progress cancelAfterTwo = new Progress() {
			long seen;

			@Override
			public void update(String stage, long done, long total) {
				seen = done;
			}

			@Override
			public boolean isCancelled() {
				return seen >= 2;
			}
		};
		try (San2nModel model = TestModels.randomModel(table, 6, 6)) {
			assertThrows(CancelledException.class, () -> TiledDenoiser.denoise(model, scan, null, 100,
					DenoiseOptions.DEFAULTS.withTile(4), cancelAfterTwo));
		}
	}

	@Test
	void automaticTileShrinksForWideNetworks() {
		assertTrue(TiledDenoiser.automaticTile(288) < TiledDenoiser.automaticTile(32));
		assertTrue(TiledDenoiser.automaticTile(288) >= 8);
	}

	/**
	 * A model refining MP-PCA whose network outputs only its last layer's bias c (other weights 0) gives
	 * base + ½·c·scale in every voxel (half the correction: RecorruptedMpPca.AT_THE_SCANS_NOISE), also when the
	 * scan lists its volumes in another order than the model (the base is read through the same volume map).
	 */
	@Test
	void aRecorruptedModelAddsHalfItsCorrectionToTheBaseInTheScansVolumeOrder() throws java.io.IOException {
		int n = table.size();
		try (San2nModel model = TestModels.randomModel(table, 6, 3, org.san2n.train.Objective.RECORRUPTED_MPPCA)) {
			var layers = model.block().getChildren().values();
			float[] bias = new float[n];
			for (var p : model.block().getParameters()) p.getValue().getArray().set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
			for (int v = 0; v < n; v++)
				bias[v] = 0.01f * (v + 1);
			for (var p : layers.get(layers.size() - 1).getParameters())
				if (p.getKey().contains("bias")) p.getValue().getArray().set(bias);
			// The scan with its volumes reversed, and a base that differs from it.
			int[] order = new int[n];
			for (int v = 0; v < n; v++)
				order[v] = n - 1 - v;
			double[] b = new double[n];
			double[][] g = new double[n][];
			float[] voxels = scan.toArray(), reversed = new float[voxels.length], base = new float[voxels.length];
			int size = 13 * 11 * 9;
			for (int v = 0; v < n; v++) {
				b[v] = table.bvals()[order[v]];
				g[v] = table.bvecs()[order[v]];
				System.arraycopy(voxels, order[v] * size, reversed, v * size, size);
			}
			for (int i = 0; i < base.length; i++)
				base[i] = 50 + reversed[i] / 2;
			GradientTable permuted = new GradientTable(b, g);
			DwiScan s = new DwiScan(ArrayImgs.floats(reversed, 13, 11, 9, n), permuted, scan.geometry());
			DwiScan baseScan = new DwiScan(ArrayImgs.floats(base, 13, 11, 9, n), permuted, scan.geometry());
			float[] out = TiledDenoiser.denoise(model, s, baseScan, null, 100, DenoiseOptions.DEFAULTS.withTile(5).withFlips(false),
					Progress.NONE).toArray();
			for (int v = 0; v < n; v++)
				for (int i = 0; i < size; i++) {
					double expected = base[v * size + i] + 0.5 * bias[order[v]] * 100;
					assertEquals(expected, out[v * size + i], 1e-3 * expected, "volume " + v + " voxel " + i);
				}
			assertThrows(IllegalArgumentException.class,
					() -> TiledDenoiser.denoise(model, s, null, null, 100, DenoiseOptions.DEFAULTS, Progress.NONE));
		}
	}
}
