# Sourced by the checks that need a real ImageJ 1.x window (imagej-window.sh, imagej-recorder.sh): SAN2N's plugin
# jar installed in a fresh plugins folder under WORK, then Java under Xvfb with a 1280×800 screen.
# Usage: imagej_window WORK CLASSPATH MAIN_CLASS [ARGS...]
imagej_window() {
  local work=$1 classpath=$2
  shift 2
  rm -rf "$work"
  mkdir -p "$work/plugins"
  cp target/SAN2N_-*-SNAPSHOT.jar "$work/plugins/"
  rm -f "$work"/plugins/*-sources.jar "$work"/plugins/*-tests.jar
  timeout 1200 xvfb-run -a -s "-screen 0 1280x800x24" java -Xmx3g -Dplugins.dir="$PWD/$work" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" "$@"
}
