package org.san2n.cli;

import java.util.concurrent.Callable;

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
		Engine engine = Engine.getEngine("PyTorch");
		System.out.println("engine   " + engine.getEngineName() + " " + engine.getVersion());
		System.out.println("GPUs     " + engine.getGpuCount());
		for (Device d : engine.getDevices())
			System.out.println("device   " + d);
		try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
			NDArray a = m.arange(6f).reshape(2, 3);
			System.out.println("check    sum(0..5) on cpu = " + a.sum().getFloat());
		}
		return 0;
	}
}
