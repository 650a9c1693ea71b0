#!/usr/bin/python3
"""One table from bench/families.sh's results.tsv: every configuration and method, the best value of each
metric in bold, then per configuration where our defaults stand against the best peer (by how much)."""
import csv
import math
import sys

PEERS = ("dwidenoise", "dwidenoise-rician", "DIPY-mppca", "DIPY-patch2self", "DIPY-nlmeans")
METRICS = (("psnr", "PSNR dB", "%.2f", False), ("ssim", "SSIM", "%.4f", False), ("rmse", "RMSE", "%.1f", True),
           ("fa_error", "FA err", "%.4f", True), ("md_error", "MD err µm²/ms", "%.4f", True))


def num(r, k):
    try:
        return float(r[k])
    except (ValueError, KeyError):
        return math.nan


def main(path):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    configs = []
    for r in rows:
        c = (r["family"], r["scheme"], r["snr"], r["seed"], r.get("noise", "white"))
        if c not in configs:
            configs.append(c)
    out = ["| family | scheme | SNR | seed | noise | method | " + " | ".join(m[1] for m in METRICS)
           + " | vol. mean ratio | time s | peak GB |", "|" + " --- |" * (11 + len(METRICS) - 5 + 5)]
    verdicts = []
    for c in configs:
        rs = [r for r in rows if (r["family"], r["scheme"], r["snr"], r["seed"], r.get("noise", "white")) == c]
        denoisers = [r for r in rs if r["method"] != "noisy" and r["status"] == "ok"]
        for r in rs:
            cells = []
            for key, _, fmt, low in METRICS:
                v = num(r, key)
                vals = [num(x, key) for x in denoisers if not math.isnan(num(x, key))]
                best = (min(vals) if low else max(vals)) if vals else math.nan
                s = "—" if math.isnan(v) else fmt % v
                cells.append(f"**{s}**" if r in denoisers and v == best else s)
            t = "—" if r["method"] == "noisy" else f'{num(r, "seconds"):.0f}'
            mem = "—" if r["method"] == "noisy" else f'{num(r, "peak_kb") / 1048576:.2f}'
            status = "" if r["status"] == "ok" else f' ({r["status"]})'
            out.append(f"| {' | '.join(c)} | {r['method']}{status} | " + " | ".join(cells)
                       + f" | {num(r, 'volume_ratio'):.3f} | {t} | {mem} |")
        san = next((r for r in rs if r["method"] == "defaults"), None)
        noisy = next((r for r in rs if r["method"] == "noisy"), None)
        peers = [r for r in denoisers if r["method"] in PEERS]
        if san is None or not peers:
            continue
        parts = []
        for key, name, fmt, low in METRICS:
            if key == "rmse":
                continue
            best = (min if low else max)(peers, key=lambda r: num(r, key))
            d = num(san, key) - num(best, key)
            ahead = d < 0 if low else d > 0
            parts.append(f"{name} {'ahead of' if ahead else 'behind'} {best['method']} by {abs(d):{fmt[1:]}}")
        for ours in (r for r in rs if r["method"] == "defaults" or r["method"].startswith("SAN2N")):
            if ours["status"] != "ok":
                parts.append(f"{ours['method']} refused to write ({ours['status']})")
            elif noisy is not None:
                worse = [name for key, name, _, low in METRICS if key in ("psnr", "fa_error")
                         and (num(ours, key) > num(noisy, key) if low else num(ours, key) < num(noisy, key))]
                if worse:
                    parts.append(f"{ours['method']} WROTE A SCAN WORSE THAN ITS INPUT on " + ", ".join(worse))
        verdicts.append(f"- {' '.join(c[:2])} SNR {c[2]} seed {c[3]} {c[4]} noise: " + "; ".join(parts))
    print("\n".join(out))
    print()
    print("Our defaults (`san2n denoise` with no options) against the best peer:")
    print("\n".join(verdicts))


def figure(path, out):
    """One row per configuration: a mid slice of the first diffusion-weighted volume, clean, noisy and
    each method, with PSNR and FA error in the titles."""
    import os
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nibabel as nib
    import numpy as np
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    work = os.path.dirname(os.path.abspath(path))
    configs = []
    for r in rows:
        c = (r["family"], r["scheme"], r["snr"], r["seed"], r.get("noise", "white"))
        if c not in configs:
            configs.append(c)
    methods = []
    for r in rows:
        if r["method"] not in methods:
            methods.append(r["method"])
    cols = ["clean"] + methods
    fig, axes = plt.subplots(len(configs), len(cols), figsize=(1.8 * len(cols), 2.0 * len(configs)), squeeze=False)
    for i, c in enumerate(configs):
        d = os.path.join(work, f"{c[0]}-{c[1]}-snr{c[2]}-seed{c[3]}" + ("" if c[4] == "white" else f"-{c[4]}"))
        bvals = np.loadtxt(os.path.join(d, "bvals"))
        v = int(np.argmax(bvals > 50))
        clean = np.asarray(nib.load(os.path.join(d, "clean.nii.gz")).dataobj)[..., v]
        z = clean.shape[2] // 2
        vmax = np.percentile(clean[..., z], 99.5)
        for j, m in enumerate(cols):
            ax = axes[i, j]
            ax.axis("off")
            f = os.path.join(d, "clean.nii.gz" if m == "clean" else f"{m}.nii.gz")
            r = next((r for r in rows if (r["family"], r["scheme"], r["snr"], r["seed"], r.get("noise", "white")) == c
                      and r["method"] == m), None)
            if not os.path.exists(f) or (r is not None and r["status"] != "ok"):
                ax.set_title(f"{m}\n(no output)", fontsize=7)
                continue
            img = np.asarray(nib.load(f).dataobj)[..., z, v]
            ax.imshow(img.T, origin="lower", cmap="gray", vmin=0, vmax=vmax)
            title = f"{' '.join(c[:2])} SNR {c[2]} {c[4]}" if m == "clean" else f"{m}\n{num(r, 'psnr'):.2f} dB, FA {num(r, 'fa_error'):.3f}"
            ax.set_title(title, fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    main(sys.argv[1])
    if len(sys.argv) > 2:
        figure(sys.argv[1], sys.argv[2])
