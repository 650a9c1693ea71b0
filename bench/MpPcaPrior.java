import java.nio.file.Path;
import java.util.Arrays;
import org.san2n.dwi.*;
import org.san2n.mppca.*;
import org.san2n.nifti.*;
import org.san2n.progress.Progress;
/**
 * Raw MP-PCA (no Rician bias step), plain or polyphase, with or without a constant prior σ, on a bench/families.py
 * phantom: what --noise-map-in changes inside MP-PCA alone (the pipeline picks plain or polyphase by itself).
 *
 *   java -cp "target/san2n.jar:target/lib/*" bench/MpPcaPrior.java DIR OUT.nii.gz plain|poly SIGMA   (SIGMA 0: no prior)
 *
 * then san2n evaluate --clean DIR/clean.nii.gz --denoised OUT.nii.gz --mask DIR/mask.nii.gz
 */
public class MpPcaPrior {
  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]);
    DwiScan s = DwiScanLoader.load(dir.resolve("dwi.nii.gz"), dir.resolve("bvals"), dir.resolve("bvecs"), Progress.NONE);
    MpPcaOptions o = MpPcaOptions.DEFAULTS.withStride(1);
    double sg = Double.parseDouble(a[3]);
    float[] prior = null;
    if (sg > 0) { prior = new float[(int) s.volumeSize()]; Arrays.fill(prior, (float) sg); }
    MpPca.Result r = a[2].equals("poly") ? PolyphaseMpPca.denoise(s, null, false, o, prior, Progress.NONE) : MpPca.denoise(s, null, false, o, prior, Progress.NONE);
    NiftiWriter.write(Path.of(a[1]), NiftiReader.readHeader(dir.resolve("dwi.nii.gz")), r.scan().image());
    float[] rk = r.rank().clone(); Arrays.sort(rk);
    System.out.println(a[1] + ": median rank " + rk[rk.length / 2]);
  }
}
