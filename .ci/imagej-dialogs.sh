#!/usr/bin/env bash
# The dialogs of SAN2N Denoise and SAN2N Train in a real ImageJ 1.x window under Xvfb, on the sample scan
# (src/test/java/org/san2n/ij1/DialogScreenshots.java): a PNG of each (Denoise with MP-PCA and with SAN2N,
# their Advanced… dialogs, a refused value, Train and its Advanced… dialog) in target/ci-artifacts/dialogs/,
# after checking that each shows the image it works on and the chosen method's settings only, and that a
# refused value comes back with its reason. Nothing runs: every dialog is cancelled.
# The check reads the settings' declaration, so target/classes is on the class path too. Needs `mvn package` first.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/imagej-gui.sh
out=target/ci-artifacts/dialogs
rm -rf "$out"
imagej_window target/imagej-dialogs "target/test-classes:target/classes:target/lib/*" org.san2n.ij1.DialogScreenshots sample-data "$out"
