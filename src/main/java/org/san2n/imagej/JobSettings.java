package org.san2n.imagej;

import java.nio.file.Path;
import java.util.Locale;

import org.san2n.denoise.OutsideMask;
import org.san2n.train.TrainingConfig;

/**
 * What the ImageJ front ends ask for, checked once: gradient files (null: the ones stored with the
 * image), the mask (blank: median_otsu; else an open image's title or a NIfTI file), training
 * parameters, device and what happens outside the mask.
 */
public record JobSettings(Path bvals, Path bvecs, String mask, TrainingConfig config, String device, OutsideMask outside) {

	/** Label of the mask choice that means "compute one". */
	public static final String AUTOMATIC_MASK = "[median_otsu]";

	public JobSettings {
		if ((bvals == null) != (bvecs == null))
			throw new IllegalArgumentException("give both the bvals and the bvecs file, or neither (to use the table "
					+ "stored with the image)");
		mask = mask == null || mask.isBlank() || mask.equals(AUTOMATIC_MASK) ? "" : mask.trim();
	}

	/** From the text fields of a dialog or a macro: blank file names mean "not given". */
	public static JobSettings of(String bvals, String bvecs, String mask, TrainingConfig config, String device,
			String outside) {
		return new JobSettings(path(bvals), path(bvecs), mask, config, device, outsideMask(outside));
	}

	/** The same settings with voxels outside the mask treated as {@code outside} says (denoise, keep, zero). */
	public JobSettings withOutside(String outside) {
		return new JobSettings(bvals, bvecs, mask, config, device, outsideMask(outside));
	}

	private static OutsideMask outsideMask(String text) {
		try {
			return OutsideMask.valueOf((text == null ? "denoise" : text).trim().toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("outside mask must be denoise, keep or zero, got '" + text + "'");
		}
	}

	static Path path(String text) {
		return text == null || text.isBlank() ? null : Path.of(text.trim());
	}
}
