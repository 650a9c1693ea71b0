#!/usr/bin/env bash
# The synthetic BIDS study of CI, written into WORK_DIR/bids: four subjects, two protocols (acq-a: one shell of 8
# directions, its gradient files beside each scan; acq-b: two shells of 6 directions, its gradient files inherited from
# the dataset's top folder), sessions, masks in the scan's folder and in a derivatives dataset, and sub-03 with a
# truncated scan. Used by .ci/bids.sh (the BIDS App) and .ci/slurm.sh (the same through SLURM).
# Usage: bash .ci/bids_study.sh WORK_DIR   (needs target/san2n.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="$PWD/target/san2n.jar"
WORK="${1:?usage: bash .ci/bids_study.sh WORK_DIR}"
BIDS="$WORK/bids"
san2n() { java -jar "$JAR" "$@"; }

mkdir -p "$BIDS"
printf '{"Name": "SAN2N synthetic study", "BIDSVersion": "1.9.0", "DatasetType": "raw"}\n' > "$BIDS/dataset_description.json"
printf '{"PhaseEncodingDirection": "j-", "TotalReadoutTime": 0.05}\n' > "$BIDS/dwi.json"
# scan SUBJECT SESSION PROTOCOL SEED
scan() {
  local sub=$1 ses=$2 acq=$3 seed=$4 dir="$BIDS/sub-$1/ses-$2/dwi" tmp="$WORK/sim-$1-$2"
  local name="sub-${sub}_ses-${ses}_acq-${acq}"
  if [ "$acq" = a ]; then san2n simulate --out "$tmp" --size 16 16 8 --shells 1000 --directions 8 --b0 2 --snr 10 --seed "$seed" >/dev/null
  else san2n simulate --out "$tmp" --size 16 16 8 --shells 1000,2000 --directions 6 --b0 2 --snr 10 --seed "$seed" >/dev/null; fi
  mkdir -p "$dir"
  mv "$tmp/dwi.nii.gz" "$dir/${name}_dwi.nii.gz"
  if [ "$acq" = a ]; then mv "$tmp/bvals" "$dir/${name}_dwi.bval"; mv "$tmp/bvecs" "$dir/${name}_dwi.bvec"
    mv "$tmp/mask.nii.gz" "$dir/${name}_desc-brain_mask.nii.gz"
  else cp "$tmp/bvals" "$BIDS/acq-b_dwi.bval"; cp "$tmp/bvecs" "$BIDS/acq-b_dwi.bvec"
    mkdir -p "$BIDS/derivatives/masks/sub-$sub/ses-$ses/dwi"
    mv "$tmp/mask.nii.gz" "$BIDS/derivatives/masks/sub-$sub/ses-$ses/dwi/${name}_desc-brain_mask.nii.gz"; fi
  rm -rf "$tmp"
}
scan 01 1 a 1; scan 01 2 a 2; scan 02 1 a 3; scan 02 1 b 4; scan 03 1 b 5; scan 04 1 b 6; scan 04 2 b 7
printf '{"Name": "masks", "BIDSVersion": "1.9.0", "DatasetType": "derivative", "GeneratedBy": [{"Name": "simulate"}]}\n' \
  > "$BIDS/derivatives/masks/dataset_description.json"
# sub-03's scan is cut short: its gzip stream ends early.
f="$BIDS/sub-03/ses-1/dwi/sub-03_ses-1_acq-b_dwi.nii.gz"; head -c 3000 "$f" > "$f.cut" && mv "$f.cut" "$f"
