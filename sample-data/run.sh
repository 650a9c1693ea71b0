#!/usr/bin/env bash
# The main job on the bundled sample scan: builds the command line if needed, then shows the scan,
# its q-space pairing, its noise level and brain mask, and scores the noisy scan against the clean one.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
san2n() { java -jar target/san2n.jar "$@"; }
d=sample-data
out=target/sample-run
mkdir -p "$out"

echo "== the scan";                    san2n info $d/dwi.nii.gz
echo; echo "== q-space pairing";       san2n pairs --bvals $d/bvals --bvecs $d/bvecs
echo; echo "== noise level per volume"; san2n noise --dwi $d/dwi.nii.gz --bvals $d/bvals --bvecs $d/bvecs | head -6; echo "   …"
echo; echo "== brain mask (median_otsu)"
san2n mask --dwi $d/dwi.nii.gz --bvals $d/bvals --bvecs $d/bvecs --out "$out/mask.nii.gz"
echo; echo "== the noisy scan against the clean signal"
san2n evaluate --clean $d/clean.nii.gz --denoised $d/dwi.nii.gz --mask $d/mask.nii.gz
