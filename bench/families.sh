#!/usr/bin/env bash
# The benchmark that is hard to fool: our defaults (`denoise` with no options: MP-PCA) and SAN2N
# (`--method san2n`) next to MRtrix3 dwidenoise (also with MRtrix's documented Rician correction
# √|m² − σ²| with its noise map), DIPY MP-PCA, Patch2Self and NLMeans, on
# phantoms of three families (bench/families.py: real anatomy with a tensor model, real anatomy with
# crossing sticks + ball + free water, geometric blocks with coil bias and texture), several gradient
# schemes (16, 20, 30, 60, 64 directions; 1 and 3 shells), SNRs and seeds. Scores inside each phantom's
# mask against its clean signal: PSNR, SSIM, RMSE (san2n evaluate), FA and MD errors of a DIPY WLS tensor
# fit, the worst per-volume mean ratio (output/input: a collapsed network shifts whole volumes), wall
# time and peak RSS (GNU time). Prints one table and writes WORK/table.md, WORK/results.tsv and
# WORK/figure.png (a slice of every configuration and method).
#
# Usage: bench/families.sh [CONFIG ...]   CONFIG = family:scheme:snr:seed[:noise] (default: the held-out set below,
#   every noise model); noise: white (default), coils, correlated, partialfourier, gibbs (bench/families.py says what each is)
# Environment: WORK (default target/families), METHODS (space-separated, default all),
#   SAN2N_ARGS_<name>="..." adds a SAN2N variant named <name> with those extra arguments,
#   SLICES (anatomy families' slab thickness, default 24).
# Tuning seeds are 1 and 2; held-out seeds are 3 and above (report those).
set -euo pipefail
cd "$(dirname "$0")/.."

run_method() { # dir method out
  local d=$1 m=$2 o=$3
  case $m in
    noisy) cp "$d/dwi.nii.gz" "$o" ;;
    defaults) java -jar "$SAN2N_JAR" denoise --dwi "$d/dwi.nii.gz" --bvals "$d/bvals" --bvecs "$d/bvecs" --out "$o" --quiet ;;
    SAN2N) java -jar "$SAN2N_JAR" denoise --method san2n --dwi "$d/dwi.nii.gz" --bvals "$d/bvals" --bvecs "$d/bvecs" --out "$o" --quiet ;;
    SAN2N-*) local var="SAN2N_ARGS_${m#SAN2N-}"
      # shellcheck disable=SC2086
      java -jar "$SAN2N_JAR" denoise --method san2n --dwi "$d/dwi.nii.gz" --bvals "$d/bvals" --bvecs "$d/bvecs" --out "$o" --quiet ${!var} ;;
    dwidenoise) dwidenoise -force -quiet "$d/dwi.nii.gz" "$o" ;;
    dwidenoise-rician) dwidenoise -force -quiet -noise "$d/noise-map.nii.gz" "$d/dwi.nii.gz" "$d/dwidenoise-tmp.nii.gz"
      mrcalc -force -quiet "$d/dwidenoise-tmp.nii.gz" 2 -pow "$d/noise-map.nii.gz" 2 -pow -sub -abs -sqrt "$d/dwidenoise-sqrt.nii.gz"
      mrcalc -force -quiet "$d/dwidenoise-sqrt.nii.gz" -finite "$d/dwidenoise-sqrt.nii.gz" 0 -if "$o"
      rm -f "$d/dwidenoise-tmp.nii.gz" "$d/dwidenoise-sqrt.nii.gz" ;;
    DIPY-*) /usr/bin/python3 bench/peers.py denoise "${m#DIPY-}" "$d/dwi.nii.gz" "$d/bvals" "$o" ;;
    *) echo "unknown method $m" >&2; return 2 ;;
  esac
}
if [ "${1:-}" = --run ]; then shift; run_method "$@"; exit; fi

