#!/usr/bin/env bash
# SAN2N's wall time against MP-PCA's (issue 18: at most 5×) on the clinical-sized phantom of bench/speed.sh
# (96×96×60, 65 volumes, SNR 10, seed 5), each method with its defaults, one after the other on this machine,
# and what each result is worth: PSNR / SSIM against the clean signal inside the mask (san2n evaluate), FA and
# MD error of a DIPY tensor fit, training steps run and why training stopped.
# Usage: bench/san2n-time.sh [EXTRA OPTIONS FOR THE SAN2N RUN...]   Writes target/san2n-time/.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/san2n-time
[ -x /usr/bin/time ] || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq time >/dev/null; }
/usr/bin/python3 -c 'import dipy, nibabel' 2>/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq python3-dipy python3-nibabel >/dev/null; }
# Build unless the jar is newer than every source: a stale jar would time an old build.
[ -f target/san2n.jar ] && [ -z "$(find src pom.xml -newer target/san2n.jar -print -quit)" ] || mvn -B -q package -DskipTests
mkdir -p "$work"
jar="java -jar target/san2n.jar"
d=$work/clinical
[ -f "$d/dwi.nii.gz" ] || $jar simulate --out "$d" --size 96 96 60 --directions 32 --shells 1000,2000 --b0 1 --snr 10 --seed 5 >/dev/null

run() { # name [options...] → prints "seconds"
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" $jar denoise --dwi "$d/dwi.nii.gz" --bvals "$d/bvals" --bvecs "$d/bvecs" \
    --out "$work/$name.nii.gz" "$@" >"$work/$name.log" 2>&1 || { tail -3 "$work/$name.log" >&2; echo "FAIL: $name" >&2; exit 1; }
  cut -d' ' -f1 "$work/$name.time"
}

mppca=$(run mppca)
san2n=$(run san2n --method san2n "$@")
printf 'clinical phantom 96×96×60×65, 2 cores here: MP-PCA %.0f s, SAN2N %.0f s: %.2f× MP-PCA (issue 18: at most 5×)\n' \
  "$mppca" "$san2n" "$(echo "$san2n / $mppca" | bc -l)" | tee "$work/result.txt"
grep -a "^training:\|this machine:" "$work/san2n.log" | sed 's/^/  /' | tee -a "$work/result.txt"
/usr/bin/python3 -c "import json; j = json.load(open('$work/san2n.json')); print('  steps run:', j.get('training_steps_run'), '-', j.get('training_outcome'))" \
  | tee -a "$work/result.txt"
for name in mppca san2n; do
  q=$($jar evaluate --clean "$d/clean.nii.gz" --denoised "$work/$name.nii.gz" --mask "$d/mask.nii.gz" --json | tr -d '\n ')
  printf '  %-6s %s\n' "$name" "$q" | tee -a "$work/result.txt"
done
/usr/bin/python3 - "$d" "$work/mppca.nii.gz" "$work/san2n.nii.gz" <<'PY' | tee -a "$work/result.txt"
import sys, warnings, numpy as np, nibabel as nib
from dipy.core.gradients import gradient_table
from dipy.io import read_bvals_bvecs
import dipy.reconst.dti as dti
warnings.filterwarnings("ignore")
d = sys.argv[1]
gt = gradient_table(*read_bvals_bvecs(f"{d}/bvals", f"{d}/bvecs"))
m = nib.load(f"{d}/mask.nii.gz").get_fdata() > 0
fit0 = dti.TensorModel(gt).fit(nib.load(f"{d}/clean.nii.gz").get_fdata(), mask=m)
for name, f in zip(["mppca", "san2n"], sys.argv[2:]):
    fit = dti.TensorModel(gt).fit(nib.load(f).get_fdata(), mask=m)
    print(f"  {name:6s} FA error {np.mean(np.abs(fit.fa[m] - fit0.fa[m])):.4f}   MD error {np.mean(np.abs(fit.md[m] - fit0.md[m])) * 1e3:.4f} µm²/ms")
PY
