package org.san2n.model;

import java.nio.file.Path;
import java.util.Locale;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaLibrary;

/**
 * Where the network runs: {@code cpu} (default), {@code gpu} (CUDA, or an error) or {@code auto}; and the one
 * place that loads DJL's PyTorch engine, so that every front end (command line, Fiji, ImageJ 1.x) gets it
 * offline, quiet,
 * tensors' native memory kept between training steps ({@link NativeAllocator}),
 * without JVM flags or variables a user would have to set. Every NDManager of the product comes from {@link #engine()}.
 */
public final class ComputeDevice {

	public static final String CUDA_HINT = "DJL found no CUDA device; to use one, put ai.djl.pytorch:pytorch-native-cu124 "
			+ "(classifier linux-x86_64, matching the PyTorch version of pytorch-jni) on the classpath instead of "
			+ "pytorch-native-cpu, or run once online so DJL downloads the CUDA natives (see README)";

	/** c10's log levels (FLAGS_caffe2_log_level): messages below the level are not printed. */
	private static final int C10_WARNING = 1, C10_ERROR = 2;

	private static Pointer c10LogLevel;

	private ComputeDevice() {}

	/**
	 * The device for {@code choice}; for {@code gpu}, an IllegalArgumentException with one line saying why
	 * there is none, when there is none.
	 */
	public static Device select(String choice) {
		String c = choice == null ? "cpu" : choice.trim().toLowerCase(Locale.ROOT);
		if (!c.equals("cpu") && !c.equals("gpu") && !c.equals("cuda") && !c.equals("auto"))
			throw new IllegalArgumentException("device must be cpu, gpu or auto, got '" + choice + "'");
		Engine engine = engine();
		boolean gpu = !c.equals("cpu") && engine.getGpuCount() > 0;
		if (!gpu && !c.equals("cpu") && !c.equals("auto")) throw new IllegalArgumentException("device gpu: " + whyNoGpu() + CUDA_HINT);
		// PyTorch's C++ warnings on the CPU are one deprecation notice about DJL's own JNI code (AutoNonVariableTypeMode,
		// at the first NDArray.set), nothing a user can act on; on a GPU they are kept, CUDA's are worth reading.
		pytorchWarnings(gpu);
		return gpu ? Device.gpu() : Device.cpu();
	}

	/**
	 * DJL's PyTorch engine, with the natives on the classpath (pytorch-native-cpu) unless the user set
	 * {@code ai.djl.offline} themselves, and without the CUDA probe's warnings: on a machine with a CUDA runtime
	 * but no usable driver, DJL's CudaUtils logs "Failed to detect GPU count: CUDA driver version is insufficient
	 * for CUDA runtime version" at every engine start (twice) and at every GPU count, through whatever slf4j
	 * backend the host has (Fiji's is not ours to configure). Its own switch for that, the one its command-line
	 * probe uses, is turned off here; {@code --device gpu} says why there is no GPU itself, in one line.
	 */
	public static synchronized Engine engine() {
		NativeAllocator.apply(); // tensors' memory kept between training steps
		if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
		try {
			java.lang.reflect.Field logging = Class.forName("ai.djl.util.cuda.CudaUtils").getDeclaredField("logging");
			logging.setAccessible(true);
			logging.setBoolean(null, false);
		} catch (ReflectiveOperationException | RuntimeException e) {
			// A DJL without that switch: its warnings show, nothing else changes.
		}
		return Engine.getEngine("PyTorch");
	}

	/** Why there is no GPU to run on, as CUDA itself says it (ends with "; "), or "" when CUDA cannot be asked. */
	public static String whyNoGpu() {
		try {
			CudaLibrary cuda = Native.load("cudart", CudaLibrary.class);
			int[] count = new int[1];
			int status = cuda.cudaGetDeviceCount(count);
			if (status != 0) return "CUDA: " + cuda.cudaGetErrorString(status) + "; ";
			if (count[0] == 0) return "CUDA sees no GPU; ";
			return "CUDA sees " + count[0] + " GPU(s), but the PyTorch natives in use are CPU-only; ";
		} catch (LinkageError | RuntimeException e) {
			return ""; // no CUDA runtime library where the system looks (on Windows it has another name)
		}
	}

	/**
	 * Shows or hides PyTorch's C++ warnings (c10 logging; errors always show) by setting c10's exported log level,
	 * the variable TORCH_CPP_LOG_LEVEL sets in Python (plain libtorch, as DJL loads it, never reads that variable).
	 */
	private static synchronized void pytorchWarnings(boolean shown) {
		try {
			if (c10LogLevel == null) {
				Path c10 = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("c10"));
				c10LogLevel = NativeLibrary.getInstance(c10.toString()).getGlobalVariableAddress("FLAGS_caffe2_log_level");
			}
			c10LogLevel.setInt(0, shown ? C10_WARNING : C10_ERROR);
		} catch (LinkageError | RuntimeException e) {
			// A libtorch without that symbol or at another path: its warnings show, nothing else changes.
		}
	}
}
