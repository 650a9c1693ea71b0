package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.san2n.LoggedProgress;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.mppca.MpPca;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.progress.Progress;
import org.san2n.qspace.GradientSchemes;
import org.san2n.qspace.GradientTable;
import org.san2n.qspace.PairingOptions;

import net.imglib2.img.array.ArrayImgs;

/** What is written is what was checked: the bias step reports its change and is checked by its own rule. */
class BiasRemovalTest {

	@Test
	void onALowSnrScanTheStepReportsTheChangeOfTheWrittenDataAndPasses() throws IOException {
		BrainPhantom.Phantom p = BrainPhantom.simulate(new PhantomSpec(new int[] { 24, 24, 12 }, new double[] { 1000, 3000 }, 12, 2, 3, 5));
		DwiScan noisy = p.noisy();
		MpPca.Result mppca = MpPca.denoise(noisy, null, false, MpPcaOptions.DEFAULTS, Progress.NONE);
		DwiScan out = mppca.scan();
		LoggedProgress log = new LoggedProgress();
		BiasRemoval.Report r = BiasRemoval.apply(noisy, out, p.mask(), DenoiseOptions.DEFAULTS, mppca.sigma(), false, log);
		assertTrue(r.passed(), r.problems().toString());
		// MP-PCA's map measures the magnitudes' spread, below σ where the signal is near the floor (here 243 against the
		// simulated 333: SNR 3, b = 3000); the step raises it to the complex data's σ (306: near the floor the root is
		// ill-conditioned, so not all the way).
		double measured = mppca.medianSigma(p.mask());
		assertTrue(measured < 0.8 * p.sigma(), "MP-PCA's median " + measured + ", σ " + p.sigma());
		assertEquals(p.sigma(), r.sigma(), 0.1 * p.sigma(), "the step's σ (MP-PCA's median " + measured + ")");
		double largest = 0;
		for (int v = 0; v < noisy.volumes(); v++) {
			// The report describes the written data: its means are those of out, measured again here.
			assertEquals(maskMean(out.volumeArray(v), p.mask()), r.after()[v], 1e-6 * Math.abs(r.after()[v]), "volume " + v);
			largest = Math.max(largest, (r.before()[v] - r.after()[v]) / r.before()[v]);
			assertTrue(Math.abs(r.model()[v] - r.input()[v]) < ResidualCheck.MEAN_SHIFT_SIGMA * r.sigma(), "volume " + v);
		}
		// At SNR 3 the step lowers the b = 3000 means far more than the output check would let a denoiser move them.
		assertTrue(largest > ResidualCheck.MEAN_SHIFT, "largest change " + largest);
		assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("Rician bias removed (σ = ") && l.contains("volume means changed by")),
				log.lines.toString());
	}

	@Test
	void dataThatAreNotMagnitudesFailTheStepsCheckAndNothingIsReturned() throws IOException {
		// Real-valued data (Gaussian noise around a signal near 0 in the weighted volumes, negatives kept): no noise
		// floor to remove, so the corrected signal, put back through the Rician mean, cannot give the input's means.
		int nx = 20, ny = 20, nz = 10, n = 24;
		double[] b = new double[n];
		double[][] g = new double[n][];
		double[][] directions = GradientSchemes.halfSphere(n - 2, new java.util.Random(3));
		for (int v = 0; v < n; v++) {
			b[v] = v < 2 ? 0 : 1000;
			g[v] = v < 2 ? new double[3] : directions[v - 2];
		}
		GradientTable gradients = new GradientTable(b, g);
		float[] values = new float[nx * ny * nz * n];
		SplittableRandom random = new SplittableRandom(7);
		double sigma = 100;
		for (int v = 0; v < n; v++)
			for (int i = 0; i < nx * ny * nz; i++)
				values[v * nx * ny * nz + i] = (float) ((gradients.bvals()[v] < 50 ? 2000 : 30) + sigma * random.nextGaussian());
		DwiScan scan = new DwiScan(ArrayImgs.floats(values, nx, ny, nz, n), gradients,
				org.san2n.space.ScanGeometry.axisAligned(new double[] { 2, 2, 2 }));
		BrainMask all = BrainMask.full(nx, ny, nz);
		DenoisingFailedException e = assertThrows(DenoisingFailedException.class, () -> Denoising.mppca(scan, all, PairingOptions.DEFAULTS,
				DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS, Progress.NONE));
		assertTrue(e.getMessage().startsWith("the bias removal did not give a result that can be trusted, so nothing was written")
				&& e.getMessage().contains("predicts a mean magnitude of") && e.getMessage().contains("--rician keep"), e.getMessage());
		// Without the step the same data are denoised.
		Denoising.mppca(scan, all, PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS.withUnbias(false), MpPcaOptions.DEFAULTS, Progress.NONE);
	}

	private static double maskMean(float[] volume, BrainMask mask) {
		double sum = 0;
		long count = 0;
		for (int i = 0; i < volume.length; i++)
			if (mask.contains(i)) {
				sum += volume[i];
				count++;
			}
		return sum / count;
	}
}
