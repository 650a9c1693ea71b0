#!/usr/bin/env bash
# SAN2N's time-to-quality curves (issue 11): the same scan denoised after 250, 500, 1000 and 2000 training
# steps (STEPS), each a whole training of that length (its rate schedule and λ ramp fitted to it), next to
# the defaults (MP-PCA) and the noisy input. Wall time and peak RSS by GNU time, PSNR/SSIM against the clean
# signal, FA and MD errors of a DIPY tensor fit — the columns of bench/families.sh, which runs them.
# Training length does not depend on the scan's size, so steps measured here carry over; the cost of a step
# does (volumes, hidden width), and is printed per step.
#
# Usage: bench/san2n-curves.sh [CONFIG ...]   CONFIG = family:scheme:snr:seed as in bench/families.sh
# (default: one tuning configuration, seed 1, and two held-out ones, seeds 4). Environment: WORK
# (default target/curves), STEPS (default "250 500 1000 2000").
set -euo pipefail
cd "$(dirname "$0")/.."
export WORK=${WORK:-target/curves}
steps=${STEPS:-250 500 1000 2000}
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(blocks:dti16:10:1 anatomy:dti20b2500:20:4 crossing:two30:10:4)
export METHODS="noisy defaults"
for s in $steps; do export "SAN2N_ARGS_steps$s=--steps $s --max-minutes 100000"; done
bash bench/families.sh "${configs[@]}" >"$WORK.log" 2>&1 || { tail -5 "$WORK.log"; exit 1; }
/usr/bin/python3 - "$WORK/results.tsv" "${configs[@]}" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for c in sys.argv[2:]:
    fam, sch, snr, seed = c.split(":")
    mine = [r for r in rows if (r["family"], r["scheme"], r["snr"], r["seed"]) == (fam, sch, snr, seed)]
    if not mine:
        continue
    print(f"\n{fam} {sch} SNR {snr} seed {seed}")
    print("| method | steps | seconds | s/step | peak RSS GB | PSNR dB | SSIM | FA error | MD error | status |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    def key(r):
        m = r["method"]
        return (0, 0) if m == "noisy" else (1, 0) if m == "defaults" else (2, int(m.split("steps")[-1]))
    for r in sorted(mine, key=key):
        m = r["method"]
        n = m.split("steps")[-1] if "steps" in m else ""
        per = f"{float(r['seconds']) / int(n):.3f}" if n else ""
        name = "MP-PCA (defaults)" if m == "defaults" else "SAN2N" if n else m
        f = lambda k, d=2: f"{float(r[k]):.{d}f}" if r[k] != "nan" else "—"
        print(f"| {name} | {n} | {float(r['seconds']):.0f} | {per} | {int(r['peak_kb']) / 1048576:.2f} | {f('psnr')} | {f('ssim', 3)} | "
              f"{f('fa_error', 4)} | {f('md_error', 4)} | {r['status'][:60]} |")
PY
echo "($(nproc) cores; s/step includes reading, the denoising pass and its mirror images)"
