#!/usr/bin/env python3
"""Which σ is right where MP-PCA's windows hold many signal components: ours or MRtrix3 dwidenoise's.

    bench/sigma-vs-rank.py WORK [P ...]      (default P: 2 5 8)

For each P, a phantom of 48×48×16 voxels × 17 volumes (1 b0 + 16 directions at b = 1000, the real UIH and
Philips scans' shape) whose signal has exactly P components in q-space in every 3×3×3 window: 1000 plus P
spatially white maps (amplitude 200/√k) times P random q-space profiles, plus Gaussian noise of σ = 10. Then
`san2n noise --out` (ours) and `dwidenoise -noise` (its default window, the same 3×3×3 here) and the median of
each σ map over the inner voxels, against the true 10; and the mean rank our MP-PCA finds there.
.ci/crosscheck.py imports make() and SIGMA from here (CI checks our σ and rank on P = 5): keep them. Needs target/san2n.jar, mrtrix3, nibabel.
"""
import os
import subprocess
import sys

import nibabel as nib
import numpy as np

SIGMA = 10.0


def make(p, out):
    rng = np.random.default_rng(7)
    shape, n = (48, 48, 16), 17
    v = rng.normal(size=(16, 3))
    v /= np.linalg.norm(v, axis=1)[:, None]
    signal = np.full(shape + (n,), 1000.0)
    for k in range(p):
        signal += rng.normal(scale=200.0 / (k + 1) ** 0.5, size=shape)[..., None] * rng.normal(size=n)
    noisy = signal + rng.normal(scale=SIGMA, size=signal.shape)
    os.makedirs(out, exist_ok=True)
    affine = np.diag([2.0, 2.0, 2.0, 1.0])
    nib.save(nib.Nifti1Image(noisy.astype(np.float32), affine), f"{out}/dwi.nii.gz")
    nib.save(nib.Nifti1Image(np.ones(shape, np.uint8), affine), f"{out}/mask.nii.gz")
    np.savetxt(f"{out}/bvals", np.array([[0] + [1000] * 16]), fmt="%d")
    np.savetxt(f"{out}/bvecs", np.vstack([[0, 0, 0], v]).T, fmt="%.6f")


def inner_median(path):
    a = np.asanyarray(nib.load(path).dataobj)[4:-4, 4:-4, 3:-3]
    return float(np.median(a))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    work = argv[1]
    ps = [int(p) for p in argv[2:]] or [2, 5, 8]
    print(f"| signal components P | true σ | ours (`san2n noise`) | dwidenoise 3.0.3 | ours / dwidenoise |")
    print("| --- | --- | --- | --- | --- |")
    for p in ps:
        d = f"{work}/p{p}"
        make(p, d)
        subprocess.run(["java", "-jar", "target/san2n.jar", "noise", "--dwi", f"{d}/dwi.nii.gz", "--bvals", f"{d}/bvals",
                        "--bvecs", f"{d}/bvecs", "--mask", f"{d}/mask.nii.gz", "--out", f"{d}/ours.nii.gz"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The rank MP-PCA finds (--check warn: on spatially white signal its residual check can object).
        subprocess.run(["java", "-jar", "target/san2n.jar", "denoise", "--dwi", f"{d}/dwi.nii.gz", "--bvals", f"{d}/bvals",
                        "--bvecs", f"{d}/bvecs", "--mask", f"{d}/mask.nii.gz", "--out", f"{d}/den.nii.gz", "--check", "warn",
                        "--rician", "keep", "--rank-map", f"{d}/rank.nii.gz"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        subprocess.run(["dwidenoise", "-quiet", "-force", f"{d}/dwi.nii.gz", f"{d}/mrtrix.nii", "-noise", f"{d}/mrtrix-sigma.nii"],
                       check=True)
        ours, theirs = inner_median(f"{d}/ours.nii.gz"), inner_median(f"{d}/mrtrix-sigma.nii")
        rank = float(np.mean(np.asanyarray(nib.load(f"{d}/rank.nii.gz").dataobj)[4:-4, 4:-4, 3:-3]))
        print(f"| {p} (found: {rank:.2f}) | {SIGMA:g} | {ours:.2f} ({100 * (ours / SIGMA - 1):+.1f} %) | {theirs:.2f} ({100 * (theirs / SIGMA - 1):+.1f} %) "
              f"| {100 * (ours / theirs - 1):+.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
