package org.san2n.qspace;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Each volume's angular neighbour p(v), the angle to it, and the shells with the threshold used in
 * each. A volume with no partner is paired with itself; the angular loss terms skip it.
 */
public record QSpacePairing(int[] partner, double[] angle, List<Shell> shells, double[] shellMaxAngle) {

	public QSpacePairing {
		partner = partner.clone();
		angle = angle.clone();
		shells = List.copyOf(shells);
		shellMaxAngle = shellMaxAngle.clone();
	}

	@Override
	public int[] partner() {
		return partner.clone();
	}

	@Override
	public double[] angle() {
		return angle.clone();
	}

	@Override
	public double[] shellMaxAngle() {
		return shellMaxAngle.clone();
	}

	public int volumes() {
		return partner.length;
	}

	public int partnerOf(int volume) {
		return partner[volume];
	}

	public double angleOf(int volume) {
		return angle[volume];
	}

	public boolean isSelfPaired(int volume) {
		return partner[volume] == volume;
	}

	public int[] selfPaired() {
		return IntStream.range(0, partner.length).filter(this::isSelfPaired).toArray();
	}

	/** Indices of the b0 volumes (the shell flagged b0), ascending; possibly none. */
	public int[] b0Volumes() {
		return shells.stream().filter(Shell::b0).flatMapToInt(s -> java.util.Arrays.stream(s.volumes())).sorted().toArray();
	}

	/** The shell's b-value for each volume. */
	public double shellBValueOf(int volume) {
		for (Shell s : shells)
			for (int v : s.volumes())
				if (v == volume) return s.bvalue();
		throw new IllegalArgumentException("volume " + volume + " is in no shell");
	}
}
