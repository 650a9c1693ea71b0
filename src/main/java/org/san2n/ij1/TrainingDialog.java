package org.san2n.ij1;

import org.san2n.imagej.JobSettings;
import org.san2n.qspace.GradientFormatException;
import org.san2n.imagej.DwiProperties;
import org.san2n.train.TrainingConfig;

import ij.ImagePlus;
import ij.gui.GenericDialog;

/**
 * The dialog fields SAN2N Train and SAN2N Denoise share. Each label's first word is its macro key and
 * matches a field of the SciJava commands, so one macro line works in Fiji and in plain ImageJ.
 */
final class TrainingDialog {

	private static final TrainingConfig D = TrainingConfig.DEFAULTS;

	private final GenericDialog dialog;

	TrainingDialog(String title, ImagePlus image) {
		dialog = new GenericDialog(title);
		dialog.addMessage("Scan: " + image.getTitle() + " (" + image.getWidth() + "×" + image.getHeight() + "×"
				+ image.getNSlices() + ", " + image.getNChannels() + " channel(s), " + image.getNFrames() + " frame(s))");
		dialog.addMessage(gradientNote(image));
		dialog.addFileField("bvals", "");
		dialog.addFileField("bvecs", "");
		dialog.addStringField("mask", "", 24);
		dialog.addToSameRow();
		dialog.addMessage("open image or NIfTI file; empty: automatic");
		dialog.addNumericField("epochs", D.epochs(), 0, 6, "0: automatic");
		dialog.addNumericField("batch", D.batchSize(), 0, 6, "patch pairs per step");
		dialog.addNumericField("lr", D.learningRate(), 5, 8, "Adam learning rate");
		dialog.addNumericField("width", D.hiddenWidth(), 0, 6, "hidden channels; 0: one per volume");
		dialog.addNumericField("patch", D.patchSize(), 0, 6, "voxels");
		dialog.addNumericField("stride", D.stride(), 0, 6, "voxels");
		dialog.addNumericField("seed", D.seed(), 0, 10, "");
		dialog.addChoice("device", new String[] { "cpu", "gpu", "auto" }, "cpu");
	}

	private static String gradientNote(ImagePlus image) {
		try {
			var table = DwiProperties.gradients(image);
			return table == null ? "Gradient table: give the bvals and bvecs files"
					: "Gradient table: " + table.size() + " entries stored with the image (leave bvals/bvecs empty to use it)";
		} catch (GradientFormatException e) {
			return "Gradient table stored with the image is unreadable: " + e.getMessage();
		}
	}

	GenericDialog dialog() {
		return dialog;
	}

	/** Reads the shared fields back, in the order they were added; call after the command's own fields were added. */
	JobSettings read() {
		String bvals = dialog.getNextString(), bvecs = dialog.getNextString(), mask = dialog.getNextString();
		int epochs = (int) dialog.getNextNumber(), batch = (int) dialog.getNextNumber();
		double lr = dialog.getNextNumber();
		int width = (int) dialog.getNextNumber(), patch = (int) dialog.getNextNumber(), stride = (int) dialog.getNextNumber();
		long seed = (long) dialog.getNextNumber();
		String device = dialog.getNextChoice();
		if (dialog.invalidNumber()) throw new IllegalArgumentException("a number field holds something that is not a number");
		TrainingConfig config = D.withEpochs(epochs).withBatchSize(batch).withLearningRate(lr).withHiddenWidth(width)
				.withPatches(patch, stride).withSeed(seed);
		return JobSettings.of(bvals, bvecs, mask, config, device, "denoise");
	}
}
