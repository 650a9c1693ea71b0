#!/usr/bin/env bash
# SAN2N with its defaults on brain phantoms at SNR 8 and 15 (64×64×32, two shells of 30 directions,
# 3 b0s): PSNR, SSIM and RMSE inside the mask against the clean signal, noisy input next to SAN2N,
# and the wall time of `san2n denoise`. Usage: bench/phantoms.sh [SEED] (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-1}
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
san2n() { java -jar target/san2n.jar "$@"; }
work=target/phantoms
mkdir -p "$work"
row() { # name file seconds
  san2n evaluate --clean "$2/clean.nii.gz" --denoised "$3" --mask "$2/mask.nii.gz" --json |
    tr -d '\n ' | sed -E 's/.*"psnr":([^,]*),"ssim":([^,]*),"rmse":([^,]*),.*/\1 \2 \3/' |
    { read -r p s r || true; printf '| %-4s | %-7s | %6.2f | %.4f | %7.2f | %8s |\n' "$4" "$1" "$p" "$s" "$r" "$5"; }
}
echo "| SNR  | method  | PSNR dB | SSIM   | RMSE    | time     |"
echo "| ---- | ------- | ------- | ------ | ------- | -------- |"
for snr in 8 15; do
  d="$work/snr$snr-seed$seed"
  san2n simulate --out "$d" --snr "$snr" --seed "$seed" >/dev/null
  row noisy "$d" "$d/dwi.nii.gz" "$snr" "-"
  start=$(date +%s)
  san2n denoise --dwi "$d/dwi.nii.gz" --bvals "$d/bvals" --bvecs "$d/bvecs" --mask "$d/mask.nii.gz" \
    --out "$d/san2n.nii.gz" --quiet 2>/dev/null >/dev/null
  row SAN2N "$d" "$d/san2n.nii.gz" "$snr" "$(( $(date +%s) - start )) s"
done
