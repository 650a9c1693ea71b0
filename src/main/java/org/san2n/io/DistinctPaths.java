package org.san2n.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses, before any work, an output that is the same file as an input: writing it would destroy the
 * input (a scan turned into its own denoised copy, or into a model file). "The same file" includes hard
 * and symbolic links to it and other spellings of its path.
 */
public final class DistinctPaths {

	private DistinctPaths() {}

	/**
	 * @param outputs option name → path to be written (null entries are skipped)
	 * @param inputs  option name → path to be read (null entries are skipped)
	 */
	public static void require(Map<String, Path> outputs, Map<String, Path> inputs) {
		for (var out : outputs.entrySet()) {
			if (out.getValue() == null) continue;
			for (var in : inputs.entrySet())
				if (in.getValue() != null && same(out.getValue(), in.getValue()))
					throw new IllegalArgumentException(out.getKey() + " " + out.getValue() + " is the same file as " + in.getKey() + " "
							+ in.getValue() + ": writing it would destroy the input; choose another output");
			for (var other : outputs.entrySet())
				if (other != out && other.getValue() != null && !other.getKey().equals(out.getKey()) && same(out.getValue(), other.getValue())
						&& out.getKey().compareTo(other.getKey()) < 0)
					throw new IllegalArgumentException(out.getKey() + " and " + other.getKey() + " name the same file "
							+ out.getValue() + ": one would overwrite the other");
		}
	}

	/** True when a and b are the same file (links and other spellings included), or the same path. */
	public static boolean same(Path a, Path b) {
		try {
			if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
		} catch (IOException e) {
			// fall through to comparing the paths
		}
		return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
	}
}
