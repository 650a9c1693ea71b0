package org.san2n.nifti;

import org.san2n.space.ScanGeometry;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The parts of a NIfTI-1 or NIfTI-2 header that describe the voxel grid, its type, its intensity
 * scaling and its place in scanner space. Immutable: array accessors return copies.
 *
 * @param version     1 or 2
 * @param byteOrder   the byte order the file was written in
 * @param dims        the size of each dimension (dim[1..dim[0]])
 * @param pixdim      all eight pixdim entries; pixdim[0] is the qform handedness factor
 * @param dataType    the voxel type
 * @param voxOffset   byte offset of the voxel data in the data file
 * @param sclSlope    the slope as stored (0 or NaN mean "unscaled")
 * @param sclInter    the intercept as stored
 * @param qformCode   qform_code
 * @param sformCode   sform_code
 * @param quatern     quatern_b, quatern_c, quatern_d
 * @param qoffset     qoffset_x, qoffset_y, qoffset_z
 * @param srow        srow_x, srow_y, srow_z (3 rows of 4)
 * @param xyztUnits   xyzt_units
 * @param description descrip
 */
public record NiftiHeader(int version, ByteOrder byteOrder, long[] dims, double[] pixdim, NiftiDataType dataType,
		long voxOffset, double sclSlope, double sclInter, int qformCode, int sformCode, double[] quatern,
		double[] qoffset, double[][] srow, int xyztUnits, String description) {

	/** NIfTI xyzt_units: millimetres and seconds. */
	public static final int UNITS_MM_SEC = 2 | 8;

	public NiftiHeader {
		dims = dims.clone();
		pixdim = Arrays.copyOf(pixdim, 8);
		quatern = quatern.clone();
		qoffset = qoffset.clone();
		srow = deepCopy(srow);
	}

	@Override
	public long[] dims() {
		return dims.clone();
	}

	@Override
	public double[] pixdim() {
		return pixdim.clone();
	}

	@Override
	public double[] quatern() {
		return quatern.clone();
	}

	@Override
	public double[] qoffset() {
		return qoffset.clone();
	}

	@Override
	public double[][] srow() {
		return deepCopy(srow);
	}

	public int ndim() {
		return dims.length;
	}

	public long dim(int d) {
		return d < dims.length ? dims[d] : 1;
	}

	/** Voxel spacing, one entry per dimension (pixdim[1..ndim]). */
	public double[] voxelSizes() {
		return Arrays.copyOfRange(pixdim, 1, 1 + dims.length);
	}

	public long voxelCount() {
		long n = 1;
		for (long d : dims)
			n = Math.multiplyExact(n, d);
		return n;
	}

	public long dataBytes() {
		return Math.multiplyExact(voxelCount(), (long) dataType.bytesPerVoxel());
	}

	/** True unless the stored slope is 0 or NaN, which the standard reads as "no scaling". */
	public boolean isScaled() {
		return sclSlope != 0 && !Double.isNaN(sclSlope);
	}

	public double effectiveSlope() {
		return isScaled() ? sclSlope : 1.0;
	}

	public double effectiveIntercept() {
		return isScaled() && !Double.isNaN(sclInter) ? sclInter : 0.0;
	}

	/** The voxel-to-world affine: the sform when its code is set, else the qform, else pixdim only. */
	public double[][] affine() {
		if (sformCode > 0) return NiftiGeometry.sformAffine(srow);
		if (qformCode > 0) return NiftiGeometry.qformAffine(quatern, qoffset, pixdim);
		return NiftiGeometry.baseAffine(dims, pixdim);
	}

	/**
	 * A float32, unscaled, little-endian NIfTI-1 header for an image of the given size that keeps
	 * this header's geometry (qform and sform with their codes, pixdim, units, description).
	 */
	public NiftiHeader asFloat32(long[] newDims) {
		double[] pd = pixdim.clone();
		for (int d = dims.length; d < newDims.length; d++)
			pd[d + 1] = pd[d + 1] == 0 ? 1 : pd[d + 1];
		for (int d = newDims.length; d < 7; d++)
			pd[d + 1] = 0;
		return new NiftiHeader(1, ByteOrder.LITTLE_ENDIAN, newDims, pd, NiftiDataType.FLOAT32,
				NiftiWriter.NIFTI1_VOX_OFFSET, 1.0, 0.0, qformCode, sformCode, quatern, qoffset, srow, xyztUnits,
				description);
	}

	/**
	 * This header's placement in space in format-neutral terms, in mm and seconds whatever units it was
	 * written in: the qform as the rigid placement, the sform as the general one (each only when its code
	 * is set), pixdim[1..3] as the voxel edges.
	 */
	public ScanGeometry geometry() {
		double toMm = switch (xyztUnits & 7) {
		case 1 -> 1000;
		case 3 -> 1e-3;
		default -> 1;
		};
		double toSeconds = switch (xyztUnits & 0x38) {
		case 16 -> 1e-3;
		case 24 -> 1e-6;
		default -> 1;
		};
		double[] size = new double[3];
		for (int d = 0; d < 3; d++)
			size[d] = Math.abs(d < dims.length && pixdim[d + 1] != 0 ? pixdim[d + 1] : 1) * toMm;
		ScanGeometry.Placement rigid = qformCode > 0
				? new ScanGeometry.Placement(scaled(NiftiGeometry.qformAffine(quatern, qoffset, pixdim), toMm), space(qformCode)) : null;
		ScanGeometry.Placement general = sformCode > 0
				? new ScanGeometry.Placement(scaled(NiftiGeometry.sformAffine(srow), toMm), space(sformCode)) : null;
		if (rigid == null && general == null)
			rigid = new ScanGeometry.Placement(scaled(NiftiGeometry.baseAffine(dims, pixdim), toMm), ScanGeometry.Space.UNKNOWN);
		double time = dims.length > 3 ? Math.abs(pixdim[4]) * toSeconds : 0;
		return new ScanGeometry(size, time, rigid, general);
	}

	private static ScanGeometry.Space space(int code) {
		ScanGeometry.Space[] all = ScanGeometry.Space.values();
		return code >= 0 && code < all.length ? all[code] : ScanGeometry.Space.UNKNOWN;
	}

	private static double[][] scaled(double[][] affine, double factor) {
		if (factor == 1) return affine;
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 4; c++)
				affine[r][c] *= factor;
		return affine;
	}

	/**
	 * A float32 header (mm, seconds) for an image of {@code dims} placed as {@code geometry} says: its rigid
	 * placement as the qform, its general one as the sform, with their spaces as the codes.
	 */
	public static NiftiHeader forGeometry(long[] dims, ScanGeometry geometry) {
		double[] pd = new double[8];
		double[] size = geometry.voxelSize();
		pd[0] = 1;
		System.arraycopy(size, 0, pd, 1, 3);
		for (int d = 3; d < dims.length; d++)
			pd[d + 1] = d == 3 && geometry.volumeTime() > 0 ? geometry.volumeTime() : 1;
		double[] quatern = new double[3], qoffset = new double[3];
		int qformCode = 0, sformCode = 0;
		if (geometry.rigid() != null && geometry.rigid().space() != ScanGeometry.Space.UNKNOWN) {
			NiftiGeometry.Qform q = NiftiGeometry.qformFromAffine(geometry.rigid().affine());
			quatern = q.quatern();
			qoffset = q.offset();
			pd[0] = q.qfac();
			qformCode = geometry.rigid().space().ordinal();
		}
		double[][] srow = new double[3][4];
		if (geometry.general() != null) {
			double[][] a = geometry.general().affine();
			srow = new double[][] { a[0], a[1], a[2] };
			sformCode = Math.max(1, geometry.general().space().ordinal());
		}
		return new NiftiHeader(1, ByteOrder.LITTLE_ENDIAN, dims.clone(), pd, NiftiDataType.FLOAT32, NiftiWriter.NIFTI1_VOX_OFFSET, 1.0, 0.0,
				qformCode, sformCode, quatern, qoffset, srow, UNITS_MM_SEC, "SAN2N");
	}

	/**
	 * A float32 header for a new image placed in space by an affine; both qform and sform describe it
	 * (codes 1, scanner, and 2, aligned) so that every reader finds the same geometry.
	 */
	public static NiftiHeader forAffine(long[] dims, double[][] affine, double[] extraPixdim) {
		NiftiGeometry.Qform q = NiftiGeometry.qformFromAffine(affine);
		double[] pd = new double[8];
		pd[0] = q.qfac();
		System.arraycopy(q.voxelSizes(), 0, pd, 1, 3);
		for (int d = 3; d < dims.length; d++)
			pd[d + 1] = d - 3 < extraPixdim.length ? extraPixdim[d - 3] : 1;
		double[][] rows = { affine[0].clone(), affine[1].clone(), affine[2].clone() };
		return new NiftiHeader(1, ByteOrder.LITTLE_ENDIAN, dims, pd, NiftiDataType.FLOAT32,
				NiftiWriter.NIFTI1_VOX_OFFSET, 1.0, 0.0, 1, 2, q.quatern(), q.offset(), rows, UNITS_MM_SEC, "SAN2N");
	}

	private static double[][] deepCopy(double[][] m) {
		double[][] c = new double[m.length][];
		for (int i = 0; i < m.length; i++)
			c[i] = m[i].clone();
		return c;
	}
}
