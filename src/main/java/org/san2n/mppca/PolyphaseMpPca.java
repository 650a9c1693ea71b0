package org.san2n.mppca;

import java.io.IOException;
import java.nio.file.Path;

import org.san2n.dwi.DwiScan;
import org.san2n.dwi.Voxels;
import org.san2n.mask.BrainMask;
import org.san2n.progress.Progress;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.Type;
import net.imglib2.view.Views;

/**
 * MP-PCA for noise that is correlated between neighbouring voxels in-plane: {@link MpPca} on each of the four
 * polyphase components of the scan (the voxels whose x and y are even/odd, four quarter-size scans), put back
 * in place.
 *
 * <p>
 * Why: a scanner that interpolates 2× in-plane (zero-filled k-space: Siemens "interpolation", most vendors'
 * reconstruction matrix) or fills a partial Fourier acquisition with zeros gives every voxel noise correlated
 * with its neighbours'. The noise eigenvalues of an MP-PCA window then spread wider than the
 * Marchenko–Pastur law of its voxel count (fewer independent samples than voxels), MP-PCA takes them for
 * signal, its σ comes out far too low and it removes almost nothing (+0.3 dB on bench/families.py's
 * correlated phantoms; dwidenoise and DIPY likewise). Every other voxel of a 2× interpolated scan is an
 * original sample again, with independent noise: on it MP-PCA's own rule works as designed. A window of a
 * component covers twice the extent in-plane, so edges are a little coarser than on white noise.
 */
public final class PolyphaseMpPca {

	private PolyphaseMpPca() {}

	/**
	 * As {@link MpPca#denoise}, on each in-plane polyphase component; the time budget is shared among them.
	 *
	 * @return the denoised scan (same shape, gradients and geometry) and the σ and rank maps of every voxel
	 */
	public static MpPca.Result denoise(DwiScan scan, BrainMask region, boolean zeroOutside, MpPcaOptions options, Progress progress)
			throws IOException {
		return denoise(scan, region, zeroOutside, options, null, progress);
	}

	/**
	 * As {@link MpPca#denoise(DwiScan, BrainMask, boolean, MpPcaOptions, float[], Progress)}: each component's windows
	 * use the prior σ of their own voxels.
	 *
	 * @param prior σ per voxel (width × height × depth, x fastest, the scan's units), or null
	 */
	public static MpPca.Result denoise(DwiScan scan, BrainMask region, boolean zeroOutside, MpPcaOptions options, float[] prior,
			Progress progress) throws IOException {
		if (prior != null && prior.length != scan.volumeSize())
			throw new IllegalArgumentException("the prior σ map has " + prior.length + " voxels, the scan's volumes " + scan.volumeSize());
		float[] sigma = new float[Math.toIntExact(scan.volumeSize())], rank = new float[sigma.length];
		int nx = scan.width(), ny = scan.height(), nz = scan.depth();
		var sigmaImage = ArrayImgs.floats(sigma, nx, ny, nz);
		var rankImage = ArrayImgs.floats(rank, nx, ny, nz);
		var priorImage = prior == null ? null : ArrayImgs.floats(prior, nx, ny, nz);
		MpPcaOptions each = perComponent(options);
		DwiScan out = eachComponent(scan, (part, i, j) -> {
			BrainMask partRegion = region == null ? null : phase(region, i, j);
			float[] partPrior = null;
			if (priorImage != null) {
				var view = phase(priorImage, i, j);
				partPrior = copy(view, ArrayImgs.floats(view.dimensionsAsLongArray())).update(null).getCurrentStorageArray();
			}
			MpPca.Result r = MpPca.denoise(part, partRegion, zeroOutside, each, partPrior, progress);
			long[] partShape = { part.width(), part.height(), part.depth() };
			LoopBuilder.setImages(ArrayImgs.floats(r.sigma(), partShape), phase(sigmaImage, i, j)).forEachPixel((a, b) -> b.set(a));
			LoopBuilder.setImages(ArrayImgs.floats(r.rank(), partShape), phase(rankImage, i, j)).forEachPixel((a, b) -> b.set(a));
			return r.scan();
		}, progress);
		return new MpPca.Result(out, sigma, rank);
	}

