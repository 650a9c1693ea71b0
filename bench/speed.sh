#!/usr/bin/env bash
# Time and memory of the defaults against MRtrix3 dwidenoise and DIPY's MP-PCA, on the same machine in one
# run: a clinical-sized phantom (96×96×60, 65 volumes; scored against its clean signal) and the real Philips
# scan (128×128×82×17). Prints wall time and peak RSS (GNU time) of each, the ratios ours/peer, the memory
# bound of issue 11 (1 GB + 3 × the scan as float32), and for the phantom PSNR and the FA error of a tensor fit.
# Usage: [BEFORE=OUT.nii.gz] bench/speed.sh [EXTRA DENOISE OPTIONS...]   (e.g. --mppca-stride 1). Writes target/speed/.
# With BEFORE (the clinical phantom's output of an earlier build), also prints the largest difference of ours from it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/speed
[ -x /usr/bin/time ] || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq time >/dev/null; }
command -v dwidenoise >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq mrtrix3 >/dev/null; }
/usr/bin/python3 -c 'import dipy, nibabel' 2>/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq python3-dipy python3-nibabel >/dev/null; }
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
mkdir -p "$work"
jar="java -jar target/san2n.jar"
[ -f "$work/clinical/dwi.nii.gz" ] || $jar simulate --out "$work/clinical" --size 96 96 60 --directions 32 --shells 1000,2000 --b0 1 \
  --snr 10 --seed 5 >/dev/null

timed() { # name log command... → "seconds kilobytes"
  local name=$1 log=$2; shift 2
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$log" 2>&1 || { tail -3 "$log"; echo "FAIL: $name"; exit 1; }
  tail -1 "$work/$name.time"
}

run_scan() { # label dwi bvals bvecs [clean mask]
  local label=$1 dwi=$2 bvals=$3 bvecs=$4 clean=${5:-} mask=${6:-}
  read -r ts tk < <(timed "$label-ours" "$work/$label-ours.log" $jar denoise --dwi "$dwi" --bvals "$bvals" --bvecs "$bvecs" \
    --out "$work/$label-ours.nii.gz" "${EXTRA[@]}")
  read -r ds dk < <(timed "$label-dwidenoise" "$work/$label-dwidenoise.log" dwidenoise -force -quiet "$dwi" "$work/$label-dwidenoise.nii.gz")
  read -r ps pk < <(timed "$label-dipy" "$work/$label-dipy.log" /usr/bin/python3 -c "
import nibabel as nib, numpy as np
from dipy.denoise.localpca import mppca
img = nib.load('$dwi')
nib.save(nib.Nifti1Image(mppca(img.get_fdata(dtype=np.float32), patch_radius=2).astype(np.float32), img.affine), '$work/$label-dipy.nii.gz')")
  local shape bytes
  shape=$(/usr/bin/python3 -c "import nibabel as nib; print('×'.join(map(str, nib.load('$dwi').shape)))")
  bytes=$(/usr/bin/python3 -c "import nibabel as nib, numpy as np; print(int(np.prod(nib.load('$dwi').shape)) * 4)")
  local bound_gb
  bound_gb=$(echo "1 + 3 * $bytes / 1073741824" | bc -l)
  printf '| %s | %s | %.0f s, %.2f GB | %.0f s, %.2f GB | %.0f s, %.2f GB | %.2f× | %.2f× | %.2f GB (%s) |\n' "$label" "$shape" \
    "$ts" "$(echo "$tk/1048576" | bc -l)" "$ds" "$(echo "$dk/1048576" | bc -l)" "$ps" "$(echo "$pk/1048576" | bc -l)" \
    "$(echo "$ts/$ds" | bc -l)" "$(echo "$ts/$ps" | bc -l)" "$bound_gb" \
    "$( [ "$(echo "$tk/1048576 <= $bound_gb" | bc -l)" = 1 ] && echo within || echo OVER)" | tee -a "$work/table.md"
  grep -a "MP-PCA: " "$work/$label-ours.log" | tail -1 | sed 's/^/    /'
  if [ -n "$clean" ]; then
    /usr/bin/python3 - "$clean" "$mask" "$bvals" "$bvecs" "$dwi" "$work/$label-ours.nii.gz" "$work/$label-dwidenoise.nii.gz" \
      "$work/$label-dipy.nii.gz" <<'PY' | tee -a "$work/table.md"
import sys, warnings, numpy as np, nibabel as nib
from dipy.core.gradients import gradient_table
from dipy.io import read_bvals_bvecs
import dipy.reconst.dti as dti
warnings.filterwarnings("ignore")
clean, mask, bvals, bvecs = sys.argv[1:5]
gt = gradient_table(*read_bvals_bvecs(bvals, bvecs))
m = nib.load(mask).get_fdata() > 0
c = nib.load(clean).get_fdata()
fa0 = dti.TensorModel(gt).fit(c, mask=m).fa[m]
rng = c[m].max() - c[m].min()
for name, f in zip(["noisy", "ours (defaults)", "dwidenoise", "DIPY MP-PCA"], sys.argv[5:]):
    d = nib.load(f).get_fdata()
    psnr = 20 * np.log10(rng / np.sqrt(np.mean((d[m] - c[m]) ** 2)))
    fa = dti.TensorModel(gt).fit(d, mask=m).fa[m]
    print(f"    {name:16s} PSNR {psnr:6.2f} dB   FA error {np.mean(np.abs(fa - fa0)):.4f}")
PY
    if [ -n "${BEFORE:-}" ]; then
      /usr/bin/python3 -c "
import nibabel as nib, numpy as np
a = nib.load('$BEFORE').get_fdata(); b = nib.load('$work/$label-ours.nii.gz').get_fdata()
d = np.abs(a - b)
print(f'    against BEFORE ($BEFORE): max |difference| {d.max():.3g} ({d.max() / np.abs(a).max():.2g} of the largest value), {int((d > 0).sum())} values differ')" | tee -a "$work/table.md"
    fi
  fi
}

EXTRA=("$@")
printf '| scan | shape | ours (defaults) | dwidenoise | DIPY MP-PCA | ours / dwidenoise | ours / DIPY | memory bound |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n' \
  | tee "$work/table.md"
run_scan clinical "$work/clinical/dwi.nii.gz" "$work/clinical/bvals" "$work/clinical/bvecs" "$work/clinical/clean.nii.gz" "$work/clinical/mask.nii.gz"
real=sample-data/realdata/dcmqa_philips_elition_dti16; [ -d ../shared/realdata ] && real=../shared/realdata/dcmqa_philips_elition_dti16
run_scan philips "$real/dwi.nii.gz" "$real/bvals" "$real/bvecs"
echo "wrote $work/table.md ($(nproc) cores)"
