#!/usr/bin/python3
"""Helpers for bench/versus-peers.sh (Debian's python3-dipy, python3-nibabel, python3-matplotlib).

  peers.py denoise METHOD DWI BVALS OUT   run one DIPY denoiser with its defaults: patch2self, mppca, nlmeans
  peers.py report WORK                    read WORK/results.tsv, add FA errors, write WORK/table.md, WORK/figure.png
  peers.py fa-error PHANTOM DENOISED      mean |FA - clean FA| in the phantom's mask (PHANTOM: a `san2n simulate` folder)
"""
import sys


def denoise(method, dwi, bvals, out):
    import nibabel as nib
    import numpy as np
    img = nib.load(dwi)
    data = np.asarray(img.dataobj, dtype=np.float64)
    if method == "patch2self":
        from dipy.denoise.patch2self import patch2self
        result = patch2self(data, np.loadtxt(bvals))
    elif method == "mppca":
        from dipy.denoise.localpca import mppca
        result = mppca(data)
    elif method == "nlmeans":
        from dipy.denoise.nlmeans import nlmeans
        from dipy.denoise.noise_estimate import estimate_sigma
        result = nlmeans(data, sigma=estimate_sigma(data))
    else:
        raise SystemExit(f"unknown method {method}")
    nib.save(nib.Nifti1Image(np.asarray(result, dtype=np.float32), img.affine, img.header), out)


def fa(path, gtab, mask):
    import nibabel as nib
    import numpy as np
    from dipy.reconst.dti import TensorModel
    data = np.asarray(nib.load(path).dataobj, dtype=np.float64)
    return np.nan_to_num(TensorModel(gtab).fit(data, mask=mask).fa)


def report(work):
    import csv
    import os
    import nibabel as nib
    import numpy as np
    from dipy.core.gradients import gradient_table
    rows = list(csv.DictReader(open(os.path.join(work, "results.tsv")), delimiter="\t"))
    snrs = sorted({r["snr"] for r in rows}, key=float)
    fa_maps, slices = {}, {}
    for snr in snrs:
        d = os.path.join(work, f"snr{snr}")
        gtab = gradient_table(np.loadtxt(f"{d}/bvals"), np.loadtxt(f"{d}/bvecs"))
        mask = np.asarray(nib.load(f"{d}/mask.nii.gz").dataobj) > 0
        clean_fa = fa(f"{d}/clean.nii.gz", gtab, mask)
        fa_maps[(snr, "clean")] = clean_fa
        dw = int(np.argmax(gtab.bvals > 500))  # first diffusion-weighted volume
        z = mask.shape[2] // 2
        slices[(snr, "clean")] = np.asarray(nib.load(f"{d}/clean.nii.gz").dataobj)[:, :, z, dw]
        for r in rows:
            if r["snr"] != snr:
                continue
            m = fa(r["file"], gtab, mask)
            fa_maps[(snr, r["method"])] = m
            r["fa_error"] = float(np.mean(np.abs(m - clean_fa)[mask]))
            slices[(snr, r["method"])] = np.asarray(nib.load(r["file"]).dataobj)[:, :, z, dw]
    methods = [r["method"] for r in rows if r["snr"] == snrs[0]]
    peers = [m for m in methods if m not in ("noisy", "SAN2N")]

    def best(snr, key, low):
        vals = [float(r[key]) for r in rows if r["snr"] == snr and r["method"] != "noisy"]
        return min(vals) if low else max(vals)

    lines = ["| SNR | method | PSNR dB | SSIM | RMSE | FA error | time | peak memory |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        def cell(key, fmt, low):
            v = float(r[key])
            s = fmt % v
            return f"**{s}**" if r["method"] != "noisy" and v == best(r["snr"], key, low) else s
        t = "—" if r["method"] == "noisy" else f'{float(r["seconds"]):.0f} s'
        mem = "—" if r["method"] == "noisy" else f'{float(r["peak_kb"]) / 1048576:.2f} GB'
        lines.append(f'| {r["snr"]} | {r["method"]} | {cell("psnr", "%.2f", False)} | {cell("ssim", "%.4f", False)} | '
                     f'{cell("rmse", "%.2f", True)} | {cell("fa_error", "%.4f", True)} | {t} | {mem} |')
    verdict = []
    for snr in snrs:
        san = next(r for r in rows if r["snr"] == snr and r["method"] == "SAN2N")
        for key, low, name in (("psnr", False, "PSNR"), ("ssim", False, "SSIM"), ("fa_error", True, "FA error")):
            beaten = [r["method"] for r in rows if r["snr"] == snr and r["method"] in peers
                      and (float(r[key]) < float(san[key]) if low else float(r[key]) > float(san[key]))]
            verdict.append(f"SNR {snr}, {name}: " + ("SAN2N ahead of every peer" if not beaten
                                                      else "SAN2N behind " + ", ".join(beaten)))
    table = "\n".join(lines) + "\n\n" + "\n".join(f"- {v}" for v in verdict) + "\n"
    open(os.path.join(work, "table.md"), "w").write(table)
    print(table)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    cols = ["clean"] + methods
    fig, axes = plt.subplots(2 * len(snrs), len(cols), figsize=(1.9 * len(cols), 4.0 * len(snrs)))
    for i, snr in enumerate(snrs):
        vmax = np.percentile(slices[(snr, "clean")], 99.5)
        for j, m in enumerate(cols):
            ax = axes[2 * i, j]
            ax.imshow(slices[(snr, m)].T, origin="lower", cmap="gray", vmin=0, vmax=vmax)
            r = next((r for r in rows if r["snr"] == snr and r["method"] == m), None)
            ax.set_title(f"{m}" + (f"\n{float(r['psnr']):.2f} dB" if r else f"\nSNR {snr}"), fontsize=8)
            ax.axis("off")
            ax = axes[2 * i + 1, j]
            ax.imshow(fa_maps[(snr, m)][:, :, fa_maps[(snr, m)].shape[2] // 2].T, origin="lower", cmap="gray", vmin=0, vmax=1)
            ax.set_title("FA" + (f" err {r['fa_error']:.4f}" if r else ""), fontsize=8)
            ax.axis("off")
    fig.tight_layout()
    fig.savefig(os.path.join(work, "figure.png"), dpi=110)


if __name__ == "__main__":
    if sys.argv[1] == "denoise":
        denoise(*sys.argv[2:6])
    elif sys.argv[1] == "fa-error":
        import nibabel as nib
        import numpy as np
        from dipy.core.gradients import gradient_table
        d = sys.argv[2]
        gtab = gradient_table(np.loadtxt(f"{d}/bvals"), np.loadtxt(f"{d}/bvecs"))
        mask = np.asarray(nib.load(f"{d}/mask.nii.gz").dataobj) > 0
        print(f"{np.mean(np.abs(fa(sys.argv[3], gtab, mask) - fa(f'{d}/clean.nii.gz', gtab, mask))[mask]):.4f}")
    elif sys.argv[1] == "report":
        report(sys.argv[2])
    else:
        raise SystemExit(__doc__)
