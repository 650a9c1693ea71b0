package org.san2n.study;

import java.io.IOException;
import java.nio.file.Path;

import org.san2n.budget.ReferenceCpu;
import org.san2n.denoise.Method;
import org.san2n.job.DenoiseRequest;
import org.san2n.mppca.MpPca;
import org.san2n.nifti.NiftiReader;
import org.san2n.train.Objective;
import org.san2n.train.TrainingConfig;

/**
 * What denoising one scan costs, from its header alone (no voxel is read): the time on the reference CPU
 * ({@link ReferenceCpu}) and a bound on the memory. A scheduler is asked for these before the work starts.
 *
 * @param width   the volume's size in voxels along x
 * @param height  along y
 * @param depth   along z
 * @param volumes the scan's volumes
 * @param seconds the estimated seconds on the reference CPU ({@link #referenceSeconds})
 * @param memory  the memory bound in bytes ({@link #memoryBoundBytes})
 */
public record ScanCost(int width, int height, int depth, int volumes, double seconds, long memory) {

	/** Bytes in a GiB. */
	public static final long GIB = 1L << 30;

	/**
	 * Seconds per voxel·volume of what is not MP-PCA's windows or training: reading and decompressing the scan,
	 * the mask, σ, the output check, the bias step and writing. On the 96×96×60×65 clinical phantom (35.9 M
	 * voxel·volumes) the whole run took 45 s on 2 cores, of which the windows 31 s (their reference estimate 35 s):
	 * 14 s, 0.39 µs each ({@code bash bench/mppca-profile.sh}, its whole-run lines).
	 */
	static final double OTHER_SECONDS_PER_VALUE = 0.4e-6;
	/** Seconds of a run that do not grow with the scan (the JVM, PyTorch's start, the MP-PCA probe). */
	static final double FIXED_SECONDS = 10;
	/**
	 * Seconds per voxel·volume of applying a network (tiled inference, one pass): SAN2N's 40 s on the 96×96×60×65
	 * phantom (README, Memory) over its 35.9 M voxel·volumes; mirror averaging makes it 8 passes.
	 */
	static final double INFERENCE_SECONDS_PER_VALUE = 1.2e-6;

	/**
	 * The cost of denoising the scan in {@code file} as {@code request} asks, from its NIfTI header.
	 *
	 * @throws IOException              the header cannot be read (the message names the file)
	 * @throws IllegalArgumentException the header's sizes are not a scan's (fewer than 1 voxel along an axis)
	 */
	public static ScanCost of(Path file, DenoiseRequest request) throws IOException {
		long[] d = NiftiReader.readHeader(file).dims();
		if (d.length < 3) throw new IllegalArgumentException(file + ": a DWI scan has at least 3 dimensions, its header says " + d.length);
		int nx = Math.toIntExact(d[0]), ny = Math.toIntExact(d[1]), nz = Math.toIntExact(d[2]), nv = d.length > 3 ? Math.toIntExact(d[3]) : 1;
		return new ScanCost(nx, ny, nz, nv, referenceSeconds(nx, ny, nz, nv, request), memoryBoundBytes((long) nx * ny * nz * nv, request.method()));
	}

	/** Copies of the scan, as float32, that an MP-PCA run holds at most (see {@link #memoryBoundBytes}). */
	static final int MPPCA_COPIES = 3;
	/** Copies of the scan, as float32, that a SAN2N run (a network trained or applied) holds at most (see {@link #memoryBoundBytes}). */
	static final int NETWORK_COPIES = 8;
	/** PyTorch's native memory beside the JVM's (its library, the network, a batch's activations, the inference tiles). */
	static final long PYTORCH_BYTES = GIB / 2;

