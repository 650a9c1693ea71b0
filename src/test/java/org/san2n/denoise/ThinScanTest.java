package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.progress.Progress;
import org.san2n.qspace.PairingOptions;

import net.imglib2.img.array.ArrayImgs;

/** A scan of two slices (MRtrix3's dwidenoise crashed on one, a real spinal-cord acquisition) is denoised. */
class ThinScanTest {

	@Test
	void aTwoSliceScanIsDenoisedAndCheckedLikeAnyOther() throws IOException {
		BrainPhantom.Phantom p = BrainPhantom.simulate(new PhantomSpec(new int[] { 24, 24, 8 }, new double[] { 1000 }, 20, 2, 10, 4));
		DwiScan full = p.noisy();
		int plane = full.width() * full.height(), from = 3, slices = 2, n = full.volumes();
		float[] values = new float[plane * slices * n];
		for (int v = 0; v < n; v++)
			System.arraycopy(full.volumeArray(v), from * plane, values, v * plane * slices, plane * slices);
		DwiScan thin = new DwiScan(ArrayImgs.floats(values, full.width(), full.height(), slices, n), full.gradients(), full.geometry());
		byte[] inside = new byte[plane * slices];
		System.arraycopy(p.mask().inside(), from * plane, inside, 0, inside.length);
		BrainMask mask = BrainMask.of(inside, full.width(), full.height(), slices);

		DwiScan out = Denoising.mppca(thin, mask, PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS, Progress.NONE);
		assertEquals(slices, out.voxels().shape()[2]);
		double before = 0, after = 0;
		for (int v = 0; v < n; v++) {
			float[] noisy = thin.volumeArray(v), denoised = out.volumeArray(v);
			float[] clean = p.clean().volumeArray(v);
			for (int i = 0; i < noisy.length; i++)
				if (inside[i] != 0) {
					double c = clean[from * plane + i];
					before += (noisy[i] - c) * (noisy[i] - c);
					after += (denoised[i] - c) * (denoised[i] - c);
				}
		}
		assertTrue(after < 0.7 * before, "error against the clean signal " + after + " vs the input's " + before);
	}
}
