package org.san2n;

/** Small deterministic volumes shared by tests (and reproduced in Python for reference values). */
public final class TestScans {

	private TestScans() {}

	/** f(x, y, z) = ((7x + 13y + 29z) mod 17) + x/2 on a 9×8×7 grid, x fastest. */
	public static float[] ramp987() {
		float[] f = new float[9 * 8 * 7];
		for (int z = 0; z < 7; z++)
			for (int y = 0; y < 8; y++)
				for (int x = 0; x < 9; x++)
					f[(z * 8 + y) * 9 + x] = ((7 * x + 13 * y + 29 * z) % 17) + 0.5f * x;
		return f;
	}

	/** ramp987 plus ((3x + 5y + 11z) mod 5) − 2. */
	public static float[] ramp987Perturbed() {
		float[] f = ramp987();
		for (int z = 0; z < 7; z++)
			for (int y = 0; y < 8; y++)
				for (int x = 0; x < 9; x++)
					f[(z * 8 + y) * 9 + x] += ((3 * x + 5 * y + 11 * z) % 5) - 2;
		return f;
	}
}
