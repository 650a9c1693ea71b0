package org.san2n.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.san2n.nifti.NiftiWriter;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.qspace.FslGradientWriter;

/**
 * A small synthetic BIDS dataset for tests (16×16×8 phantoms: MP-PCA denoises one in a fraction of a second):
 * <ul>
 * <li>sub-01 ses-1 and ses-2, sub-02 ses-1: protocol acq-a (one shell of 8 directions + 2 b0s), gradient files and
 * a desc-brain_mask beside each scan;</li>
 * <li>sub-02 ses-1 and sub-03 ses-1: protocol acq-b (two shells of 6 directions + 2 b0s), gradient files inherited
 * from the top folder ({@code acq-b_dwi.bval}), masks in {@code derivatives/masks/}; sub-03's scan is truncated.</li>
 * </ul>
 * A top-level {@code dwi.json} gives every scan {@code PhaseEncodingDirection: j-}.
 */
public final class SyntheticStudy {

	private SyntheticStudy() {}

	/** The scans' paths inside the dataset, in sorted order; {@link #BROKEN} cannot be read. */
	public static final String[] SCANS = { "sub-01/ses-1/dwi/sub-01_ses-1_acq-a_dwi.nii.gz", "sub-01/ses-2/dwi/sub-01_ses-2_acq-a_dwi.nii.gz",
			"sub-02/ses-1/dwi/sub-02_ses-1_acq-a_dwi.nii.gz", "sub-02/ses-1/dwi/sub-02_ses-1_acq-b_dwi.nii.gz",
			"sub-03/ses-1/dwi/sub-03_ses-1_acq-b_dwi.nii.gz" };
	public static final String BROKEN = SCANS[4];

	/** Writes the dataset into {@code root} (created) and returns it. */
	public static Path write(Path root) throws IOException {
		Files.createDirectories(root);
		Files.writeString(root.resolve("dataset_description.json"), "{\"Name\": \"synthetic\", \"BIDSVersion\": \"1.9.0\"}\n");
		Files.writeString(root.resolve("dwi.json"), "{\"PhaseEncodingDirection\": \"j-\"}\n");
		scan(root, "01", "1", "a", 1);
		scan(root, "01", "2", "a", 2);
		scan(root, "02", "1", "a", 3);
		scan(root, "02", "1", "b", 4);
		scan(root, "03", "1", "b", 5);
		Path broken = root.resolve(BROKEN);
		byte[] all = Files.readAllBytes(broken);
		Files.write(broken, java.util.Arrays.copyOf(all, 3000));
		return root;
	}

	private static void scan(Path root, String sub, String ses, String acq, long seed) throws IOException {
		boolean a = acq.equals("a");
		PhantomSpec spec = new PhantomSpec(new int[] { 16, 16, 8 }, a ? new double[] { 1000 } : new double[] { 1000, 2000 }, a ? 8 : 6, 2, 10,
				seed);
		BrainPhantom.Phantom p = BrainPhantom.simulate(spec);
		String name = "sub-" + sub + "_ses-" + ses + "_acq-" + acq;
		Path dir = Files.createDirectories(root.resolve("sub-" + sub).resolve("ses-" + ses).resolve("dwi"));
		NiftiWriter.write(dir.resolve(name + "_dwi.nii.gz"), p.noisy().geometry(), p.noisy().image());
		Path maskDir = a ? dir : Files.createDirectories(root.resolve("derivatives/masks/sub-" + sub + "/ses-" + ses + "/dwi"));
		NiftiWriter.write(maskDir.resolve(name + "_desc-brain_mask.nii.gz"), p.noisy().geometry(), p.mask().asFloat());
		if (a) FslGradientWriter.write(p.noisy().gradients(), dir.resolve(name + "_dwi.bval"), dir.resolve(name + "_dwi.bvec"));
		else FslGradientWriter.write(p.noisy().gradients(), root.resolve("acq-b_dwi.bval"), root.resolve("acq-b_dwi.bvec"));
	}
}
