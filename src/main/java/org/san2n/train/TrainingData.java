package org.san2n.train;

import java.util.Arrays;

import org.san2n.dwi.DwiScan;
import org.san2n.mask.BrainMask;
import org.san2n.qspace.QSpacePairing;

/**
 * What SAN2N trains on: the scan, where the brain is, each volume's q-space partner and noise level σ
 * (in the scan's units), and for recorrupted training its features ({@link RecorruptedMpPca#features}; else null).
 */
public record TrainingData(DwiScan scan, BrainMask mask, QSpacePairing pairing, double[] sigma, DwiScan recorrupted) {

	public TrainingData(DwiScan scan, BrainMask mask, QSpacePairing pairing, double[] sigma) {
		this(scan, mask, pairing, sigma, null);
	}

	/** The same data with the features recorrupted training samples ({@link RecorruptedMpPca#features}). */
	public TrainingData withRecorrupted(DwiScan features) {
		return new TrainingData(scan, mask, pairing, sigma, features);
	}

	public TrainingData {
		if (!Arrays.equals(mask.shape(), scan.spatialShape()))
			throw new IllegalArgumentException("mask of " + Arrays.toString(mask.shape()) + " for a scan of "
					+ Arrays.toString(scan.spatialShape()));
		if (pairing.volumes() != scan.volumes())
			throw new IllegalArgumentException("pairing of " + pairing.volumes() + " volumes for a scan of " + scan.volumes());
		if (sigma.length != scan.volumes())
			throw new IllegalArgumentException(sigma.length + " noise levels for a scan of " + scan.volumes() + " volumes");
		sigma = sigma.clone();
		if (recorrupted != null && (recorrupted.volumes() != 3 * scan.volumes() || !Arrays.equals(recorrupted.spatialShape(), scan.spatialShape())))
			throw new IllegalArgumentException("recorrupted features must be 3 × " + scan.volumes() + " volumes of the scan's shape");
	}

	@Override
	public double[] sigma() {
		return sigma.clone();
	}

	/** Indices of the b0 volumes (the shell flagged b0 by the pairing), possibly none. */
	public int[] b0Volumes() {
		return pairing.b0Volumes();
	}
}
