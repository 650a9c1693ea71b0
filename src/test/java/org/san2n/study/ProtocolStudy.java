package org.san2n.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.san2n.nifti.NiftiWriter;
import org.san2n.phantom.BrainPhantom;
import org.san2n.phantom.PhantomSpec;
import org.san2n.qspace.FslGradientWriter;
import org.san2n.qspace.GradientTable;

/**
 * A small BIDS dataset of two protocols for the protocol models' tests (16×16×8 phantoms, one shell of 8
 * directions + 2 b0s): sub-01, sub-02 and sub-03 share one gradient table ({@code acq-p_dwi.bval}/{@code .bvec} at
 * the top, the table of sub-01's phantom; sub-03's files beside its scan list the same volumes in another order),
 * sub-04's scan has a table of its own ({@code acq-p} too, beside it: same name, another protocol). Masks beside
 * the scans.
 */
public final class ProtocolStudy {

	private ProtocolStudy() {}

	/** The scans' paths inside the dataset, in sorted order. */
	public static final String[] SCANS = { "sub-01/dwi/sub-01_acq-p_dwi.nii.gz", "sub-02/dwi/sub-02_acq-p_dwi.nii.gz",
			"sub-03/dwi/sub-03_acq-p_dwi.nii.gz", "sub-04/dwi/sub-04_acq-p_dwi.nii.gz" };

	/** Writes the dataset into {@code root} (created) and returns it. */
	public static Path write(Path root) throws IOException {
		Files.createDirectories(root);
		Files.writeString(root.resolve("dataset_description.json"), "{\"Name\": \"protocols\", \"BIDSVersion\": \"1.9.0\"}\n");
		GradientTable shared = null;
		for (int i = 1; i <= 4; i++) {
			BrainPhantom.Phantom p = BrainPhantom.simulate(new PhantomSpec(new int[] { 16, 16, 8 }, new double[] { 1000 }, 8, 2, 10, i));
			String name = "sub-0" + i + "_acq-p";
			Path dir = Files.createDirectories(root.resolve("sub-0" + i).resolve("dwi"));
			GradientTable t = p.noisy().gradients();
			if (i == 1) {
				shared = t;
				FslGradientWriter.write(t, root.resolve("acq-p_dwi.bval"), root.resolve("acq-p_dwi.bvec"));
			}
			NiftiWriter.write(dir.resolve(name + "_dwi.nii.gz"), p.noisy().geometry(), p.noisy().image());
			NiftiWriter.write(dir.resolve(name + "_desc-brain_mask.nii.gz"), p.noisy().geometry(), p.mask().asFloat());
			if (i == 3) FslGradientWriter.write(reversed(shared), dir.resolve(name + "_dwi.bval"), dir.resolve(name + "_dwi.bvec"));
			if (i == 4) FslGradientWriter.write(t, dir.resolve(name + "_dwi.bval"), dir.resolve(name + "_dwi.bvec"));
		}
		return root;
	}

	/** The table's volumes in reverse order: the same protocol. */
	static GradientTable reversed(GradientTable t) {
		int n = t.size();
		double[] b = new double[n];
		double[][] g = new double[n][];
		for (int v = 0; v < n; v++) {
			b[v] = t.bval(n - 1 - v);
			g[v] = t.direction(n - 1 - v).clone();
		}
		return new GradientTable(b, g);
	}
}
