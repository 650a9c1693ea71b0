#!/usr/bin/env bash
# The three real in vivo scans of sample-data/realdata (copied from ../shared/realdata) (Philips 128×128×82×17 with a scale factor, United
# Imaging 64×64×20×17, Siemens XA30 72×72×39×21 at b = 2500), end to end with the defaults and with
# --method san2n, as a user would run them: exit status, the output check line (residual spread against
# MP-PCA's σ, volume means), wall time and peak RSS (GNU time). There is no clean signal to score against:
# this shows that every run either writes a checked scan or refuses with a reason.
# Usage: bench/realdata.sh [METHOD ...] (default: mppca san2n). Writes target/realdata/.
set -euo pipefail
cd "$(dirname "$0")/.."
real=sample-data/realdata; [ -d ../shared/realdata ] && real=../shared/realdata  # full-size scans when present
work=target/realdata
methods=("$@")
[ ${#methods[@]} -gt 0 ] || methods=(mppca san2n)
[ -x /usr/bin/time ] || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq time >/dev/null; }
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
jar=$(mktemp -d)/san2n
mkdir -p "$jar" && cp -r target/san2n.jar target/lib "$jar/"
mkdir -p "$work"
printf '| scan | method | exit | output check | time s | peak GB |\n| --- | --- | --- | --- | --- | --- |\n' > "$work/table.md"
for d in "$real"/*/; do
  name=$(basename "$d")
  for m in "${methods[@]}"; do
    log=$work/$name-$m.log
    set +e
    /usr/bin/time -f '%e %M' -o "$work/time" java -jar "$jar/san2n.jar" denoise --method "$m" --dwi "$d/dwi.nii.gz" \
      --bvals "$d/bvals" --bvecs "$d/bvecs" --out "$work/$name-$m.nii.gz" --quiet >"$log" 2>&1
    code=$?
    set -e
    read -r secs kb < <(tail -1 "$work/time")
    check=$(grep -a 'output check' "$log" | tail -1 | sed 's/|/\\|/g' | cut -c1-300)
    [ $code -eq 0 ] || check="$check — $(grep -a 'error:' "$log" | tail -1 | cut -c1-200)"
    printf '| %s | %s | %s | %s | %.0f | %.2f |\n' "$name" "$m" "$code" "$check" "$secs" "$(echo "$kb / 1048576" | bc -l)" >> "$work/table.md"
    tail -1 "$work/table.md"
  done
done
echo "wrote $work/table.md ($(nproc) cores)"
