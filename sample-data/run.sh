#!/usr/bin/env bash
# The main job on the bundled sample scan: train SAN2N on the noisy scan itself, denoise it, score
# noisy and denoised against the clean signal, and draw noisy | denoised | clean | residual.
# Outputs under target/sample-run/: denoised.nii.gz, model.san2n, figure.png. About 2–3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
san2n() { java -jar target/san2n.jar "$@"; }
d=sample-data
out=target/sample-run
mkdir -p "$out"

echo "== the scan";              san2n info $d/dwi.nii.gz
echo; echo "== q-space pairing"; san2n pairs --bvals $d/bvals --bvecs $d/bvecs | head -4; echo "   …"
echo; echo "== train SAN2N on the noisy scan and denoise it"
san2n denoise --dwi $d/dwi.nii.gz --bvals $d/bvals --bvecs $d/bvecs --mask $d/mask.nii.gz \
  --out "$out/denoised.nii.gz" --save-model "$out/model.san2n"

echo; echo "== against the clean signal, inside the brain mask"
printf '%-8s %s\n' "noisy"  "$(san2n evaluate --clean $d/clean.nii.gz --denoised $d/dwi.nii.gz --mask $d/mask.nii.gz)"
printf '%-8s %s\n' "SAN2N"  "$(san2n evaluate --clean $d/clean.nii.gz --denoised "$out/denoised.nii.gz" --mask $d/mask.nii.gz)"

echo; san2n figure --noisy $d/dwi.nii.gz --denoised "$out/denoised.nii.gz" --clean $d/clean.nii.gz \
  --mask $d/mask.nii.gz --volume 10 --out "$out/figure.png"
