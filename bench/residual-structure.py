#!/usr/bin/env python3
"""Does a denoiser remove signal, not only noise? Per volume, what each output removed from a real scan.

    bench/residual-structure.py [--clean CLEAN] DWI MASK SIGMA OUTPUT [OUTPUT ...]

For each OUTPUT (the first is the reference, e.g. MP-PCA's) and each volume, inside MASK, of the residual
r = DWI − OUTPUT (σ = the median of SIGMA_MAP in the mask, e.g. `denoise --noise-map`):
- spread: std(r) / σ — how much was removed (noise alone can account for up to about 1);
- edge ratio: mean r² on the 10 % of mask voxels where the output's in-plane gradient is largest, over mean r²
  on the other 90 % — removed signal concentrates on edges (1 when the residual does not see the anatomy);
- lag-2 correlation: the residual's correlation between voxels two apart in-plane (x and y, averaged) — noise
  from interpolation or partial Fourier is correlated over one voxel, hardly over two; removed anatomy is
  correlated over many.
Prints one line per output: the worst volume and the median of each, and in how many volumes each measure
exceeds the reference's by more than 0.02. No clean signal is needed: this is for real scans. On a phantom,
--clean (its clean signal) adds the error's RMS on the edge voxels and on the rest (median over volumes), to see
whether an edge ratio above the reference's is anatomy removed. SIGMA is a σ map or one number.
"""
import sys

import nibabel as nib
import numpy as np


def load(path):
    return np.asanyarray(nib.load(path).dataobj).astype(np.float64)


def measures(dwi, out, mask, sigma, clean=None):
    n = dwi.shape[3]
    spread, edge, lag2 = np.zeros(n), np.zeros(n), np.zeros(n)
    err_edge, err_rest = np.zeros(n), np.zeros(n)
    for v in range(n):
        r = dwi[..., v] - out[..., v]
        spread[v] = r[mask].std() / sigma
        gx, gy = np.gradient(out[..., v], axis=(0, 1))
        g = np.hypot(gx, gy)[mask]
        r2 = (r[mask] - r[mask].mean()) ** 2
        top = g >= np.quantile(g, 0.9)
        edge[v] = r2[top].mean() / r2[~top].mean()
        if clean is not None:
            e = (out[..., v] - clean[..., v])[mask]
            err_edge[v], err_rest[v] = np.sqrt(np.mean(e[top] ** 2)), np.sqrt(np.mean(e[~top] ** 2))
        rc = np.where(mask, r - r[mask].mean(), 0.0)
        cs = []
        for axis in (0, 1):
            a = np.take(rc, range(0, rc.shape[axis] - 2), axis=axis)
            b = np.take(rc, range(2, rc.shape[axis]), axis=axis)
            both = np.take(mask, range(0, mask.shape[axis] - 2), axis=axis) & np.take(mask, range(2, mask.shape[axis]), axis=axis)
            cs.append(np.sum(a[both] * b[both]) / np.sqrt(np.sum(a[both] ** 2) * np.sum(b[both] ** 2)))
        lag2[v] = np.mean(cs)
    return spread, edge, lag2, err_edge, err_rest


def main(argv):
    clean = None
    if len(argv) > 2 and argv[1] == "--clean":
        clean = load(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    dwi = load(argv[1])
    mask = load(argv[2]) > 0
    if mask.ndim == 4:
        mask = mask[..., 0]
    try:
        sigma = float(argv[3])
    except ValueError:
        sigma = float(np.median(load(argv[3])[mask]))
    ref = None
    for path in argv[4:]:
        s, e, l, ee, er = measures(dwi, load(path), mask, sigma, clean)
        line = (f"{path}: spread {np.median(s):.2f} (max {s.max():.2f}) σ, edge ratio {np.median(e):.2f} (max {e.max():.2f}), "
                f"lag-2 correlation {np.median(l):.3f} (max {l.max():.3f})")
        if clean is not None:
            line += f", error RMS on edges {np.median(ee):.4g}, elsewhere {np.median(er):.4g}"
        if ref is None:
            ref = (s, e, l)
        else:
            line += (f"; volumes above the reference by > 0.02: spread {int(np.sum(s > ref[0] + 0.02))}, edge ratio "
                     f"{int(np.sum(e > ref[1] + 0.02))}, lag-2 {int(np.sum(l > ref[2] + 0.02))} of {len(s)}")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
