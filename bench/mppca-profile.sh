#!/usr/bin/env bash
# Where MP-PCA's time goes (issue 23), on the clinical-sized phantom of bench/speed.sh (96×96×60, 65 volumes) or a scan
# given: (1) one window's phases in µs on one thread — reading, Gram matrix, Householder reduction, eigenvalues,
# Marchenko–Pastur rule with the signal vectors, reconstruction (org.san2n.mppca.WindowProfile); (2) the whole run's
# steps with the seconds at which each began (mask, σ, windows, output check, coils, bias, writing), and the windows'
# time against the estimate said before them. --fit instead prints the window times two threads take over a grid of
# window sizes and volume counts (org.san2n.mppca.WindowTimes), the data ReferenceCpu.mppcaWindowSeconds is fitted to.
# Usage: bench/mppca-profile.sh [--fit | DWI BVALS BVECS]   Writes target/speed/profile.log.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/speed
mkdir -p "$work"
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
[ -d target/test-classes/org/san2n/mppca ] || mvn -B -q test-compile
cp="target/san2n.jar:target/test-classes"
if [ "${1:-}" = --fit ]; then
  java -cp "$cp" org.san2n.mppca.WindowTimes | tee "$work/window-times.txt"
  exit 0
fi
if [ $# -ge 3 ]; then dwi=$1 bvals=$2 bvecs=$3; else
  [ -f "$work/clinical/dwi.nii.gz" ] || java -jar target/san2n.jar simulate --out "$work/clinical" --size 96 96 60 --directions 32 \
    --shells 1000,2000 --b0 1 --snr 10 --seed 5 >/dev/null
  dwi=$work/clinical/dwi.nii.gz bvals=$work/clinical/bvals bvecs=$work/clinical/bvecs
fi
java -cp "$cp" org.san2n.mppca.WindowProfile "$dwi" "$bvals" "$bvecs" | tee "$work/profile.log"
echo "whole run (seconds since start, each step's first line):" | tee -a "$work/profile.log"
java -jar target/san2n.jar denoise --dwi "$dwi" --bvals "$bvals" --bvecs "$bvecs" --out "$work/profile.nii.gz" 2>&1 | /usr/bin/python3 -u -c '
import re, sys, time
t0, buf, last = time.time(), "", None
def emit(line):
    global last
    key = re.sub(r"[\[# \]]+\d+%.*", "", line)
    if line.strip() and key != last:
        print(f"  {time.time() - t0:6.1f} s  {line.strip()[:140]}", flush=True)
        last = key
while True:
    c = sys.stdin.read(1)
    if not c: break
    if c in "\r\n": emit(buf); buf = ""
    else: buf += c
emit(buf)
print(f"  {time.time() - t0:6.1f} s  end", flush=True)' | tee -a "$work/profile.log"
