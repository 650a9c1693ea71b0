package org.san2n.dwi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.Denoising;
import org.san2n.mppca.MpPcaOptions;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.progress.Progress;
import org.san2n.qspace.PairingOptions;

/** No denoiser invents values where the scan has none. */
class NonFiniteVoxelsTest {

	static BrainPhantom.Phantom phantom() {
		return BrainPhantom.simulate(new PhantomSpec(new int[] { 16, 16, 10 }, new double[] { 1000 }, 12, 2, 15, 3));
	}

	static void fill(DwiScan scan, int volume, int from, int to, float value) {
		float[] v = scan.volumeArray(volume);
		Arrays.fill(v, from, to, value);
		scan.voxels().set((long) volume * scan.volumeSize(), v, 0, v.length);
	}

	@Test
	void aFewNonFiniteVoxelsAreReportedAndStayNonFiniteOrZero() throws IOException {
		BrainPhantom.Phantom p = phantom();
		DwiScan scan = p.noisy();
		int centre = (5 * 16 + 8) * 16 + 4;
		fill(scan, 3, centre, centre + 3, Float.NaN);
		fill(scan, 7, centre, centre + 1, Float.POSITIVE_INFINITY);
		org.san2n.LoggedProgress log = new org.san2n.LoggedProgress();
		DwiScan out = Denoising.mppca(scan, p.mask(), PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS, log);
		assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("4 non-finite") && l.contains("3 (3)") && l.contains("7 (1)")),
				log.lines.toString());
		float[] v3 = out.volumeArray(3), v7 = out.volumeArray(7);
		for (int i = 0; i < 3; i++)
			assertTrue(Float.isNaN(v3[centre + i]), "NaN kept at " + i);
		assertEquals(Float.POSITIVE_INFINITY, v7[centre]);
		assertTrue(Float.isFinite(v3[centre + 3]) && Float.isFinite(v7[centre + 1]), "neighbours denoised");

		DwiScan zeroed = Denoising.mppca(scan, p.mask(), PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS.withZeroNonFinite(true),
				MpPcaOptions.DEFAULTS, Progress.NONE);
		assertArrayEquals(new float[] { 0, 0, 0 }, Arrays.copyOfRange(zeroed.volumeArray(3), centre, centre + 3));
		assertEquals(0f, zeroed.volumeArray(7)[centre]);
	}

	@Test
	void aVolumeThatIsMostlyNaNIsRefusedWithItsIndex() {
		BrainPhantom.Phantom p = phantom();
		DwiScan scan = p.noisy();
		fill(scan, 5, 0, (int) scan.volumeSize(), Float.NaN);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Denoising.mppca(scan, p.mask(),
				PairingOptions.DEFAULTS, DenoiseOptions.DEFAULTS, MpPcaOptions.DEFAULTS, Progress.NONE));
		assertTrue(e.getMessage().contains("volume 5 ") && e.getMessage().contains("mostly NaN"), e.getMessage());
	}

	@Test
	void aNaNBackgroundInEveryVolumeIsNotAReasonToRefuse() {
		DwiScan scan = phantom().noisy();
		int background = 16 * 16 * 2; // the two bottom slices, outside the brain
		for (int v = 0; v < scan.volumes(); v++)
			fill(scan, v, 0, background, Float.NaN);
		NonFiniteVoxels found = NonFiniteVoxels.count(scan, Progress.NONE);
		assertEquals(0, found.mostly().length);
		assertEquals((long) background * scan.volumes(), found.total());
	}
}
