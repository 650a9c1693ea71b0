package org.san2n.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Which instruction set oneDNN (the library PyTorch's CPU convolutions run in) may use, decided before PyTorch
 * loads: on AMD processors its kernels are limited to SSE4.1 unless the user chose a limit.
 *
 * <p>
 * Why: on an AMD EPYC (Zen 4, 2 cores, under a hypervisor) PyTorch 2.7.1's oneDNN convolutions, as DJL 0.36
 * loads them, gave NaN or wrong values in some calls and not in others: a bare DJL loop of Conv3d(10→8, 3³) →
 * LeakyReLU → Conv3d(8→8, 3³) → LeakyReLU → Conv3d(8→10, 1³) (SNet of width 8), forward and backward on the same 4 patches of 4³ voxels, gave a
 * NaN weight gradient in 98 of 100 identical repetitions with oneDNN's AVX-512 kernels (its default there); with its
 * AVX2 kernels the trainer's own test network gave a NaN held-out loss in 6 of 6 trainings, with one thread too; with
 * its SSE4.1 kernels 0 of 100 and 0 of 6, and an inference loop of 17 channels that had given NaN in some runs gave
 * none. On a 17-volume scan's shapes (34 channels in, width 17 or 32, 8 patches of 16³ voxels) 182 of 200 and 82 of
 * 100 gradients were NaN by default, 0 with SSE4.1. The same test suite passed on an Intel machine with the default. The cause (oneDNN, the libtorch build or the
 * virtual machine) is not known; the slower kernels are what was measured to give right results. Their cost there: a
 * training step of 8 patches of 16³ voxels (130 channels, projection 32, width 32) 0.38 s against 0.21 s, an
 * inference tile of 48³ voxels 0.78 s against 0.69 s.
 *
 * <p>
 * oneDNN reads {@code ONEDNN_MAX_CPU_ISA} (or the older {@code DNNL_MAX_CPU_ISA}) from the environment once, at its
 * first kernel; a value the user set is left as it is ({@code ONEDNN_MAX_CPU_ISA=ALL} lifts the limit). The variable
 * is set in this process with the C library's {@code setenv} (Linux, where the PyTorch natives on the class path run),
 * so that every front end, Fiji included, gets it without a launcher — provided nothing else in the JVM (another
 * plugin using PyTorch) ran a oneDNN kernel first; then the limit comes too late and only the variable set before
 * starting Fiji helps.
 */
public final class OneDnnIsa {

	/** The variable oneDNN reads. */
	public static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
	/** The name oneDNN read before it was renamed; still honoured by it. */
	public static final String OLD_VARIABLE = "DNNL_MAX_CPU_ISA";
	/** The limit set on AMD processors. */
	public static final String AMD_LIMIT = "SSE41";

	private interface CLibrary extends Library {
		int setenv(String name, String value, int overwrite);
	}

	/** What was decided, for the log: null until {@link #apply()} ran. */
	private static volatile String decision;

	private OneDnnIsa() {}

	/**
	 * The limit to set for a processor of {@code vendor} (as /proc/cpuinfo's {@code vendor_id} says it, or empty when
	 * unknown) given {@code environment}: {@link #AMD_LIMIT} on an AMD processor when neither variable is set, else none.
	 */
	static Optional<String> limitFor(String vendor, Map<String, String> environment) {
		if (environment.containsKey(VARIABLE) || environment.containsKey(OLD_VARIABLE)) return Optional.empty();
		return "AuthenticAMD".equals(vendor) ? Optional.of(AMD_LIMIT) : Optional.empty();
	}

	/** The processor's vendor from /proc/cpuinfo ({@code vendor_id}), or "" where there is none (not Linux, no x86). */
	static String vendor(Path cpuinfo) {
		try (var lines = Files.lines(cpuinfo)) {
			return lines.filter(l -> l.startsWith("vendor_id")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
		} catch (IOException | RuntimeException e) {
			return "";
		}
	}

	/**
	 * Sets the limit in this process's environment when {@link #limitFor} gives one; once per JVM, before PyTorch
	 * loads ({@link ComputeDevice#engine()} calls it). Later calls do nothing.
	 */
	static synchronized void apply() {
		if (decision != null) return;
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
			decision = "";
			return;
		}
		Map<String, String> environment = System.getenv();
		String vendor = vendor(Path.of("/proc/cpuinfo"));
		Optional<String> limit = limitFor(vendor, environment);
		if (limit.isEmpty()) {
			String name = environment.containsKey(VARIABLE) ? VARIABLE : OLD_VARIABLE;
			decision = environment.containsKey(name) ? "oneDNN kernels: " + name + "=" + environment.get(name) + " (set in the environment)" : "";
			return;
		}
		String failed = "oneDNN's kernels could not be limited on this AMD processor (%s); its faster kernels gave wrong convolutions "
				+ "on one: start Fiji or java with " + VARIABLE + "=" + limit.get() + " set, or check that mvn verify's OneDnnIsaTest passes here";
		try {
			int status = Native.load("c", CLibrary.class).setenv(VARIABLE, limit.get(), 0);
			decision = status == 0 ? "oneDNN kernels limited to " + limit.get() + " on this AMD processor (its faster kernels gave wrong "
					+ "convolutions on one; " + VARIABLE + "=ALL lifts the limit)" : String.format(failed, "setenv failed");
		} catch (LinkageError | RuntimeException e) {
			decision = String.format(failed, "no C library to set it with: " + e.getMessage());
		}
	}

	/** What {@link #apply()} set or found, in words for a log (also when it could not set the limit), or "" when there is nothing to say. */
	public static String decision() {
		String d = decision;
		return d == null ? "" : d;
	}
}
