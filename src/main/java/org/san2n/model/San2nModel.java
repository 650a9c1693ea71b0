package org.san2n.model;

import org.san2n.train.Objective;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * A trained SNet with its metadata. Owns the native memory of its parameters: close it.
 */
public final class San2nModel implements AutoCloseable {

	private final NDManager manager;
	private final SequentialBlock block;
	private ModelMetadata metadata;
	private final ParameterStore store;

	/** Takes ownership of {@code manager}, on which the block's parameters live. */
	public San2nModel(NDManager manager, SequentialBlock block, ModelMetadata metadata) {
		this.manager = manager;
		this.block = block;
		this.metadata = metadata;
		this.store = new ParameterStore(manager, false);
		for (Pair<String, Parameter> p : block.getParameters())
			p.getValue().getArray().setRequiresGradient(false);
	}

	public ModelMetadata metadata() {
		return metadata;
	}

	/** Records the check of the scan this model denoised, to be written with the model. */
	public void recordCheck(OutputCheck check) {
		metadata = metadata.withCheck(check);
	}

	/** Records that the network was trained on every other voxel in-plane ({@link ModelMetadata#everyOtherVoxel}). */
	public void recordTrainedOnEveryOtherVoxel() {
		metadata = metadata.withInPlaneStep(2);
	}

	public SequentialBlock block() {
		return block;
	}

	public Device device() {
		return manager.getDevice();
	}

	/** A scope for the tensors of one inference pass, on the model's device; close it after the pass. */
	public NDManager newScope() {
		return manager.newSubManager();
	}

	/**
	 * f(x) for x of shape (B, N, D, H, W) in network units; the result is attached to x's manager and
	 * carries no gradient. A network refining MP-PCA
	 * ({@link org.san2n.train.RecorruptedMpPca}) takes 2N channels, the scan and MP-PCA's result on it, and
	 * gives N.
	 */
	public NDArray apply(NDArray x) {
		return switch (metadata.trainedFor()) {
			// x = [y | MP-PCA(y)]: the network's output is its correction to MP-PCA's result.
			case RECORRUPTED_MPPCA -> x.get(new ai.djl.ndarray.index.NDIndex(":, {}:", metadata.channels()))
					.add(forward(x).mul((float) org.san2n.train.RecorruptedMpPca.AT_THE_SCANS_NOISE));
			case SPATIO_ANGULAR_PAIRS -> forward(x);
		};
	}

	private NDArray forward(NDArray x) {
		return block.forward(store, new NDList(x), false).singletonOrThrow().stopGradient();
	}

	@Override
	public void close() {
		manager.close();
	}
}
