package org.san2n.denoise;

import java.io.IOException;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.IntensityScale;
import org.san2n.mask.BrainMask;
import org.san2n.mask.MedianOtsu;
import org.san2n.model.San2nModel;
import org.san2n.progress.Progress;
import org.san2n.qspace.PairingOptions;
import org.san2n.qspace.AngularPairing;
import org.san2n.train.San2nTrainer;
import org.san2n.train.TrainingData;


/** The two ways a scan gets denoised, shared by every front end. */
public final class Denoising {

	private Denoising() {}

	/** Trains on the scan itself, then applies the network to it; the trained model is handed to {@code keep}. */
	public static DwiScan selfSupervised(TrainingData data, San2nTrainer trainer, DenoiseOptions options, Progress progress,
			java.util.function.Consumer<San2nModel> keep) throws IOException {
		try (San2nModel model = trainer.train(data)) {
			keep.accept(model);
			DwiScan out = TiledDenoiser.denoise(model, data.scan(), data.mask(), model.metadata().scale(), options, progress);
			if (options.unbias()) RicianBias.remove(data.scan(), out, data.mask(), options.outside(), progress);
			return out;
		}
	}

	/**
	 * Applies a trained model to a scan. The scan's intensity scale is measured on the scan itself (its
	 * b0s inside the mask), so a model carries over to another scan of the same protocol.
	 *
	 * @param mask the brain mask, or null to compute one with median_otsu
	 */
	public static DwiScan withModel(San2nModel model, DwiScan scan, BrainMask mask, PairingOptions pairing,
			DenoiseOptions options, Progress progress) throws IOException {
		int[] b0 = AngularPairing.pair(scan.gradients(), pairing).b0Volumes();
		if (mask == null) mask = MedianOtsu.compute(scan, b0, MedianOtsu.DEFAULT_RADIUS, MedianOtsu.DEFAULT_PASSES, progress);
		double scale = IntensityScale.of(scan, mask, b0);
		DwiScan out = TiledDenoiser.denoise(model, scan, mask, scale, options, progress);
		if (options.unbias()) RicianBias.remove(scan, out, mask, options.outside(), progress);
		return out;
	}
}
