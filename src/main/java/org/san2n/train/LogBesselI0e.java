package org.san2n.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * log I0e(z) = log(e^−|z| I0(z)) for NDArrays, differentiable, in float32. DJL has no I0e, and the
 * Rician likelihood needs its logarithm for arguments from 0 to beyond 1e6, where I0 itself overflows.
 *
 * <p>
 * Polynomials of Abramowitz and Stegun 9.8.1 (|z| ≤ 3.75, relative error of I0 below 1.6e-7) and 9.8.2
 * (|z| ≥ 3.75, relative error of √z·e^−z·I0 below 1.9e-7), so the logarithm is within about 2e-7 of the
 * exact value; each branch sees its argument clamped to its own range, so that the branch not taken
 * never produces an infinite derivative (which {@code where} would turn into NaN). Clamping, not
 * minimum/maximum: at the knee itself those split the derivative between their two arguments.
 */
public final class LogBesselI0e {

	static final double KNEE = 3.75;

	/** A&S 9.8.1: I0(z) = Σ a_k (z/3.75)^2k. */
	private static final double[] SMALL = { 1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813 };

	/** A&S 9.8.2: √z·e^−z·I0(z) = Σ c_k (3.75/z)^k. */
	private static final double[] LARGE = { 0.39894228, 0.01328592, 0.00225319, -0.00157565, 0.00916281, -0.02057706,
			0.02635537, -0.01647633, 0.00392377 };

	private LogBesselI0e() {}

	/** Element-wise log I0e(z); I0e is even, so negative z give log I0e(|z|). */
	public static NDArray of(NDArray z) {
		NDArray x = z.abs();
		NDArray small;
		{
			NDArray t = x.clip(0f, (float) KNEE).div((float) KNEE);
			NDArray t2 = t.square();
			small = horner(SMALL, t2).log().sub(x.clip(0f, (float) KNEE));
		}
		NDArray large;
		{
			NDArray xl = x.clip((float) KNEE, Float.MAX_VALUE);
			NDArray u = xl.pow(-1f).mul((float) KNEE);
			large = horner(LARGE, u).log().sub(xl.log().mul(0.5f));
		}
		return NDArrays.where(x.lte((float) KNEE), small, large);
	}

	/** The same approximation in double precision, for scalar use. */
	public static double of(double z) {
		double x = Math.abs(z);
		if (x <= KNEE) return Math.log(horner(SMALL, (x / KNEE) * (x / KNEE))) - x;
		return Math.log(horner(LARGE, KNEE / x)) - 0.5 * Math.log(x);
	}

	private static NDArray horner(double[] c, NDArray t) {
		NDArray acc = t.mul((float) c[c.length - 1]).add((float) c[c.length - 2]);
		for (int k = c.length - 3; k >= 0; k--)
			acc = acc.mul(t).add((float) c[k]);
		return acc;
	}

	private static double horner(double[] c, double t) {
		double acc = c[c.length - 1];
		for (int k = c.length - 2; k >= 0; k--)
			acc = acc * t + c[k];
		return acc;
	}
}
