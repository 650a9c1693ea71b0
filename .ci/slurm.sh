#!/usr/bin/env bash
# The study through a real one-node SLURM cluster (.ci/slurm/start.sh: slurm-wlm + munge on this machine, as root):
# `san2n slurm … --submit` writes and submits the participant array (one task per subject) and the group job after it;
# this script waits for them with scontrol (no accounting database), then checks that sub-03's task failed (its scan is
# truncated) and every other one completed, the group job completed, and every derivative with .ci/bids_check.py
# (nibabel + json). Then `san2n slurm` again must leave the complete subjects out of the array.
# Usage: bash .ci/slurm.sh [WORK_DIR]   (default target/ci-slurm; needs target/san2n.jar; root)
# WORK_DIR is emptied first only when it is one this script made (its .san2n-ci-slurm marker file) or is empty.
# On exit, success or failure, a trap cancels the jobs it submitted and stops the daemons start.sh started for it (by
# their pids; daemons that were running before are left running).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="$PWD/target/san2n.jar"
WORK="${1:-target/ci-slurm}"
MARK=.san2n-ci-slurm
if [ -d "$WORK" ] && [ -n "$(ls -A "$WORK")" ]; then
  [ -f "$WORK/$MARK" ] || { echo "slurm.sh: $WORK is not empty and was not made by this script (no $MARK in it): give another WORK_DIR" >&2; exit 1; }
  rm -rf "$WORK"
fi
mkdir -p "$WORK"
touch "$WORK/$MARK"
WORK="$(cd "$WORK" && pwd)"
BIDS="$WORK/bids" OUT="$WORK/bids/derivatives/san2n"
san2n() { java -jar "$JAR" "$@"; }

STARTED="$(mktemp /tmp/san2n-ci-slurm.XXXXXX)"
JOBS=()
cleanup() {
  local rc=$? name pid i
  for j in "${JOBS[@]}"; do scancel "$j" 2>/dev/null || true; done
  # The daemons start.sh started, last first (slurmd, slurmctld, munged), each by its pid and only while it is still that daemon.
  if [ -s "$STARTED" ]; then
    tac "$STARTED" | while read -r name pid; do
      if [ "$pid" = "?" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$name" ]; then
        # Recorded before it daemonized (the first process forks and exits): the process of that name now.
        pid=$(for d in /proc/[0-9]*; do [ "$(cat "$d/comm" 2>/dev/null)" = "$name" ] && { echo "${d#/proc/}"; break; }; done)
        [ -n "$pid" ] || continue
      fi
      kill "$pid" 2>/dev/null || true
      for i in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
      echo "slurm.sh: stopped $name ($pid)"
    done
  fi
  rm -f "$STARTED"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash .ci/slurm/start.sh "$STARTED"
bash .ci/bids_study.sh "$WORK"

start=$(date +%s.%N)
san2n slurm "$BIDS" "$OUT" --submit | tee "$WORK/submit.out"
array=$(sed -n 's/^submitted: participant array \([0-9]*\) .*group job \([0-9]*\) .*/\1/p' "$WORK/submit.out")
group=$(sed -n 's/^submitted: participant array \([0-9]*\) .*group job \([0-9]*\) .*/\2/p' "$WORK/submit.out")
JOBS=($array $group)
[ -n "$array" ] && [ -n "$group" ] || { echo "FAIL: san2n slurm --submit did not report the job ids"; exit 1; }
grep -q 'an array of 4 tasks' "$WORK/submit.out" || { echo "FAIL: the array must have one task per subject (4)"; exit 1; }

# States of a job (every task of an array), one per line: TASK STATE EXIT.
states() { scontrol show job "$1" -o | sed -n 's/.*ArrayTaskId=\([0-9]*\).*JobState=\([A-Z_]*\).*ExitCode=\([0-9:]*\).*/\1 \2 \3/p;
  /ArrayTaskId/!s/.*JobState=\([A-Z_]*\).*ExitCode=\([0-9:]*\).*/- \1 \2/p'; }
finished() { ! states "$1" | awk '{print $2}' | grep -Eqv '^(COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|DEADLINE)$'; }
for i in $(seq 900); do
  if finished "$array" && finished "$group"; then break; fi
  sleep 1
done
end=$(date +%s.%N)
echo "participant array $array:"; states "$array" | sort -n
echo "group job $group:"; states "$group"
echo "SLURM: submitted to group level done in $(echo "$end - $start" | bc) s wall"
finished "$array" && finished "$group" || { echo "FAIL: the jobs did not finish within 15 minutes"; squeue; exit 1; }
# Task 2 is sub-03 (subjects in the dataset's order): it must fail with exit 1, the others complete.
[ "$(states "$array" | sort -n | awk '{print $1 ":" $2 ":" $3}' | tr '\n' ' ')" = "0:COMPLETED:0:0 1:COMPLETED:0:0 2:FAILED:1:0 3:COMPLETED:0:0 " ] \
  || { echo "FAIL: sub-03's task (2) must fail with exit 1 and the others complete"; exit 1; }
[ "$(states "$group" | awk '{print $2}')" = COMPLETED ] || { echo "FAIL: the group job must complete (it runs after the array, afterany)"; exit 1; }
grep -q 'FAILED sub-03/ses-1/dwi/sub-03_ses-1_acq-b_dwi.nii.gz' "$OUT"/logs/slurm/participant_"$array"_2.out \
  || { echo "FAIL: sub-03's task log must name its scan"; cat "$OUT"/logs/slurm/participant_"$array"_2.out; exit 1; }
cat "$OUT"/logs/slurm/group_"$group".out
/usr/bin/python3 .ci/bids_check.py "$BIDS" "$OUT" --failed sub-03
[ -f "$OUT/group_dwi.tsv" ] || { echo "FAIL: no group_dwi.tsv"; exit 1; }

# Again: the complete subjects are left out, only sub-03 (still broken) is in the array.
san2n slurm "$BIDS" "$OUT" | tee "$WORK/again.out"
grep -q '1 subject, 1 scan to denoise (6 complete, left out)' "$WORK/again.out" || { echo "FAIL: a second san2n slurm must leave the 6 complete scans out"; exit 1; }
grep -q '^SUBJECTS=(03)$' "$OUT/code/slurm/participant.sbatch" || { echo "FAIL: the second array must hold sub-03 only"; exit 1; }
echo "SLURM: OK"
