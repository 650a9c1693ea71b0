package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.san2n.dwi.DwiScan;
import org.san2n.model.San2nModel;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.qspace.PairingOptions;
import org.san2n.train.Objective;
import org.san2n.train.San2nTrainer;
import org.san2n.train.TrainingConfig;
import org.san2n.train.TrainingData;
import org.san2n.train.TrainingInputs;

import ai.djl.Device;
import net.imglib2.img.array.ArrayImgs;

/**
 * SAN2N on a scan whose noise is correlated between neighbouring voxels in-plane: it trains on the voxels with x and y
 * even (whose noise is independent), records that in the model, and applies the network to each of the four in-plane
 * components, when training and when the saved model is applied to the scan again.
 */
class EveryOtherVoxelTest {

	/** The phantom's clean signal plus Gaussian noise of σ shared by each 2×2 block in-plane (nearest-neighbour 2×). */
	static DwiScan correlated(BrainPhantom.Phantom p, double sigma, long seed) {
		DwiScan clean = p.clean();
		int nx = clean.width(), ny = clean.height(), nz = clean.depth(), n = clean.volumes();
		SplittableRandom r = new SplittableRandom(seed);
		float[] noisy = new float[nx * ny * nz * n];
		for (int v = 0; v < n; v++) {
			float[] c = clean.volumeArray(v);
			double[] low = new double[(nx / 2 + 1) * (ny / 2 + 1) * nz];
			for (int i = 0; i < low.length; i++)
				low[i] = sigma * r.nextGaussian();
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++) {
						int i = (z * ny + y) * nx + x;
						noisy[v * nx * ny * nz + i] = (float) (c[i] + low[(z * (ny / 2 + 1) + y / 2) * (nx / 2 + 1) + x / 2]);
					}
		}
		return new DwiScan(ArrayImgs.floats(noisy, nx, ny, nz, n), clean.gradients(), clean.geometry());
	}

	static double squaredError(DwiScan a, DwiScan clean, byte[] inside) {
		double e = 0;
		for (int v = 0; v < a.volumes(); v++) {
			float[] x = a.volumeArray(v), c = clean.volumeArray(v);
			for (int i = 0; i < x.length; i++)
				if (inside[i] != 0) e += (x[i] - c[i]) * (x[i] - c[i]);
		}
		return e;
	}

	@Test
	void trainsOnEveryOtherVoxelAndAppliesToEachComponent() throws IOException {
		BrainPhantom.Phantom p = BrainPhantom.simulate(new PhantomSpec(new int[] { 40, 40, 12 }, new double[] { 1000 }, 16, 2, 10, 3));
		DwiScan noisy = correlated(p, p.sigma(), 5);
		org.san2n.LoggedProgress progress = new org.san2n.LoggedProgress();
		List<String> log = progress.lines;
		TrainingData data = TrainingInputs.prepare(noisy, p.mask(), null, PairingOptions.DEFAULTS, 0, progress);
		TrainingConfig config = TrainingConfig.DEFAULTS.withSteps(60).withHiddenWidth(8).withPatches(4, 2).withBatchSize(8);
		San2nTrainer trainer = new San2nTrainer(config, Objective.RECORRUPTED_MPPCA, Device.cpu(), progress, s -> {});
		AtomicReference<byte[]> saved = new AtomicReference<>();
		java.nio.file.Path file = java.nio.file.Files.createTempFile("every-other", ".san2n");
		Denoised result = Denoising.selfSupervised(data, trainer, DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS, progress, model -> {
			try {
				org.san2n.model.ModelFile.write(model, file);
				saved.set(new byte[1]);
			} catch (IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		DwiScan out = result.scan();
		// The σ and rank maps are the four components' MP-PCA bases', put together on the whole grid (positive in the brain).
		byte[] brain = p.mask().inside();
		int nx = noisy.width(), ny = noisy.height();
		float[] mostComponents = new float[4];
		for (int i = 0; i < brain.length; i++)
			if (brain[i] != 0) {
				assertTrue(result.sigma()[i] > 0, "voxel " + i + ": σ " + result.sigma()[i]);
				int phase = (i % nx) % 2 + 2 * ((i / nx % ny) % 2);
				mostComponents[phase] = Math.max(mostComponents[phase], result.rank()[i]);
			}
		for (float most : mostComponents)
			assertTrue(most >= 1, "a component's rank map is empty: " + java.util.Arrays.toString(mostComponents));
		String all = String.join("\n", log);
		assertTrue(all.contains("noise correlated between neighbouring voxels"), all);
		assertTrue(all.contains("SAN2N trains on every other voxel in-plane"), all);
		// All four components' training inputs were made (and their MP-PCA bases reused when the network is applied).
		for (String component : new String[] { "x even, y even", "x even, y odd", "x odd, y even", "x odd, y odd" })
			assertTrue(all.contains("training inputs on the voxels with " + component), all);
		// The network was kept (it beat MP-PCA on held-out patches) and applied, not polyphase MP-PCA alone.
		assertFalse(all.contains("did not improve on MP-PCA"), all);
		assertTrue(all.contains("denoising") || all.contains("on the voxels with x odd, y odd"), all);
		assertArrayEquals(noisy.voxels().shape(), out.voxels().shape());
		byte[] inside = p.mask().inside();
		double before = squaredError(noisy, p.clean(), inside), after = squaredError(out, p.clean(), inside);
		// MP-PCA of every voxel removes almost nothing of correlated noise; on every other voxel it removes most of it.
		assertTrue(after < 0.5 * before, "error against the clean signal " + after + " vs the input's " + before);

		try (San2nModel model = org.san2n.model.ModelFile.read(file, Device.cpu())) {
			assertTrue(model.metadata().everyOtherVoxel());
			// Trained on every other voxel: the network as published, without the q-space projection (a version-3 file).
			assertEquals(0, model.metadata().projection());
			assertEquals(org.san2n.model.ModelMetadata.EVERY_OTHER_VOXEL_VERSION, model.metadata().formatVersion());
			log.clear();
			DwiScan again = Denoising.withModel(model, noisy, p.mask(), PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS,
					progress).scan();
			String applied = String.join("\n", log);
			assertTrue(applied.contains("applied to each of the four such components"), applied);
			assertFalse(applied.contains("the model is not used"), applied);
			assertTrue(squaredError(again, p.clean(), inside) < 0.5 * before);

			// On white noise the model (trained for correlated noise) is not used, and the log says why.
			log.clear();
			Denoising.withModel(model, p.noisy(), p.mask(), PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS, progress);
			assertTrue(String.join("\n", log).contains("the model was trained on a scan whose noise is correlated"), String.join("\n", log));
		} finally {
			java.nio.file.Files.deleteIfExists(file);
		}
		assertEquals(1, saved.get().length);
	}
}
