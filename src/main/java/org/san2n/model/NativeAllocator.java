package org.san2n.model;

import java.util.Locale;
import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Keeps the memory of PyTorch's CPU tensors in the process between training steps instead of handing it back to
 * the system at every step, so that the next step does not fault every page of it in again.
 *
 * <p>
 * Why: PyTorch allocates each CPU tensor with the C library's allocator ({@code posix_memalign}) and frees it when
 * its {@code NDManager} scope closes. glibc serves a tensor above its mmap threshold (128 KiB, raised on its own
 * to the largest tensor freed, at most 32 MiB) with a fresh {@code mmap}, and gives the top of its heap back to the
 * system once more than twice that threshold is free ({@code malloc_trim}): a training step allocates ~100 MiB of
 * tensors and frees them together, so every step's memory was returned and every page of the next step's tensors
 * faulted in anew. Measured (AMD EPYC VM, 2 cores, 240 training steps of the 48×48×32×65 test phantom, three runs
 * each, alternating): 1.06–1.40 million minor page faults and 29.5–40.5 training pairs/s by default; with the
 * settings below 0.21–0.24 million faults and 44.4–47.3 pairs/s. PyTorch's own alternative,
 * {@code THP_MEM_ALLOC_ENABLE=1} (tensors of 2 MiB and more in transparent huge pages), cut the faults as much
 * but was slower there (34.1–35.8 pairs/s).
 *
 * <p>
 * The settings ({@code mallopt}, glibc's documented tunables, process-wide): tensors up to {@link #MMAP_THRESHOLD}
 * (glibc's largest) come from the heap, not from {@code mmap}; the heap is trimmed only when more than
 * {@link #TRIM_THRESHOLD} of it is free, and grows by {@link #TOP_PAD} more than asked. The cost: up to
 * {@link #TRIM_THRESHOLD} of freed native memory per allocator arena stays with the process (Fiji, the command
 * line) until it exits, instead of returning to the system. A user who set glibc's malloc variables
 * ({@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_}, {@code MALLOC_TOP_PAD_}, or
 * {@code glibc.malloc.*} in {@code GLIBC_TUNABLES}) keeps them: nothing is changed then. Linux with glibc only;
 * elsewhere nothing is changed and the log says so only where setting them failed.
 */
public final class NativeAllocator {

	/** Tensors up to this size are served from the heap (glibc's largest mmap threshold on 64-bit systems: 32 MiB). */
	public static final int MMAP_THRESHOLD = 32 << 20;
	/** Free memory at the top of a heap kept before it is trimmed. */
	public static final int TRIM_THRESHOLD = 256 << 20;
	/** Extra memory asked of the system whenever a heap grows. */
	public static final int TOP_PAD = 64 << 20;

	/** mallopt's parameter numbers (glibc's malloc.h). */
	private static final int M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_THRESHOLD = -3;

	private interface CLibrary extends Library {
		int mallopt(int parameter, int value);
	}

	/** What was decided, for the log: null until {@link #apply()} ran (once per process: the allocator is the process's). */
	private static volatile String decision;

	private NativeAllocator() {}

	/** Whether {@code environment} holds one of glibc's malloc settings: then the user's choice is kept. */
	static boolean userChose(Map<String, String> environment) {
		for (String name : new String[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_" })
			if (environment.containsKey(name)) return true;
		return environment.getOrDefault("GLIBC_TUNABLES", "").contains("glibc.malloc.");
	}

	/**
	 * Sets the thresholds with glibc's {@code mallopt} unless the user chose some; once per process ({@link ComputeDevice#engine()}
	 * calls it). They take effect for every allocation from then on, so they need not come before PyTorch loads. Later calls do nothing.
	 */
	static synchronized void apply() {
		if (decision != null) return;
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
			decision = "";
			return;
		}
		if (userChose(System.getenv())) {
			decision = "native memory: glibc's malloc settings from the environment";
			return;
		}
		try {
			CLibrary c = Native.load("c", CLibrary.class);
			// mallopt returns 1 on success, 0 on error (a value out of range, or a C library that ignores the parameter).
			boolean set = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 & c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
					& c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
			decision = set ? "native memory: tensors up to " + (MMAP_THRESHOLD >> 20) + " MiB from the heap, kept between steps (up to "
					+ (TRIM_THRESHOLD >> 20) + " MiB free before it is returned)" : "native memory: glibc refused the malloc settings; training runs slower";
		} catch (LinkageError | RuntimeException e) {
			// Not glibc (musl has no mallopt): its allocator is left as it is.
			decision = "native memory: no mallopt in this C library (" + e.getMessage() + "); the allocator is left as it is";
		}
	}

	/** What {@link #apply()} set or found, in words for a log, or "" when there is nothing to say. */
	public static String decision() {
		String d = decision;
		return d == null ? "" : d;
	}
}
