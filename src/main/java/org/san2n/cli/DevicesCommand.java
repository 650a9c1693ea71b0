package org.san2n.cli;

import java.util.concurrent.Callable;

import org.san2n.model.ComputeDevice;
import org.san2n.model.NativeAllocator;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import picocli.CommandLine.Command;

@Command(name = "devices", mixinStandardHelpOptions = true,
		description = "Load the deep-learning engine (offline) and list the devices it can train on.")
final class DevicesCommand implements Callable<Integer> {

	@Override
	public Integer call() {
		Engine engine = ComputeDevice.engine();
		System.out.println("engine   " + engine.getEngineName() + " " + engine.getVersion());
		int gpus = engine.getGpuCount();
		String why = gpus > 0 ? "" : ComputeDevice.whyNoGpu();
		System.out.println("GPUs     " + gpus + (why.isEmpty() ? "" : " (" + why.substring(0, why.length() - 2) + ")"));
		for (Device d : engine.getDevices())
			System.out.println("device   " + d);
		if (!NativeAllocator.decision().isEmpty()) System.out.println("memory   " + NativeAllocator.decision());
		try (NDManager m = engine.newBaseManager(ComputeDevice.select("cpu"))) {
			NDArray a = m.arange(6f).reshape(2, 3);
			System.out.println("check    sum(0..5) on cpu = " + a.sum().getFloat());
		}
		return 0;
	}
}
