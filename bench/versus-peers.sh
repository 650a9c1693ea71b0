#!/usr/bin/env bash
# SAN2N next to what users already run, on the same phantoms: MRtrix3 dwidenoise (MP-PCA) and DIPY's
# Patch2Self, MP-PCA and non-local means, every method with its own defaults. Brain phantoms from
# `san2n simulate` (64×64×32, two shells of 30 directions + 3 b0s) at SNR 8 and 15; scores inside the
# phantom's brain mask against its clean signal: PSNR, SSIM, RMSE (san2n evaluate), mean absolute FA
# error of a DIPY tensor fit against the clean FA, wall time and peak memory (GNU time's max RSS).
# Writes target/versus-peers/table.md and figure.png. Installs the peers with apt when missing.
# Usage: bench/versus-peers.sh [SEED] (default 1) — the SAN2N runs take ~6.5 min each on 2 cores;
# SEED_SUFFIX=-x writes to target/versus-peers-x instead (to keep an earlier run).
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-1}
work=target/versus-peers${SEED_SUFFIX:-}
if ! command -v dwidenoise >/dev/null || ! /usr/bin/python3 -c 'import dipy, nibabel, matplotlib' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq mrtrix3 python3-dipy python3-nibabel python3-matplotlib >/dev/null
fi
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
# Our jar as it is now: a rebuild of target/ during the run must not change what is measured.
jar=$(mktemp -d)/san2n
mkdir -p "$jar" && cp -r target/san2n.jar target/lib "$jar/"
san2n() { java -jar "$jar/san2n.jar" "$@"; }
mkdir -p "$work"
printf 'snr\tmethod\tfile\tpsnr\tssim\trmse\tseconds\tpeak_kb\n' > "$work/results.tsv"

row() { # snr method file seconds peak_kb
  local s
  s=$(san2n evaluate --clean "$work/snr$1/clean.nii.gz" --denoised "$3" --mask "$work/snr$1/mask.nii.gz" --json |
    tr -d '\n ' | sed -E 's/.*"psnr":([^,]*),"ssim":([^,]*),"rmse":([^,]*),.*/\1\t\2\t\3/')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$PWD/$3" "$s" "$4" "$5" >> "$work/results.tsv"
  echo "SNR $1 $2: $(tail -1 "$work/results.tsv" | cut -f4-8)"
}
timed() { # snr method out command...
  local snr=$1 method=$2 out=$3
  shift 3
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/snr$snr/$method.log" 2>&1 ||
    { echo "$method failed:"; tail "$work/snr$snr/$method.log"; exit 1; }
  read -r secs kb < <(tail -1 "$work/time")
  row "$snr" "$method" "$out" "$secs" "$kb"
}

for snr in 8 15; do
  d="$work/snr$snr"
  san2n simulate --out "$d" --snr "$snr" --seed "$seed" >/dev/null
  row "$snr" noisy "$d/dwi.nii.gz" 0 0
  timed "$snr" SAN2N "$d/san2n.nii.gz" java -jar "$jar/san2n.jar" denoise --method san2n --dwi "$d/dwi.nii.gz" --bvals "$d/bvals" \
    --bvecs "$d/bvecs" --out "$d/san2n.nii.gz" --quiet
  timed "$snr" dwidenoise "$d/dwidenoise.nii.gz" dwidenoise -force -quiet "$d/dwi.nii.gz" "$d/dwidenoise.nii.gz"
  for m in patch2self mppca nlmeans; do
    timed "$snr" "DIPY-$m" "$d/$m.nii.gz" /usr/bin/python3 bench/peers.py denoise "$m" "$d/dwi.nii.gz" "$d/bvals" "$d/$m.nii.gz"
  done
done
/usr/bin/python3 bench/peers.py report "$work"
echo "wrote $work/table.md and $work/figure.png ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
