#!/usr/bin/env bash
# The three real in vivo scans in sample-data/realdata (Philips, United Imaging, Siemens; see each SOURCE.txt),
# end to end with the defaults: on the command line, and the two smaller ones from a batch-mode ImageJ macro
# (open, SAN2N Denoise, save). Each output is read back with nibabel: the input's shape and affine, float32,
# finite, changed, with every volume's mean inside the brain within a few percent of the input's.
# The command-line runs leave a QC page of each scan in target/ci-artifacts/qc/NAME/index.html.
# Needs `mvn package` first; the macro part needs a display (xvfb-run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
real=sample-data/realdata
work=target/realdata-ci
rm -rf "$work"
mkdir -p "$work/plugins"

for d in "$real"/*/; do
  name=$(basename "$d")
  start=$(date +%s)
  java -jar target/san2n.jar denoise --dwi "$d/dwi.nii.gz" --bvals "$d/bvals" --bvecs "$d/bvecs" \
    --out "$work/$name-cli.nii.gz" --qc "target/ci-artifacts/qc/$name" > "$work/$name-cli.log" 2>&1 || { cat "$work/$name-cli.log"; echo "FAIL: $name on the command line"; exit 1; }
  echo "$name (command line, defaults): $(grep -a 'output check' "$work/$name-cli.log" | tail -1 | cut -c1-160) — $(( $(date +%s) - start )) s"
done

cp target/SAN2N_-*-SNAPSHOT.jar "$work/plugins/"
rm -f "$work"/plugins/*-sources.jar "$work"/plugins/*-tests.jar
macro_scans=(dcmqa_uih_umr770_dti16 dcmqa_xa30_prisma_b2500_AP)
{
  echo 'setBatchMode(true);'
  for name in "${macro_scans[@]}"; do
    # The gradient files are named bvals/bvecs beside the scan, which Open NIfTI DWI finds by itself.
    echo "run(\"Open NIfTI DWI...\", \"open=$root/$real/$name/dwi.nii.gz\");"
    echo 'scan = getImageID();'
    # (an empty option string would open the dialog; method=mppca is the default)
    echo 'run("SAN2N Denoise", "method=mppca");'
    echo 'if (getImageID() == scan) exit("SAN2N Denoise did not make the result the current image");'
    echo "run(\"Save as NIfTI...\", \"save=$root/$work/$name-macro.nii.gz\");"
    echo 'close("*");'
    echo "print(\"saved $name\");"
  done
} > "$work/realdata.ijm"
out=$(timeout 300 xvfb-run -a java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dplugins.dir="$root/$work" -cp "target/lib/*" \
  ij.ImageJ -batch "$work/realdata.ijm" 2>&1) || true
echo "$out" | grep -a -v '^\[W' | tail -20
for name in "${macro_scans[@]}"; do
  grep -q "^saved $name" <<<"$out" || { echo "FAIL: the batch macro did not denoise and save $name"; exit 1; }
done

/usr/bin/python3 - "$root/$real" "$root/$work" "${macro_scans[@]}" <<'PY'
import glob, os, sys
import nibabel as nib, numpy as np
real, work, macro = sys.argv[1], sys.argv[2], sys.argv[3:]
for d in sorted(glob.glob(f"{real}/*/")):
    name = os.path.basename(d.rstrip("/"))
    ref = nib.load(f"{d}/dwi.nii.gz")
    noisy = np.asarray(ref.get_fdata(dtype=np.float32))
    b0 = noisy[..., 0]
    brain = b0 > np.percentile(b0[b0 > 0], 60)  # a crude brain mask: bright b0 voxels
    for front in ["cli"] + (["macro"] if name in macro else []):
        out = nib.load(f"{work}/{name}-{front}.nii.gz")
        assert out.shape == ref.shape, (name, front, out.shape, ref.shape)
        assert np.allclose(out.affine, ref.affine, atol=1e-3), (name, front, out.affine, ref.affine)
        assert out.get_data_dtype() == np.float32, (name, front)
        d = np.asarray(out.dataobj)
        assert np.isfinite(d).all(), (name, front, "non-finite voxels")
        assert not np.allclose(d, noisy), (name, front, "unchanged")
        ratio = d[brain].mean(axis=0) / noisy[brain].mean(axis=0)
        assert np.all(np.abs(ratio - 1) < 0.08), (name, front, "volume means moved", ratio)
        print(f"{name} {front}: shape {out.shape}, float32, the input's affine; volume means within "
              f"{100 * np.abs(ratio - 1).max():.1f} % of the input's (bright-b0 voxels)")
PY
echo "real scans OK"
