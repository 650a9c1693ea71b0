#!/usr/bin/env bash
# Data-layer benchmark in a 4 GB heap: NIfTI read time and peak heap for a large synthetic scan (kept
# in a memory-mapped file when larger than a quarter of the heap), patch pairs per second from the
# sampler, real SAN2N training steps (time, and the ratio to the sampler) and the peak heap while training.
# Usage: bench/data-layer.sh [X Y Z N]   (default: 145 174 145 288, an HCP-sized scan; needs ~9 GB free
# in $TMPDIR: the synthetic file and the mapped copy)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
exec java -Xmx4g -cp target/san2n.jar:target/test-classes org.san2n.bench.DataLayerBenchmark "$@"