	/**
	 * The memory one denoise run of a scan of {@code values} voxel·volumes needs at most, in bytes: 1 GiB (the JVM,
	 * its libraries and code, the mask and other per-voxel maps) + k × the scan as float32 + for a network PyTorch's
	 * native memory. k is counted from what a run holds at once:
	 * <ul>
	 * <li><b>MP-PCA</b>, k = {@value #MPPCA_COPIES}: the input, the output and MP-PCA's working copies (its
	 * accumulators). Measured against peak RSS (GNU time, README: Benchmarks, {@code bench/speed.sh}): 0.49 GB on the
	 * 96×96×60×65 clinical phantom (bound 1.40 GiB), 0.38 GB on the Philips 128×128×82×17 scan (bound 1.26 GiB),
	 * 9.2 GiB on an HCP-sized 145×174×145×288 scan (bound 12.8 GiB).</li>
	 * <li><b>SAN2N</b> (recorrupted training, or a model applied), k = {@value #NETWORK_COPIES}: the input (1×), MP-PCA's
	 * base ŷ (1×), the network's features [ŷ | m̂ | ỹ] (3×), and while they are built the noisy, target and refined
	 * arrays (up to 3× more, freed once the features are made) — 5× steady and 8× at that peak — then the network's
	 * output (1×, while the features are still held: 6×). Plus {@link #PYTORCH_BYTES} (0.5 GiB) for PyTorch, outside
	 * the Java heap: training on the clinical phantom peaked at 1.64 GB with a two-epoch run, applying a model at
	 * 1.31 GB (README, Memory); measured here with {@code /usr/bin/time -v java -jar san2n.jar denoise --method san2n
	 * --steps 20 --flips none} on {@code simulate --size 96 96 60 --directions 32 --shells 1000,2000 --b0 1}
	 * (96×96×60×65, 2 cores): peak RSS 2.15 GiB with the JVM's default heap, 2.08 GiB with {@code -Xmx1609m} (the heap
	 * {@link SlurmArray} gives a job of this bound; {@code --mppca-stride 2} there) — over the 1.90 GiB of the earlier
	 * 3 × bound, under this one's 2.57 GiB.</li>
	 * </ul>
	 * The Java heap must be able to hold the copies: {@link SlurmArray} gives each job {@code -Xmx} = this bound less
	 * the native part ({@link SlurmArray#nativeMiB}).
	 *
	 * @param values voxels × volumes (≥ 1)
	 * @param method the method: one that trains (or applies) a network needs the larger bound
	 * @return bytes
	 * @throws IllegalArgumentException {@code values} below 1
	 */
	public static long memoryBoundBytes(long values, Method method) {
		if (values < 1) throw new IllegalArgumentException("a scan has at least one voxel, got " + values);
		return method.trains() ? GIB + NETWORK_COPIES * 4 * values + PYTORCH_BYTES : GIB + MPPCA_COPIES * 4 * values;
	}

	/** How {@link #memoryBoundBytes} is made, in words (for the job scripts' comments and messages). */
	public static String memoryBoundText(Method method) {
		return method.trains() ? "1 GiB + " + NETWORK_COPIES + " × the scan as float32 + 0.5 GiB for PyTorch"
				: "1 GiB + " + MPPCA_COPIES + " × the scan as float32";
	}

	/**
	 * Seconds denoising a scan of this shape takes on the reference CPU, as {@code request} asks: MP-PCA's
	 * windows at the stride it will use ({@link MpPca#referenceSeconds}), for a network its training (the
	 * automatic length is cut to {@code max_minutes}, a retry included; steps or epochs given are counted, twice
	 * for a retry) and inference, and for every method the rest (reading, mask, checks, writing:
	 * {@link #OTHER_SECONDS_PER_VALUE} per voxel·volume and {@link #FIXED_SECONDS}). An estimate: this
	 * machine may take more or less (the scheduler's limit adds a margin, {@link SlurmArray#timeLimitMinutes}).
	 *
	 * @throws IllegalArgumentException a size below 1
	 */
	public static double referenceSeconds(int nx, int ny, int nz, int nv, DenoiseRequest request) {
		double values = (double) nx * ny * nz * nv;
		double s = MpPca.referenceSeconds(nx, ny, nz, nv, request.mppca()) + FIXED_SECONDS + OTHER_SECONDS_PER_VALUE * values;
		Method m = request.method();
		if (!m.trains()) return s;
		TrainingConfig c = request.config();
		if (request.model() == null) {
			Objective o = m.objective();
			int batch = c.batch(o);
			// Whether the scan's noise is correlated (then SAN2N trains the published network, 2000 steps, on every other voxel)
			// is only known once it is read: the longer of the two, as the reference CPU's estimates err long.
			double step = ReferenceCpu.san2nStepSeconds(batch, c.patchSize(), o.inputChannels(nv), o.projection(nv), c.width(nv, o), nv);
			int automaticSteps = o.automaticSteps(o.projection(nv));
			double unprojected = ReferenceCpu.san2nStepSeconds(batch, c.patchSize(), o.inputChannels(nv), 0, c.width(nv, o), nv);
			if (o.automaticSteps(0) * unprojected > automaticSteps * step) {
				step = unprojected;
				automaticSteps = o.automaticSteps(0);
			}
			long positions = positions(nx, c) * positions(ny, c) * positions(nz, c);
			double training;
			if (c.automaticLength())
				training = Math.max(c.budgetSeconds() > 0 ? Math.min(c.budgetSeconds(), automaticSteps * step)
						: automaticSteps * step, TrainingConfig.MIN_STEPS * step);
			else
				training = 2 * step * (c.epochs() > 0 ? (double) c.epochs() * Math.max(1, (positions + batch - 1) / batch) : c.steps());
			s += training;
		}
		return s + INFERENCE_SECONDS_PER_VALUE * values * (request.options().flips() ? 8 : 1);
	}

	/** Patch positions along an axis of {@code n} voxels (at most: the mask keeps fewer). */
	private static long positions(int n, TrainingConfig c) {
		return Math.max(1, (n - 1) / Math.max(1, c.stride()) + 1);
	}
}
