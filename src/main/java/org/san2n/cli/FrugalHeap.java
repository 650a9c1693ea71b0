package org.san2n.cli;

import java.lang.management.ManagementFactory;
import java.util.List;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Asks the garbage collector of a command-line run to give memory back. G1 grows the heap while a scan is
 * read and keeps it for the rest of the run; the default free ratios (up to 70 % free) and no periodic
 * collection kept about 1 GB of heap resident on a 144 MB scan, most of it garbage, while PyTorch needed
 * its working memory beside it. Only the command line does this: it owns its JVM, whereas Fiji's JVM is
 * the user's.
 */
final class FrugalHeap {

	/** Manageable HotSpot flags and the values that bound the heap near what is live (see the class comment). */
	private static final List<String[]> FLAGS = List.of(new String[] { "MinHeapFreeRatio", "10" },
			new String[] { "MaxHeapFreeRatio", "30" }, new String[] { "G1PeriodicGCInterval", "5000" });

	private FrugalHeap() {}

	/** Sets each flag the user did not set on the java command line; silently skips a JVM without it. */
	static void apply() {
		List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
		HotSpotDiagnosticMXBean hotspot;
		try {
			hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		} catch (RuntimeException | LinkageError e) {
			return;
		}
		if (hotspot == null) return;
		for (String[] flag : FLAGS) {
			if (given.stream().anyMatch(a -> a.contains(flag[0]))) continue;
			try {
				hotspot.setVMOption(flag[0], flag[1]);
			} catch (RuntimeException e) {
				// Not this JVM's flag, or not manageable here (another collector): the run works as before.
			}
		}
	}
}