	/** The options for one of the four components: an automatic stride gets a quarter of the time budget, so that all four fit it. */
	public static MpPcaOptions perComponent(MpPcaOptions options) {
		return options.stride() == 0 ? options.withBudgetMinutes(options.budgetSeconds() / 4 / 60) : options;
	}

	/** A denoiser of one in-plane polyphase component (x ≡ i, y ≡ j mod 2) of a scan. */
	@FunctionalInterface
	public interface ComponentDenoiser {
		/** @return the denoised component: the same shape and volumes as {@code part} */
		DwiScan denoise(DwiScan part, int i, int j) throws IOException;
	}

	/**
	 * Runs {@code denoiser} on each of the four in-plane polyphase components of {@code scan} (copied into scans of
	 * their own) and puts the results back in place: the whole scan, denoised where its noise is independent.
	 */
	public static DwiScan eachComponent(DwiScan scan, ComponentDenoiser denoiser, Progress progress) throws IOException {
		Voxels out = Voxels.allocate(scan.voxels().shape(), Path.of(System.getProperty("java.io.tmpdir")));
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2; j++) {
				progress.log("on the voxels with x " + (i == 0 ? "even" : "odd") + ", y " + (j == 0 ? "even" : "odd"));
				DwiScan part = phase(scan, i, j);
				DwiScan done = denoiser.denoise(part, i, j);
				if (!java.util.Arrays.equals(done.voxels().shape(), part.voxels().shape()))
					throw new IllegalStateException("a component of " + java.util.Arrays.toString(part.voxels().shape()) + " came back as "
							+ java.util.Arrays.toString(done.voxels().shape()));
				LoopBuilder.setImages(done.image(), phase(out.image(), i, j)).forEachPixel((a, b) -> b.set(a));
			}
		return scan.withVoxels(out);
	}

	/** The voxels of {@code image} with x ≡ i and y ≡ j (mod 2), as an image of their own (a view, no copy). */
	static <T> RandomAccessibleInterval<T> phase(RandomAccessibleInterval<T> image, int i, int j) {
		long[] min = new long[image.numDimensions()], max = image.maxAsLongArray();
		long[] steps = new long[image.numDimensions()];
		java.util.Arrays.fill(steps, 1);
		min[0] = i;
		min[1] = j;
		steps[0] = 2;
		steps[1] = 2;
		return Views.subsample(Views.zeroMin(Views.interval(image, min, max)), steps);
	}

	/** The values of a map on a grid of {@code shape} (x, y, z; x fastest) with x ≡ i and y ≡ j (mod 2), copied. */
	public static float[] phase(float[] map, long[] shape, int i, int j) {
		var view = phase(ArrayImgs.floats(map, shape), i, j);
		return copy(view, ArrayImgs.floats(view.dimensionsAsLongArray())).update(null).getCurrentStorageArray();
	}

	/** Writes {@code part} (a map of the component x ≡ i, y ≡ j mod 2) into its voxels of {@code map}, on a grid of {@code shape}. */
	public static void putPhase(float[] part, float[] map, long[] shape, int i, int j) {
		var into = phase(ArrayImgs.floats(map, shape), i, j);
		LoopBuilder.setImages(ArrayImgs.floats(part, into.dimensionsAsLongArray()), into).forEachPixel((a, b) -> b.set(a));
	}

	/** The scan's voxels with x ≡ i and y ≡ j (mod 2), copied into a scan of their own. */
	public static DwiScan phase(DwiScan scan, int i, int j) {
		var view = phase(scan.image(), i, j);
		return new DwiScan(copy(view, ArrayImgs.floats(view.dimensionsAsLongArray())), scan.gradients(), scan.geometry());
	}

	/** The mask's voxels with x ≡ i and y ≡ j (mod 2), copied into a mask of their own. */
	public static BrainMask phase(BrainMask mask, int i, int j) {
		var view = phase(mask.image(), i, j);
		return new BrainMask(copy(view, ArrayImgs.unsignedBytes(view.dimensionsAsLongArray())));
	}

	private static <T extends Type<T>, I extends RandomAccessibleInterval<T>> I copy(RandomAccessibleInterval<T> view, I into) {
		LoopBuilder.setImages(view, into).forEachPixel((a, b) -> b.set(a));
		return into;
	}
}
