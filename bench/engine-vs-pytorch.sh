#!/usr/bin/env bash
# Training patch pairs/s and inference voxels×volumes/s of the SAN2N engine (DJL, PyTorch engine, CPU)
# next to the same network step in PyTorch from Python (Debian's python3-torch) on the same machine,
# and their ratio. Usage: bench/engine-vs-pytorch.sh [X Y Z [DIRECTIONS_PER_SHELL]]  (default 64 64 32 30:
# two shells and 3 b0s = 63 volumes).
set -euo pipefail
cd "$(dirname "$0")/.."
X=${1:-64}; Y=${2:-64}; Z=${3:-32}; D=${4:-30}
N=$((2 * D + 3))
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq python3-torch >/dev/null
fi
djl=$(java -cp target/san2n.jar:target/test-classes org.san2n.bench.EngineBenchmark "$X" "$Y" "$Z" --directions "$D" --json | tail -1)
py=$(/usr/bin/python3 bench/snet_pytorch.py "$X" "$Y" "$Z" "$N")
/usr/bin/python3 - "$djl" "$py" <<'PY'
import json, os, sys
j, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"scan {j['x']}x{j['y']}x{j['z']}x{j['volumes']}, {os.cpu_count()} CPU threads; PyTorch (Python) {p['torch']}")
print(f"{'':28}{'DJL (Java)':>14}{'PyTorch (Python)':>18}{'DJL/PyTorch':>13}")
for key, label in (("train_pairs_per_s", "training patch pairs/s"), ("denoise_voxel_volumes_per_s", "inference voxels*volumes/s")):
    print(f"{label:28}{j[key]:>14.4g}{p[key]:>18.4g}{j[key] / p[key]:>13.2f}")
PY
