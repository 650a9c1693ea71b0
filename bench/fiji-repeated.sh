#!/usr/bin/env bash
# Issue 11: no memory growth across repeated runs in one Fiji JVM. Runs the SAN2N Denoise SciJava command
# 5 times in one Context on the bundled sample scan with the defaults (MP-PCA), then 5 times with SAN2N
# (a short training, so that every native path — training, inference, mirror averaging — is exercised),
# printing resident memory after each run (bench FijiRepeatedRuns). Usage: bench/fiji-repeated.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-sample-data}
[ -f target/san2n.jar ] && [ -d target/test-classes/org/san2n/bench ] || mvn -B -q package -DskipTests
cp=target/san2n.jar:target/test-classes
java -Djava.awt.headless=true -cp "$cp" org.san2n.bench.FijiRepeatedRuns "$dir" 5 2>&1 | grep -v "^\[INFO\]"
java -Djava.awt.headless=true -cp "$cp" org.san2n.bench.FijiRepeatedRuns "$dir" 5 method=san2n steps=150 check=warn 2>&1 | grep -v "^\[INFO\]\|^\[W\|output check" && echo "(check=warn: 150 steps are too few for a good network; this measures memory, not quality)"
