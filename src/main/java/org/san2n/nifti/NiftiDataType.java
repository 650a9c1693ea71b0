package org.san2n.nifti;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The NIfTI voxel types this reader understands, with their header codes. */
public enum NiftiDataType {
	UINT8(2, 1, "uint8"),
	INT16(4, 2, "int16"),
	INT32(8, 4, "int32"),
	FLOAT32(16, 4, "float32"),
	FLOAT64(64, 8, "float64"),
	INT8(256, 1, "int8"),
	UINT16(512, 2, "uint16"),
	UINT32(768, 4, "uint32");

	private final int code;
	private final int bytes;
	private final String label;

	NiftiDataType(int code, int bytes, String label) {
		this.code = code;
		this.bytes = bytes;
		this.label = label;
	}

	public int code() {
		return code;
	}

	public int bytesPerVoxel() {
		return bytes;
	}

	public String label() {
		return label;
	}

	/** @return the type for a header code, or null when the code is not one we read. */
	public static NiftiDataType forCode(int code) {
		for (NiftiDataType t : values())
			if (t.code == code) return t;
		return null;
	}

	/** A name for any code the standard defines, so that refusals can say what the file holds. */
	static String describeCode(int code) {
		NiftiDataType t = forCode(code);
		if (t != null) return t.label;
		switch (code) {
			case 0: return "unknown";
			case 1: return "binary";
			case 32: return "complex64";
			case 128: return "rgb24";
			case 1024: return "int64";
			case 1280: return "uint64";
			case 1536: return "float128";
			case 1792: return "complex128";
			case 2048: return "complex256";
			case 2304: return "rgba32";
			default: return "not a NIfTI datatype";
		}
	}

	static String supportedList() {
		return Arrays.stream(values()).map(NiftiDataType::label).collect(Collectors.joining(", "));
	}
}
