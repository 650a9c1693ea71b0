package org.san2n;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.san2n.dwi.DwiScan;
import org.san2n.model.ModelMetadata;
import org.san2n.model.SNet;
import org.san2n.model.San2nModel;
import org.san2n.qspace.GradientSchemes;
import org.san2n.qspace.GradientTable;
import org.san2n.train.TrainingConfig;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import net.imglib2.img.array.ArrayImgs;

/** Small scans and untrained networks for tests of inference and model files. */
public final class TestModels {

	private TestModels() {}

	/** One b0, then {@code n − 1} directions of a b = 1000 shell. */
	public static GradientTable table(int n, long seed) {
		double[] b = new double[n];
		double[][] g = new double[n][];
		g[0] = new double[3];
		double[][] dirs = GradientSchemes.halfSphere(n - 1, new Random(seed));
		for (int v = 1; v < n; v++) {
			b[v] = 1000;
			g[v] = dirs[v - 1];
		}
		return new GradientTable(b, g);
	}

	/** Positive random intensities around 100 with some negative outliers' worth of spread. */
	public static DwiScan scan(int nx, int ny, int nz, GradientTable table, long seed) {
		long[] shape = { nx, ny, nz, table.size() };
		float[] data = new float[nx * ny * nz * table.size()];
		SplittableRandom r = new SplittableRandom(seed);
		for (int i = 0; i < data.length; i++)
			data[i] = (float) (100 + 40 * r.nextGaussian());
		double[][] affine = { { 2, 0, 0, -10 }, { 0, 2, 0, -12 }, { 0, 0, 2.5, -5 }, { 0, 0, 0, 1 } };
		return new DwiScan(ArrayImgs.floats(data, shape), table, org.san2n.space.ScanGeometry.of(affine, 1));
	}

	/** An untrained SNet for {@code table}, weights fixed by {@code seed}. */
	public static San2nModel randomModel(GradientTable table, int width, long seed) {
		return randomModel(table, width, seed, null);
	}

	/** As {@link #randomModel(GradientTable, int, long)}, trained for {@code objective} (null: the published one). */
	public static San2nModel randomModel(GradientTable table, int width, long seed, org.san2n.train.Objective objective) {
		return randomModel(table, width, seed, objective, objective == null ? 0 : objective.projection(table.size()));
	}

	/** As {@link #randomModel(GradientTable, int, long, org.san2n.train.Objective)}, with a q-space projection of {@code projection} channels. */
	public static San2nModel randomModel(GradientTable table, int width, long seed, org.san2n.train.Objective objective, int projection) {
		int n = table.size();
		NDManager manager = org.san2n.model.ComputeDevice.engine().newBaseManager();
		SequentialBlock block = SNet.create(n, width, projection);
		SNet.initialize(block, manager, objective == null ? n : objective.inputChannels(n), seed);
		int[] self = new int[n];
		for (int v = 0; v < n; v++)
			self[v] = v;
		double[] sigma = new double[n];
		java.util.Arrays.fill(sigma, 10);
		ModelMetadata meta = new ModelMetadata(ModelMetadata.FORMAT, ModelMetadata.versionFor(projection), ModelMetadata.METHOD, "test",
				n, width, table.bvals(), table.bvecs(), self, new double[n], sigma, 100, "test", TrainingConfig.DEFAULTS,
				List.of(), 0, "2026-01-01T00:00:00Z", null, null, objective == null ? null : objective.key(), 1, projection);
		return new San2nModel(manager, block, meta);
	}
}
