#!/usr/bin/env bash
# The main job on the bundled sample scan: denoise it with the defaults (MP-PCA), then train SAN2N on the
# noisy scan itself and denoise it with that, score noisy and both results against the clean signal, and
# draw noisy | SAN2N | clean | residual. Every run checks its output against the noise level first.
# Outputs under target/sample-run/: default.nii.gz, denoised.nii.gz (SAN2N), model.san2n, figure.png.
# About 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
san2n() { java -jar target/san2n.jar "$@"; }
d=sample-data
out=target/sample-run
mkdir -p "$out"

echo "== the scan";              san2n info $d/dwi.nii.gz
echo; echo "== q-space pairing"; san2n pairs --bvals $d/bvals --bvecs $d/bvecs | head -4; echo "   …"
echo; echo "== denoise with the defaults (MP-PCA, no training)"
san2n denoise --dwi $d/dwi.nii.gz --bvals $d/bvals --bvecs $d/bvecs --mask $d/mask.nii.gz --out "$out/default.nii.gz"
echo; echo "== train SAN2N on the noisy scan and denoise it"
# SAN2N's output is checked like every other; when it fails the check nothing is written, and we say so.
rm -f "$out/denoised.nii.gz"
san2n denoise --method san2n --dwi $d/dwi.nii.gz --bvals $d/bvals --bvecs $d/bvecs --mask $d/mask.nii.gz \
  --out "$out/denoised.nii.gz" --save-model "$out/model.san2n" || echo "(SAN2N refused its result: see the message above)"

echo; echo "== against the clean signal, inside the brain mask"
printf '%-8s %s\n' "noisy"  "$(san2n evaluate --clean $d/clean.nii.gz --denoised $d/dwi.nii.gz --mask $d/mask.nii.gz)"
printf '%-8s %s\n' "default" "$(san2n evaluate --clean $d/clean.nii.gz --denoised "$out/default.nii.gz" --mask $d/mask.nii.gz)"
[ -f "$out/denoised.nii.gz" ] && printf '%-8s %s\n' "SAN2N"  "$(san2n evaluate --clean $d/clean.nii.gz --denoised "$out/denoised.nii.gz" --mask $d/mask.nii.gz)"

shown="$out/denoised.nii.gz" label=SAN2N
[ -f "$shown" ] || { shown="$out/default.nii.gz"; label="MP-PCA (defaults)"; }
echo; san2n figure --noisy $d/dwi.nii.gz --denoised "$shown" --label "$label" --clean $d/clean.nii.gz \
  --mask $d/mask.nii.gz --volume 10 --out "$out/figure.png"
