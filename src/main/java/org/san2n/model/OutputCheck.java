package org.san2n.model;

import java.util.List;

/**
 * The check of a denoised scan against its input, per volume inside the mask (before the Rician bias is
 * removed): the mean of the residual (noisy − denoised) against what noise explains, and its spread
 * against the noise level σ. A denoiser that over-smooths or collapses moves volume means and leaves a
 * residual much wider than the noise; one that does nothing leaves almost none.
 *
 * @param sigma        the noise level the residuals were judged against
 * @param sigmaSource  where σ came from
 * @param noisyMean    per volume, the input's mean in the mask
 * @param denoisedMean per volume, the output's mean in the mask
 * @param spread       per volume, the residual's standard deviation in the mask
 * @param problems     what failed, one line each (empty: passed)
 * @param warnings     what is odd but does not damage the data
 */
public record OutputCheck(double sigma, String sigmaSource, double[] noisyMean, double[] denoisedMean, double[] spread,
		List<String> problems, List<String> warnings) {

	public boolean passed() {
		return problems.isEmpty();
	}
}
