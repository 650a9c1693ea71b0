#!/usr/bin/env bash
# Plain ImageJ 1.x runs the SAN2N menu commands from a batch-mode macro: the plugin jar is installed in
# a plugins folder (ImageJ reads its plugins.config), its libraries are on the class path. ImageJ 1.x
# builds its menus with AWT, so this needs a display: run it under xvfb-run. Needs `mvn package` first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=target/imagej-macro
rm -rf "$work"
# Installed as a user would: target/SAN2N-fiji.zip unpacked into an app folder (plugins/ and jars/). The
# libraries the zip leaves to Fiji (ImageJ, SciJava, ImgLib2, gson, JNA, commons, slf4j) come from
# target/lib; DJL and PyTorch must come from the zip, so a zip that lacks one fails here.
mkdir -p "$work/app/fiji-own"
/usr/bin/python3 -m zipfile -e target/SAN2N-fiji.zip "$work/app"
test -n "$(ls "$work"/app/plugins/SAN2N_-*.jar)" || { echo "FAIL: no plugin jar in the Fiji zip"; exit 1; }
for jar in target/lib/*.jar; do
  case "$(basename "$jar")" in api-*|pytorch-*|picocli-*|slf4j-simple-*) ;; *) cp "$jar" "$work/app/fiji-own/" ;; esac
done
for own in ij- scijava-common- imglib2- gson- jna- picocli-; do
  ! ls "$work"/app/jars/ | grep -q "^$own" || { echo "FAIL: the Fiji zip ships $own, which Fiji has (or does not need)"; exit 1; }
done

# A model trained on the command line; the macro applies it, so both front ends must give the same voxels.
java -jar target/san2n.jar train --dwi sample-data/dwi.nii.gz --bvals sample-data/bvals --bvecs sample-data/bvecs \
  --mask sample-data/mask.nii.gz --epochs 3 --width 8 --quiet --model "$work/cli.san2n" 2>/dev/null
java -jar target/san2n.jar denoise --dwi sample-data/dwi.nii.gz --bvals sample-data/bvals --bvecs sample-data/bvecs \
  --mask sample-data/mask.nii.gz --model "$work/cli.san2n" --check warn --out "$work/cli.nii.gz" 2>/dev/null

# The macro a pipeline would write: open a NIfTI scan (gradients from beside it), denoise, save.
# Once with the model, once training SAN2N on the scan itself (a short training keeps CI quick, and
# check=warn writes its barely trained output), once with the defaults (MP-PCA, checked output).
cat > "$work/denoise.ijm" <<MACRO
setBatchMode(true);
run("Open NIfTI DWI...", "open=$root/sample-data/dwi.nii.gz");
scan = getImageID();
Stack.getDimensions(w, h, c, z, t);
print("opened " + getTitle() + ": " + w + "x" + h + "x" + z + ", " + t + " frames, bvals: " + Property.get("SAN2N bvals"));
run("SAN2N Denoise", "mask=$root/sample-data/mask.nii.gz model=$root/$work/cli.san2n check=warn");
run("Save as NIfTI...", "save=$root/$work/with-model.nii.gz");
selectImage(scan);
run("SAN2N Denoise", "mask=$root/sample-data/mask.nii.gz method=san2n check=warn epochs=3 width=8");
print("denoised " + getTitle());
run("Save as NIfTI...", "save=$root/$work/denoised.nii.gz");
selectImage(scan);
run("SAN2N Denoise", "mask=$root/sample-data/mask.nii.gz");
print("denoised with the defaults: " + getTitle());
run("Save as NIfTI...", "save=$root/$work/default.nii.gz");
print("saved");
MACRO

# A batch macro that gives no keys: every key takes its default and no dialog opens (one would wait for a
# click that never comes; the short timeout below turns that into a failure). Both spellings: ImageJ passes
# run(cmd, "") and run(cmd) to the command alike, as no options.
cat > "$work/no-options.ijm" <<MACRO
setBatchMode(true);
run("Open NIfTI DWI...", "open=$root/sample-data/dwi.nii.gz");
scan = getImageID();
run("SAN2N Denoise", "");
run("Save as NIfTI...", "save=$root/$work/no-options.nii.gz");
selectImage(scan);
run("SAN2N Denoise");
run("Save as NIfTI...", "save=$root/$work/no-options-2.nii.gz");
print("saved");
MACRO

# A failing call must stop the macro with a readable message, not a stack trace.
cat > "$work/fails.ijm" <<MACRO
setBatchMode(true);
run("Open NIfTI DWI...", "open=$root/sample-data/dwi.nii.gz");
run("SAN2N Denoise", "bvals=$root/sample-data/bvals bvecs=$root/$work/missing.bvec");
print("SHOULD NOT BE REACHED");
MACRO

# The worst failure a pipeline can meet: a refused SAN2N run followed by a Save. If the macro went on,
# Save as NIfTI... would write the noisy input (still the current image) under the output's name.
# A training setting with MP-PCA is refused before anything runs.
cat > "$work/saves-after-failure.ijm" <<MACRO
setBatchMode(true);
run("Open NIfTI DWI...", "open=$root/sample-data/dwi.nii.gz");
run("SAN2N Denoise", "method=mppca steps=100");
run("Save as NIfTI...", "save=$root/$work/should-not-exist.nii.gz");
print("SHOULD NOT BE REACHED");
MACRO

run_macro() {
  # A macro error opens a modal dialog even in batch mode; the timeout keeps that from hanging CI.
  # No flag quietens the engine: a Fiji user sets none (org.san2n.model.ComputeDevice does it).
  timeout "${2:-900}" xvfb-run -a java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dplugins.dir="$root/$work/app" -cp "$work/app/fiji-own/*:$work/app/jars/*" ij.ImageJ -batch "$1" 2>&1
}

out=$(run_macro "$work/denoise.ijm")
echo "$out"
grep -q "^saved" <<<"$out" || { echo "FAIL: the denoise macro did not finish"; exit 1; }
grep -q "SAN2N Denoise: epoch" <<<"$out" || { echo "FAIL: no training lines in the log"; exit 1; }
# Training on the CPU: no CUDA probe warnings, no PyTorch C++ deprecation notice.
if grep -q "GPU count\|driver version\|AutoNonVariableTypeMode" <<<"$out"; then echo "FAIL: engine warnings on a CPU run"; exit 1; fi
# MP-PCA on the sample takes seconds; 300 s is far more than two runs need, and ends a run waiting for a click.
rc=0
out=$(run_macro "$work/no-options.ijm" 300) || rc=$?
echo "$out"
test -f "$work/no-options.nii.gz" -a -f "$work/no-options-2.nii.gz" \
  || { echo "FAIL: run(\"SAN2N Denoise\", \"\") in a batch macro did not finish (exit status $rc; 124: waited for a dialog until the timeout)"; exit 1; }
grep -q "^saved" <<<"$out" || { echo "FAIL: the no-options macro did not finish"; exit 1; }

/usr/bin/python3 - "$root/$work" "$root/sample-data/dwi.nii.gz" <<'PY'
import sys, nibabel as nib, numpy as np
work, ref = sys.argv[1], nib.load(sys.argv[2])
for name in ("with-model", "denoised", "default", "no-options", "no-options-2"):
    out = nib.load(f"{work}/{name}.nii.gz")
    assert out.shape == ref.shape, (name, out.shape, ref.shape)
    assert np.allclose(out.affine, ref.affine, atol=1e-4), (name, out.affine, ref.affine)
    assert out.get_data_dtype() == np.float32, name
    d = np.asarray(out.dataobj)
    assert np.isfinite(d).all() and d.min() >= 0 and d.max() > 0, name
noisy, den = (np.asarray(nib.load(p).dataobj, dtype=np.float64) for p in (sys.argv[2], f"{work}/default.nii.gz"))
assert not np.array_equal(noisy, den), "the defaults changed the scan"
d, c = (np.asarray(nib.load(f"{work}/{n}.nii.gz").dataobj) for n in ("with-model", "cli"))
err = np.abs(d - c).max() / np.abs(c).max()
assert err < 1e-5, err
a, b = (np.asarray(nib.load(f"{work}/{n}.nii.gz").dataobj) for n in ("no-options", "no-options-2"))
assert np.array_equal(a, b), 'run(cmd, "") and run(cmd) differ'
assert not np.array_equal(noisy, a), "the no-options run changed nothing"
print(f"macro outputs OK: shape {ref.shape}, float32, the input's affine; with the model the macro's voxels "
      f"equal the command line's (max rel. diff {err:.1e})")
PY
test -f "$work/denoised.bval" -a -f "$work/denoised.bvec" || { echo "FAIL: no gradient sidecars"; exit 1; }

out=$(run_macro "$work/fails.ijm" || true)
echo "$out"
grep -q "SAN2N Denoise: error: .*missing.bvec: no such file" <<<"$out" || { echo "FAIL: no clear error line"; exit 1; }
if grep -q "SHOULD NOT BE REACHED\|Exception\|	at " <<<"$out"; then echo "FAIL: macro went on or printed a stack trace"; exit 1; fi
# ImageJ 1.x's -batch always ends with System.exit(0) (ij.ImageJ.main), whatever the macro did, and a
# plugin must not call System.exit (Fiji runs many commands in one JVM). So the check is what a pipeline
# can rely on: nothing saved, and the error line in the log.
rc=0
out=$(run_macro "$work/saves-after-failure.ijm") || rc=$?
echo "$out"
test ! -e "$work/should-not-exist.nii.gz" || { echo "FAIL: the macro went on after the failed Denoise and saved the input"; exit 1; }
grep -q "SAN2N Denoise: error: steps is a SAN2N training setting, but the method is mppca" <<<"$out" \
  || { echo "FAIL: no clear error line for the refused setting"; exit 1; }
if grep -q "SHOULD NOT BE REACHED\|Exception\|	at " <<<"$out"; then echo "FAIL: macro went on or printed a stack trace"; exit 1; fi
echo "a failed Denoise stopped the macro before its Save (ImageJ -batch exit status: $rc; ImageJ 1.x always exits 0)"
# The maps beside the result (show_noise_map, show_rank_map, show_residual): images a macro selects by title and
# saves; they must equal the command line's --noise-map, --rank-map and --residual voxel for voxel.
java -jar target/san2n.jar denoise --dwi sample-data/dwi.nii.gz --bvals sample-data/bvals --bvecs sample-data/bvecs \
  --mask sample-data/mask.nii.gz --out "$work/cli-maps.nii.gz" --noise-map "$work/cli-sigma.nii.gz" \
  --rank-map "$work/cli-rank.nii.gz" --residual "$work/cli-residual.nii.gz" 2>/dev/null
cat > "$work/maps.ijm" <<MACRO
run("Open NIfTI DWI...", "open=$root/sample-data/dwi.nii.gz");
run("SAN2N Denoise", "mask=$root/sample-data/mask.nii.gz show_noise_map show_rank_map show_residual");
print("current " + getTitle() + ", images " + nImages);
run("Save as NIfTI...", "save=$root/$work/maps.nii.gz");
selectImage(getTitle() + "-sigma");
run("Save as NIfTI...", "save=$root/$work/sigma.nii.gz");
selectImage("dwi-SAN2N-rank");
run("Save as NIfTI...", "save=$root/$work/rank.nii.gz");
selectImage("dwi-SAN2N-residual");
run("Save as NIfTI...", "save=$root/$work/residual.nii.gz");
print("saved");
MACRO
out=$(run_macro "$work/maps.ijm" 300)
echo "$out"
grep -q "^current dwi-SAN2N, images 5" <<<"$out" || { echo "FAIL: the result is not the current image beside its three maps"; exit 1; }
/usr/bin/python3 - "$root/$work" <<'PY'
import sys, nibabel as nib, numpy as np
work = sys.argv[1]
for macro, cli, shape in (("sigma", "cli-sigma", 3), ("rank", "cli-rank", 3), ("residual", "cli-residual", 4), ("maps", "cli-maps", 4)):
    a, b = nib.load(f"{work}/{macro}.nii.gz"), nib.load(f"{work}/{cli}.nii.gz")
    assert a.shape == b.shape and len(a.shape) == shape, (macro, a.shape, b.shape)
    assert np.allclose(a.affine, b.affine, atol=1e-4), (macro, a.affine, b.affine)
    err = float(np.abs(a.get_fdata() - b.get_fdata()).max())
    assert err <= 1e-5 * max(1.0, float(np.abs(b.get_fdata()).max())), (macro, err)
print("the macro's maps equal the command line's (σ, rank, residual, result)")
PY
echo "ImageJ 1.x macro checks passed"
