#!/usr/bin/env bash
# Data-layer benchmark: NIfTI read time and peak heap for a large synthetic scan, patch pairs per
# second from the sampler, and the ratio to what one CPU training step consumes.
# Usage: bench/data-layer.sh [X Y Z N]   (default: 145 174 145 288, an HCP-sized scan; needs ~9 GB RAM
# and ~4.5 GB free in $TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
exec java -Xmx8g -cp target/san2n.jar org.san2n.bench.DataLayerBenchmark "$@"
