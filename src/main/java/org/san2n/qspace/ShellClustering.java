package org.san2n.qspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups volumes into shells. Scanners write 995, 1000 and 1010 for one shell and some schemes jitter
 * by ±50 s/mm², so sorted b-values start a new shell only where they jump by more than the tolerance.
 */
public final class ShellClustering {

	private ShellClustering() {}

	/**
	 * @param b0Threshold volumes with b at or below this are b0s
	 * @param tolerance   the largest gap between sorted b-values inside one shell
	 * @return the b0 group first (if any), then shells by increasing b-value
	 */
	public static List<Shell> shells(GradientTable table, double b0Threshold, double tolerance) {
		double[] b = table.bvals();
		List<Shell> shells = new ArrayList<>();
		int[] b0 = IntStream.range(0, b.length).filter(v -> b[v] <= b0Threshold).toArray();
		if (b0.length > 0) shells.add(new Shell(0, b0, true));
		Integer[] dw = IntStream.range(0, b.length).filter(v -> b[v] > b0Threshold).boxed()
				.sorted(Comparator.comparingDouble(v -> b[v])).toArray(Integer[]::new);
		int start = 0;
		for (int i = 1; i <= dw.length; i++) {
			if (i == dw.length || b[dw[i]] - b[dw[i - 1]] > tolerance) {
				int[] members = Arrays.stream(dw, start, i).mapToInt(Integer::intValue).sorted().toArray();
				double mean = Arrays.stream(members).mapToDouble(v -> b[v]).average().orElse(0);
				shells.add(new Shell(Math.round(mean), members, false));
				start = i;
			}
		}
		return shells;
	}
}
