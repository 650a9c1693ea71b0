#!/usr/bin/env bash
# The BIDS App end to end on a synthetic study, checked by an independent reader (.ci/bids_check.py: nibabel + json).
# Four subjects, two protocols (acq-a: one shell of 8 directions, its gradient files beside each scan; acq-b: two shells of
# 6 directions, its gradient files inherited from the dataset's top folder), sessions, masks in the scan's folder and in a
# derivatives dataset, and sub-03 with a truncated scan. Participant level (sub-03 must fail, the rest be done), group level,
# a rerun that must do no work, --overwrite that must redo it.
# Usage: bash .ci/bids.sh [WORK_DIR]   (default target/ci-bids; needs target/san2n.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="$PWD/target/san2n.jar"
WORK="${1:-target/ci-bids}"
rm -rf "$WORK"
mkdir -p "$WORK"
BIDS="$WORK/bids" OUT="$WORK/bids/derivatives/san2n"
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

set +e
start=$(date +%s.%N)
san2n bids "$BIDS" "$OUT" participant > "$WORK/participant.out"; code=$?
end=$(date +%s.%N)
set -e
cat "$WORK/participant.out"
echo "participant level: exit $code, $(echo "$end - $start" | bc) s wall"
[ "$code" = 1 ] || { echo "FAIL: the participant level must exit 1 (sub-03 is broken), got $code"; exit 1; }
grep -q 'FAILED sub-03/ses-1/dwi/sub-03_ses-1_acq-b_dwi.nii.gz' "$WORK/participant.out" || { echo "FAIL: sub-03 not reported"; exit 1; }
san2n bids "$BIDS" "$OUT" group
/usr/bin/python3 .ci/bids_check.py "$BIDS" "$OUT" --failed sub-03

# A rerun does no work: every scan but the broken one skipped, no output touched.
stamp=$(find "$OUT" -type f -name '*_desc-denoised_*' -printf '%p %T@\n' | sort | md5sum)
set +e; san2n bids "$BIDS" "$OUT" participant > "$WORK/rerun.out"; set -e
cat "$WORK/rerun.out"
grep -q '6 skipped, 1 failed' "$WORK/rerun.out" || { echo "FAIL: the rerun must skip the 6 complete scans"; exit 1; }
[ "$stamp" = "$(find "$OUT" -type f -name '*_desc-denoised_*' -printf '%p %T@\n' | sort | md5sum)" ] || { echo "FAIL: the rerun touched outputs"; exit 1; }
# --overwrite redoes a chosen subject.
set +e; san2n bids "$BIDS" "$OUT" participant --participant-label 01 --overwrite > "$WORK/overwrite.out"; code=$?; set -e
cat "$WORK/overwrite.out"
[ "$code" = 0 ] && grep -q '2 done, 0 skipped, 0 failed' "$WORK/overwrite.out" || { echo "FAIL: --overwrite must redo sub-01's 2 scans"; exit 1; }
/usr/bin/python3 .ci/bids_check.py "$BIDS" "$OUT" --failed sub-03
echo "BIDS App: OK"
