#!/usr/bin/env bash
# One SAN2N model per protocol against a network per scan, on phantoms of one protocol.
# Three subjects (bench/families.py's crossing phantom, scheme two30, SNR 10, white Rician noise, seeds 4, 5 and 6:
# different noise and crossing fibres, the same brain) that share ONE gradient table: families.py draws the directions
# per seed, so each subject is made as families.py makes it but with seed 4's table (the draws of its own table are
# still made, so everything else is that seed's phantom; seed 4's is families.py's own). A BIDS dataset of them, then
# the BIDS App three ways, one after another:
#   protocol  --method san2n --protocol-models   sub-04's network (trained on it) denoises sub-05 and sub-06
#   self      --method san2n                     sub-05 and sub-06 train their own networks (sub-04's: the protocol arm's)
#   mppca     (the default)
# the same training length for both SAN2N arms (--steps STEPS), the rest defaults; each derivative scored against the
# clean signal: PSNR (san2n evaluate) and FA/MD error (families.py score).
# Usage: bash bench/protocol-models.sh WORK_DIR [STEPS]   (needs target/san2n.jar; /usr/bin/python3 with dipy, nibabel)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:?usage: bash bench/protocol-models.sh WORK_DIR [STEPS]}
STEPS=${2:-600}
JAR="$PWD/target/san2n.jar"
export ANATOMY_CACHE=${ANATOMY_CACHE:-/tmp/fam/anatomy-24.npz}
BIDS="$WORK/bids"
mkdir -p "$BIDS"
for seed in 4 5 6; do
  [ -f "$WORK/ph-$seed/dwi.nii.gz" ] || /usr/bin/python3 - "$seed" "$WORK/ph-$seed" <<'PY'
import sys
import numpy as np
sys.path.insert(0, "bench")
import families
seed, out = int(sys.argv[1]), sys.argv[2]
# seed 4's table, as families.make draws it
table = families.scheme("two30", np.random.default_rng(4 * 7919 + sum(map(ord, "crossing" + "two30"))))
own = families.scheme
def fixed(name, rng):
    own(name, rng)  # this seed's draws, so the rest of the phantom is families.py's for this seed
    return table[0].copy(), table[1].copy()
families.scheme = fixed
families.make("crossing", "two30", 10, seed, out)
PY
  d="$BIDS/sub-0$seed/dwi"; mkdir -p "$d"
  cp "$WORK/ph-$seed/dwi.nii.gz" "$d/sub-0${seed}_dwi.nii.gz"
  cp "$WORK/ph-$seed/mask.nii.gz" "$d/sub-0${seed}_desc-brain_mask.nii.gz"
done
cmp "$WORK/ph-4/bvecs" "$WORK/ph-5/bvecs" && cmp "$WORK/ph-4/bvecs" "$WORK/ph-6/bvecs"  # one protocol
cp "$WORK/ph-4/bvals" "$BIDS/dwi.bval"; cp "$WORK/ph-4/bvecs" "$BIDS/dwi.bvec"
printf '{"Name": "one protocol, three phantoms", "BIDSVersion": "1.9.0"}\n' > "$BIDS/dataset_description.json"

run() {  # ARM OPTIONS…
  local arm=$1; shift
  local start=$(date +%s.%N)
  java -jar "$JAR" bids "$BIDS" "$WORK/out-$arm" participant --quiet "$@" > "$WORK/$arm.log" 2>&1 || { cat "$WORK/$arm.log"; exit 1; }
  echo "$arm: participant level $(echo "$(date +%s.%N) - $start" | bc) s wall"
}
run protocol --method san2n --steps "$STEPS" --protocol-models
# sub-04's network trained on itself is the protocol arm's sub-04 (the same run: the training that gives the model
# denoises the scan it trains on), so the self arm trains on the two others only.
run self --method san2n --steps "$STEPS" --participant-label 05 06
run mppca

printf '%-9s %-7s %8s %9s %9s %8s  %s\n' arm subject PSNR FA_error MD_error seconds model
for arm in mppca self protocol; do
  for seed in 4 5 6; do
    f="$WORK/out-$arm/sub-0$seed/dwi/sub-0${seed}_desc-denoised_dwi"
    [ "$arm/$seed" = self/4 ] && f="$WORK/out-protocol/sub-04/dwi/sub-04_desc-denoised_dwi"
    psnr=$(java -jar "$JAR" evaluate --clean "$WORK/ph-$seed/clean.nii.gz" --denoised "$f.nii.gz" --mask "$WORK/ph-$seed/mask.nii.gz" --json \
      | /usr/bin/python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["psnr"])')
    read -r fa md < <(/usr/bin/python3 bench/families.py score "$WORK/ph-$seed" "$f.nii.gz" \
      | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.4f %.4f" % (d["fa_error"], d["md_error"]))')
    read -r secs model < <(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=d.get("model");
print(d["seconds"], "-" if m is None else m["file"] + "@" + m["trained_on"].split("/")[0].replace("bids:raw:", ""))' "$f.json")
    printf '%-9s sub-0%-2s %8s %9s %9s %8s  %s\n' "$arm" "$seed" "$psnr" "$fa" "$md" "$secs" "$model"
  done
done
