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

bash .ci/bids_study.sh "$WORK"

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
