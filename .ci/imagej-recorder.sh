#!/usr/bin/env bash
# ImageJ 1.x's macro recorder, open in a real ImageJ window under Xvfb, watching SAN2N Denoise and SAN2N
# Train run from their dialogs (src/test/java/org/san2n/ij1/RecorderCheck.java): a cancelled or refused run
# records nothing; one that worked records its method and the keys changed from their defaults, e.g.
# run("SAN2N Denoise", "method=mppca"); and that line, run as a macro, gives the dialog's voxels. Then the same
# through the SciJava commands, run as Fiji's menu runs them: SAN2N's dialog (not SciJava's list of every field),
# the same recorded lines, the same voxels.
# The check reads the settings' declaration to find the dialog's fields, so target/classes is on the class path
# too (ImageJ's plugin class loader delegates to it first). Needs `mvn package` (with the test classes) first.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/imagej-gui.sh
work=target/imagej-recorder
imagej_window "$work" "target/test-classes:target/classes:target/lib/*" org.san2n.ij1.RecorderCheck sample-data "$work"
