package org.san2n.scijava;

import java.awt.GraphicsEnvironment;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.thread.ThreadService;

import ij.ImagePlus;
import ij.macro.Interpreter;

/**
 * Makes SAN2N Denoise's result the current ImageJ image, as a macro expects of a command that makes one:
 * counted by nImages and found by the next command (Save as NIfTI...), in a window in the GUI and as a
 * batch-mode image in macros, headless ones included. Having shown it, it marks the output resolved, so
 * that the display layer (which runs after it) does not show it a second time; the output keeps its
 * value for scripts. A headless script outside any macro has no ImageJ images to join: there the output
 * is left to the display layer and the caller.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.HIGH)
public final class ResultDisplay extends AbstractPostprocessorPlugin {

	static final String OUTPUT = "denoised";
	/** SAN2N Denoise's map outputs (show_noise_map, show_rank_map, show_residual), shown as images of their own. */
	static final java.util.List<String> MAPS = java.util.List.of("noise_map_image", "rank_map_image", "residual_image");

	@Parameter
	private ThreadService threads;

	@Override
	public void process(Module module) {
		if (!(module.getDelegateObject() instanceof DenoiseCommand)) return;
		if (!(module.getOutput(OUTPUT) instanceof ImagePlus result) || module.isOutputResolved(OUTPUT)) return;
		if (GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode()) return;
		// The maps asked for first, so that the result, shown last, is the current image.
		for (String map : MAPS)
			if (module.getOutput(map) instanceof ImagePlus image && !module.isOutputResolved(map)) {
				image.show();
				module.resolveOutput(map);
			}
		result.show();
		// A batch-mode image is "current" per thread, and the module ran on a thread of its own: the macro
		// (or script) that called it must see the result as its current image.
		Thread caller = threads.getParent(null);
		if (Interpreter.isBatchMode() && caller != null) ij.WindowManager.setTempCurrentImage(caller, result);
		module.resolveOutput(OUTPUT);
	}
}
