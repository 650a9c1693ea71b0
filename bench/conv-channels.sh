#!/usr/bin/env bash
# Why SNet's 3³ convolutions are BlockedConv3d: one training step of SNet with plain Conv3d layers and with the product's
# BlockedConv3d layers (channel counts padded to multiples of 16), on oneDNN's SSE4.1 kernels and on its default (the
# widest this processor has), for the shapes below (in:projection:width:out; the first is san2n's on a 65-volume scan, the
# others a 17-volume scan's without projection, and channel counts that are not multiples of 8 or 16). Prints seconds per
# step and each run's largest gradient error relative to plain Conv3d on SSE4.1 (which agreed with PyTorch's own
# convolution to 1e-6 on the machine of BlockedConv3d's note). Writes target/conv-channels/.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/conv-channels
mkdir -p "$work/classes"
[ -d target/classes/org/san2n/model ] && [ -d target/lib ] || mvn -B -q package -DskipTests
cp="target/classes:target/lib/*"
javac -cp "$cp" -d "$work/classes" bench/ConvChannels.java
shapes="${SHAPES:-130:32:16:65 34:0:16:17 34:0:17:17 32:0:12:16 40:0:16:20 10:0:8:10}"
ONEDNN_MAX_CPU_ISA=SSE41 java -cp "$work/classes:$cp" org.san2n.model.ConvChannels "$work" SSE41 6 $shapes 2>/dev/null | tee "$work/steps.txt"
env -u ONEDNN_MAX_CPU_ISA -u DNNL_MAX_CPU_ISA java -cp "$work/classes:$cp" org.san2n.model.ConvChannels "$work" default 6 $shapes 2>/dev/null | tee -a "$work/steps.txt"
python3 - "$work" $shapes <<'PY' | tee "$work/errors.txt"
import sys, os, numpy as np
work, shapes = sys.argv[1], sys.argv[2:]
print("shape in:proj:width:out   largest gradient error / largest gradient, against plain Conv3d on SSE4.1")
for s in shapes:
    f = s.replace(":", "_")
    ref = np.fromfile(f"{work}/SSE41-plain-{f}.bin", ">f4")
    row = []
    for run in ["SSE41-blocked", "default-plain", "default-blocked"]:
        g = np.fromfile(f"{work}/{run}-{f}.bin", ">f4")
        row.append(f"{run} {np.abs(g - ref).max() / np.abs(ref).max():.1e}" if np.isfinite(g).all() else f"{run} NaN")
    print(f"{s:16s}", "   ".join(row))
PY
