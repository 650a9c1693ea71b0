package org.san2n.dwi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.san2n.LoggedProgress;
import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.Denoising;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.phantom.BrainPhantom;
import org.san2n.qspace.PairingOptions;

/** A voxel the scanner wrote as 0 in every volume stays 0, whatever the denoiser and the bias step do around it. */
class ZeroVoxelsTest {

	@Test
	void voxelsThatAreZeroInEveryVolumeAreWrittenAsZero() throws IOException {
		BrainPhantom.Phantom p = NonFiniteVoxelsTest.phantom();
		DwiScan scan = p.noisy();
		int plane = scan.width() * scan.height();
		// The first slice outside the field of view, and one voxel of the second that is 0 in one volume only.
		for (int v = 0; v < scan.volumes(); v++)
			NonFiniteVoxelsTest.fill(scan, v, 0, plane, 0);
		int once = plane + 5 * scan.width() + 8;
		NonFiniteVoxelsTest.fill(scan, 4, once, once + 1, 0);
		assertEquals(plane, ZeroVoxels.of(scan).count());

		LoggedProgress log = new LoggedProgress();
		DwiScan out = Denoising.mppca(scan, p.mask(), PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS, log);
		for (int v = 0; v < out.volumes(); v++) {
			float[] o = out.volumeArray(v);
			for (int i = 0; i < plane; i++)
				assertEquals(0f, o[i], "volume " + v + ", voxel " + i);
		}
		// MP-PCA's windows reach into the zero slice and lift it: the log says so, and what was done.
		assertTrue(log.lines.stream().anyMatch(l -> l.startsWith(plane + " voxels are 0 in every volume") && l.endsWith("written as 0")),
				log.lines.toString());
		assertTrue(out.volumeArray(4)[once] != 0, "a voxel that is 0 in one volume only is denoised like the others");
	}

	@Test
	void aMaskOfOnesOverAZeroBackgroundDoesNotTripTheBiasStep() throws IOException {
		// Half the scan never measured, the mask everything (what one gives when median_otsu finds no brain): the zero
		// voxels are no data for σ nor for the bias step's check, which would otherwise see input 0 against a floor of 1.25 σ.
		BrainPhantom.Phantom p = NonFiniteVoxelsTest.phantom();
		DwiScan scan = p.noisy();
		int half = scan.width() * scan.height() * (scan.depth() / 2);
		for (int v = 0; v < scan.volumes(); v++)
			NonFiniteVoxelsTest.fill(scan, v, 0, half, 0);
		org.san2n.mask.BrainMask all = org.san2n.mask.BrainMask.full(scan.width(), scan.height(), scan.depth());
		DwiScan out = Denoising.mppca(scan, all, PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS,
				org.san2n.progress.Progress.NONE);
		assertEquals(0f, out.volumeArray(3)[half / 2]);
	}
}
