package org.san2n.space;

/**
 * Where a scan's voxels lie in space, whatever file format (if any) it came from: voxel edges in mm, the
 * time between volumes, and up to two voxel-to-world placements (mm): a rigid one (rotation, voxel scaling,
 * offset: where the scanner put the voxels) and a general affine (often a registration to an aligned or
 * template space). Readers and writers of a format map its fields to these (NIfTI: qform and sform).
 *
 * @param voxelSize  x, y, z voxel edges in mm
 * @param volumeTime seconds between volumes (0: unknown)
 * @param rigid      the rigid placement, or null
 * @param general    the general affine placement, or null
 */
public record ScanGeometry(double[] voxelSize, double volumeTime, Placement rigid, Placement general) {

	/** The space a placement's world coordinates are in. */
	public enum Space {
		UNKNOWN, SCANNER, ALIGNED, TALAIRACH, MNI
	}

	/** A 4×4 voxel-to-world affine (mm) and the space it maps into. */
	public record Placement(double[][] affine, Space space) {

		public Placement {
			if (affine.length != 4 || affine[0].length != 4) throw new IllegalArgumentException("a placement is a 4×4 affine");
			affine = copy(affine);
		}

		@Override
		public double[][] affine() {
			return copy(affine);
		}
	}

	public ScanGeometry {
		if (voxelSize.length != 3) throw new IllegalArgumentException("three voxel sizes, got " + voxelSize.length);
		voxelSize = voxelSize.clone();
	}

	/** A scan placed by one affine, both as the scanner's placement and as the aligned one (a new image). */
	public static ScanGeometry of(double[][] affine, double volumeTime) {
		double[] size = new double[3];
		for (int c = 0; c < 3; c++)
			size[c] = Math.sqrt(affine[0][c] * affine[0][c] + affine[1][c] * affine[1][c] + affine[2][c] * affine[2][c]);
		return new ScanGeometry(size, volumeTime, new Placement(affine, Space.SCANNER), new Placement(affine, Space.ALIGNED));
	}

	/** Voxels of {@code voxelSize} mm along the axes, voxel (0, 0, 0) at the origin. */
	public static ScanGeometry axisAligned(double[] voxelSize) {
		return of(new double[][] { { voxelSize[0], 0, 0, 0 }, { 0, voxelSize[1], 0, 0 }, { 0, 0, voxelSize[2], 0 }, { 0, 0, 0, 1 } }, 0);
	}

	@Override
	public double[] voxelSize() {
		return voxelSize.clone();
	}

	/** The placement readers use: the general one when there is one, else the rigid one, else the voxel sizes. */
	public double[][] affine() {
		if (general != null) return general.affine();
		if (rigid != null) return rigid.affine();
		return new double[][] { { voxelSize[0], 0, 0, 0 }, { 0, voxelSize[1], 0, 0 }, { 0, 0, voxelSize[2], 0 }, { 0, 0, 0, 1 } };
	}

	private static double[][] copy(double[][] a) {
		double[][] c = new double[a.length][];
		for (int i = 0; i < a.length; i++)
			c[i] = a[i].clone();
		return c;
	}
}
