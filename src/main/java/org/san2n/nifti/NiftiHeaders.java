package org.san2n.nifti;

/** Header bytes for code that streams its own voxels (benchmarks, very large outputs). */
public final class NiftiHeaders {

	private NiftiHeaders() {}

	/** The 352 bytes that precede the voxels of a float32 NIfTI-1 file: header and empty extension flag. */
	public static byte[] encode(NiftiHeader header) {
		byte[] h = NiftiWriter.encodeHeader(header.asFloat32(header.dims()));
		byte[] out = new byte[(int) NiftiWriter.NIFTI1_VOX_OFFSET];
		System.arraycopy(h, 0, out, 0, h.length);
		return out;
	}
}
