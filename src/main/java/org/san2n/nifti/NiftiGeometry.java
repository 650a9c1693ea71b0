package org.san2n.nifti;

/** Conversions between the NIfTI qform/sform fields and 4×4 voxel-to-world affines. */
public final class NiftiGeometry {

	private NiftiGeometry() {}

	/** A qform: unit quaternion (b, c, d), offset, voxel sizes and handedness factor. */
	public record Qform(double[] quatern, double[] offset, double[] voxelSizes, double qfac) {}

	static double[][] sformAffine(double[][] srow) {
		return new double[][] { srow[0].clone(), srow[1].clone(), srow[2].clone(), { 0, 0, 0, 1 } };
	}

	/** NIfTI-1 standard, method 2: rotation from the quaternion, scaled by pixdim, qfac on z. */
	static double[][] qformAffine(double[] q, double[] offset, double[] pixdim) {
		double b = q[0], c = q[1], d = q[2];
		double a = 1.0 - (b * b + c * c + d * d);
		if (a < 1e-7) {
			// The standard's rule for a quaternion that is not quite unit: renormalise, a = 0.
			double n = 1.0 / Math.sqrt(b * b + c * c + d * d);
			b *= n;
			c *= n;
			d *= n;
			a = 0;
		} else {
			a = Math.sqrt(a);
		}
		double[][] r = {
				{ a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) },
				{ 2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) },
				{ 2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b } };
		double qfac = pixdim[0] < 0 ? -1 : 1;
		double[] zooms = { pixdim[1], pixdim[2], pixdim[3] * qfac };
		double[][] m = new double[4][4];
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++)
				m[i][j] = r[i][j] * (zooms[j] == 0 ? 1 : zooms[j]);
			m[i][3] = offset[i];
		}
		m[3][3] = 1;
		return m;
	}

	/** The Analyze-style affine nibabel falls back to when neither qform nor sform is set. */
	static double[][] baseAffine(long[] dims, double[] pixdim) {
		double[][] m = new double[4][4];
		double[] origin = new double[3];
		for (int i = 0; i < 3; i++) {
			double z = pixdim[i + 1] == 0 ? 1 : pixdim[i + 1];
			long n = i < dims.length ? dims[i] : 1;
			origin[i] = (n - 1) / 2.0;
			m[i][i] = i == 0 ? -z : z;
			m[i][3] = i == 0 ? origin[i] * z : -origin[i] * z;
		}
		m[3][3] = 1;
		return m;
	}

	/** The qform fields that reproduce the rotation and zooms of an affine (shears are lost). */
	public static Qform qformFromAffine(double[][] affine) {
		double[][] r = new double[3][3];
		double[] zooms = new double[3];
		for (int j = 0; j < 3; j++) {
			double n = Math.sqrt(sq(affine[0][j]) + sq(affine[1][j]) + sq(affine[2][j]));
			zooms[j] = n;
			for (int i = 0; i < 3; i++)
				r[i][j] = n == 0 ? (i == j ? 1 : 0) : affine[i][j] / n;
		}
		double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
				- r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
				+ r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
		double qfac = 1;
		if (det < 0) {
			qfac = -1;
			for (int i = 0; i < 3; i++)
				r[i][2] = -r[i][2];
		}
		// Shepperd's method: pick the largest of the four squared components for stability.
		double trace = r[0][0] + r[1][1] + r[2][2];
		double a, b, c, d;
		if (trace > 0) {
			double s = 0.5 / Math.sqrt(trace + 1.0);
			a = 0.25 / s;
			b = (r[2][1] - r[1][2]) * s;
			c = (r[0][2] - r[2][0]) * s;
			d = (r[1][0] - r[0][1]) * s;
		} else if (r[0][0] > r[1][1] && r[0][0] > r[2][2]) {
			double s = 2.0 * Math.sqrt(1.0 + r[0][0] - r[1][1] - r[2][2]);
			a = (r[2][1] - r[1][2]) / s;
			b = 0.25 * s;
			c = (r[0][1] + r[1][0]) / s;
			d = (r[0][2] + r[2][0]) / s;
		} else if (r[1][1] > r[2][2]) {
			double s = 2.0 * Math.sqrt(1.0 + r[1][1] - r[0][0] - r[2][2]);
			a = (r[0][2] - r[2][0]) / s;
			b = (r[0][1] + r[1][0]) / s;
			c = 0.25 * s;
			d = (r[1][2] + r[2][1]) / s;
		} else {
			double s = 2.0 * Math.sqrt(1.0 + r[2][2] - r[0][0] - r[1][1]);
			a = (r[1][0] - r[0][1]) / s;
			b = (r[0][2] + r[2][0]) / s;
			c = (r[1][2] + r[2][1]) / s;
			d = 0.25 * s;
		}
		if (a < 0) {
			b = -b;
			c = -c;
			d = -d;
		}
		return new Qform(new double[] { b, c, d }, new double[] { affine[0][3], affine[1][3], affine[2][3] }, zooms,
				qfac);
	}

	private static double sq(double v) {
		return v * v;
	}
}
