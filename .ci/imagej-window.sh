#!/usr/bin/env bash
# A real ImageJ 1.x window under Xvfb with SAN2N installed: the check (src/test/java/org/san2n/ij1/
# ImageJWindowCheck.java) finds Plugins > SAN2N in the menu bar, opens the sample scan with
# "Open NIfTI DWI...", runs "SAN2N Denoise" with method=san2n (training, so the live loss plot shows) and
# its other defaults, and saves a screenshot to target/imagej-window.png. Fails when a menu entry is
# missing or a step fails. check=warn: SAN2N's training is not bit-reproducible between JVMs and on this
# small sample its output sometimes fails the output check (b = 2000 means moved by 0.3–0.5 σ); the
# check's refusals are tested by the unit tests, here the window, the menus and the plot are.
# Needs `mvn verify` first.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/imagej-gui.sh
imagej_window target/imagej-window "target/test-classes:target/lib/*" org.san2n.ij1.ImageJWindowCheck sample-data target/imagej-window.png "${1:-check=warn steps=300}"
