package org.san2n.imagej;

import java.nio.file.Path;
import java.util.Locale;

import org.san2n.denoise.DenoiseOptions;
import org.san2n.denoise.Method;
import org.san2n.denoise.OutsideMask;
import org.san2n.train.TrainingConfig;

/**
 * What the ImageJ front ends ask for, checked once: gradient files (null: the ones stored with the
 * image), the mask (blank: median_otsu; else an open image's title or a NIfTI file), training
 * parameters, device and how the network is applied.
 */
public record JobSettings(Path bvals, Path bvecs, String mask, TrainingConfig config, String device, DenoiseOptions denoising,
		Method method) {

	/** Label of the mask choice that means "compute one". */
	public static final String AUTOMATIC_MASK = "[median_otsu]";

	public JobSettings {
		if ((bvals == null) != (bvecs == null))
			throw new IllegalArgumentException("give both the bvals and the bvecs file, or neither (to use the table "
					+ "stored with the image)");
		mask = mask == null || mask.isBlank() || mask.equals(AUTOMATIC_MASK) ? "" : mask.trim();
		if (method == null) method = Method.DEFAULT;
	}

	/** From the text fields of a dialog or a macro: blank file names mean "not given". */
	public static JobSettings of(String bvals, String bvecs, String mask, TrainingConfig config, String device,
			String outside) {
		return new JobSettings(path(bvals), path(bvecs), mask, config, device,
				DenoiseOptions.DEFAULTS.withOutside(outsideMask(outside)), Method.DEFAULT);
	}

	/**
	 * The same settings applied as a dialog or macro says: {@code outside} denoise|keep|zero, {@code flips}
	 * average|none (mirror averaging), {@code rician} remove|keep (the Rician bias).
	 */
	public JobSettings withDenoising(String outside, String flips, String rician) {
		return new JobSettings(bvals, bvecs, mask, config, device, denoising.withOutside(outsideMask(outside))
				.withFlips(choice("flips", flips, "average", "none")).withUnbias(choice("rician", rician, "remove", "keep")), method);
	}

	/**
	 * The same settings with the denoiser ({@code method} mppca|san2n|san2n-paper) and what to do with an
	 * output that fails its check ({@code check} refuse|warn).
	 */
	public JobSettings withMethod(String methodKey, String check) {
		return new JobSettings(bvals, bvecs, mask, config, device,
				denoising.withRefuse(choice("check", check, "refuse", "warn")), Method.parse(methodKey));
	}

	private static boolean choice(String key, String value, String yes, String no) {
		String v = value == null ? yes : value.trim().toLowerCase(Locale.ROOT);
		if (v.equals(yes)) return true;
		if (v.equals(no)) return false;
		throw new IllegalArgumentException(key + " must be " + yes + " or " + no + ", got '" + value + "'");
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