work=${WORK:-target/families}
configs=("$@")
if [ ${#configs[@]} -eq 0 ]; then
  for noise in white coils correlated partialfourier gibbs; do
    for c in anatomy:three30:10:3 crossing:multi64:5:3 blocks:dti16:20:3 anatomy:dti20b2500:20:4 crossing:two30:10:4 blocks:three30:5:4; do
      configs+=("$c:$noise")
    done
  done
fi
methods=${METHODS:-"noisy defaults SAN2N dwidenoise dwidenoise-rician DIPY-mppca DIPY-patch2self DIPY-nlmeans"}
for v in $(compgen -v SAN2N_ARGS_ || true); do methods="$methods SAN2N-${v#SAN2N_ARGS_}"; done
if ! command -v dwidenoise >/dev/null || ! /usr/bin/python3 -c 'import dipy, nibabel, scipy' 2>/dev/null || [ ! -x /usr/bin/time ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq mrtrix3 python3-dipy python3-nibabel python3-scipy time >/dev/null
fi
[ -f target/san2n.jar ] || mvn -B -q package -DskipTests
# Our jar as it is now: a rebuild of target/ during the run must not change what is measured.
jar=$(mktemp -d)/san2n
mkdir -p "$jar" && cp -r target/san2n.jar target/lib "$jar/"
export SAN2N_JAR=$jar/san2n.jar
for v in $(compgen -v SAN2N_ARGS_ || true); do export "${v?}"; done
mkdir -p "$work"
export ANATOMY_CACHE=$(realpath -m "$work")/anatomy-${SLICES:-24}.npz
results=$work/results.tsv
[ -f "$results" ] || printf 'family\tscheme\tsnr\tseed\tnoise\tmethod\tpsnr\tssim\trmse\tfa_error\tmd_error\tvolume_ratio\tseconds\tpeak_kb\tstatus\n' > "$results"


for c in "${configs[@]}"; do
  IFS=: read -r fam sch snr seed noise <<<"$c"
  noise=${noise:-white}
  d=$work/$fam-$sch-snr$snr-seed$seed
  [ "$noise" = white ] || d=$d-$noise
  if [ ! -f "$d/dwi.nii.gz" ]; then
    /usr/bin/python3 -W ignore bench/families.py make "$fam" "$sch" "$snr" "$seed" "$d" "$noise" || { echo "could not make phantom $c"; exit 1; }
  fi
  for m in $methods; do
    if grep -qP "^$fam\t$sch\t$snr\t$seed\t$noise\t$m\t" "$results"; then continue; fi
    o=$d/$m.nii.gz
    status=ok
    /usr/bin/time -f '%e %M' -o "$d/$m.time" bash bench/families.sh --run "$d" "$m" "$o" \
      >"$d/$m.log" 2>&1 || status="failed: $(grep -m1 -i 'error' "$d/$m.log" | cut -c1-160 | tr '\t' ' ')"
    read -r secs kb < <(tail -1 "$d/$m.time")
    if [ "$status" = ok ]; then
      q=$(java -jar "$jar/san2n.jar" evaluate --clean "$d/clean.nii.gz" --denoised "$o" --mask "$d/mask.nii.gz" --json |
        tr -d '\n ' | sed -E 's/.*"psnr":([^,]*),"ssim":([^,]*),"rmse":([^,}]*).*/\1\t\2\t\3/')
      t=$(/usr/bin/python3 bench/families.py score "$d" "$o" 2>/dev/null |
        sed -E 's/.*"fa_error": ([^,]*), "md_error": ([^,]*), "worst_volume_mean_ratio": ([^}]*)}/\1\t\2\t\3/')
    else
      q=$'nan\tnan\tnan'; t=$'nan\tnan\tnan'
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$fam" "$sch" "$snr" "$seed" "$noise" "$m" "$q" "$t" "$secs" "$kb" "$status" >> "$results"
    echo "$fam $sch SNR $snr seed $seed $noise $m: $(tail -1 "$results" | cut -f7-15)"
  done
done
/usr/bin/python3 bench/families_report.py "$results" "$work/figure.png" | tee "$work/table.md"
echo "($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
