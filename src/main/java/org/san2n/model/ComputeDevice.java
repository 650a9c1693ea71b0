package org.san2n.model;

import java.util.Locale;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Where the network runs: {@code cpu} (default), {@code gpu} (CUDA, or an error) or {@code auto}. */
public final class ComputeDevice {

	public static final String CUDA_HINT = "DJL found no CUDA device; to use one, put ai.djl.pytorch:pytorch-native-cu124 "
			+ "(classifier linux-x86_64, matching the PyTorch version of pytorch-jni) on the classpath instead of "
			+ "pytorch-native-cpu, or run once online so DJL downloads the CUDA natives (see README)";

	private ComputeDevice() {}

	/**
	 * Also makes DJL use the PyTorch natives on the classpath (pytorch-native-cpu) instead of
	 * downloading some, unless the user set {@code ai.djl.offline} themselves.
	 */
	public static Device select(String choice) {
		if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
		String c = choice == null ? "cpu" : choice.trim().toLowerCase(Locale.ROOT);
		switch (c) {
		case "cpu":
			return Device.cpu();
		case "gpu":
		case "cuda":
			if (gpus() == 0) throw new IllegalArgumentException("device gpu: " + CUDA_HINT);
			return Device.gpu();
		case "auto":
			return gpus() > 0 ? Device.gpu() : Device.cpu();
		default:
			throw new IllegalArgumentException("device must be cpu, gpu or auto, got '" + choice + "'");
		}
	}

	private static int gpus() {
		return Engine.getEngine("PyTorch").getGpuCount();
	}
}
