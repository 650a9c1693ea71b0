#!/usr/bin/env python3
"""An HCP-sized synthetic DWI scan for time and memory runs (issue 11): 145×174×145 voxels of 1.25 mm,
3 shells × 96 directions (288 volumes), a smooth tensor-like signal in an ellipsoidal brain, Rician noise
σ = 40; 4.2 GB float32 written as uncompressed .nii (gzip of 4 GB would take minutes), with bvals/bvecs.
Usage: /usr/bin/python3 bench/hcp_sized.py OUTDIR, then e.g.
  /usr/bin/time -f '%e s %M KB' java -jar target/san2n.jar denoise --dwi OUTDIR/dwi.nii \
      --bvals OUTDIR/bvals --bvecs OUTDIR/bvecs --out OUTDIR/den.nii
Needs about 5 GB of memory."""
import os, sys
import numpy as np, nibabel as nib
out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)
nx, ny, nz = 145, 174, 145
shells = [1000, 2000, 3000]; ndir = 96
rng = np.random.default_rng(9)
dirs = rng.normal(size=(ndir, 3)); dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
bvals = np.repeat(shells, ndir).astype(float); bvecs = np.tile(dirs, (3, 1))
x, y, z = np.meshgrid(np.linspace(-1, 1, nx), np.linspace(-1, 1, ny), np.linspace(-1, 1, nz), indexing='ij')
brain = (x**2 / 0.8 + y**2 / 0.9 + z**2 / 0.7) < 1
s0 = np.where(brain, 1000 + 200 * np.sin(4 * x) * np.cos(3 * y), 0).astype(np.float32)
md = np.where(brain, 0.0008 + 0.0004 * (np.abs(z) > 0.5), 0.003).astype(np.float32)
fa_dir = np.stack([np.cos(3 * z), np.sin(3 * z), 0 * z], -1).astype(np.float32)
sigma = 40.0
out = np.empty((nx, ny, nz, len(bvals)), np.float32)
for v in range(len(bvals)):
    g = bvecs[v]; cos2 = (fa_dir @ g.astype(np.float32)) ** 2
    d = md * (0.6 + 1.2 * cos2)
    sig = s0 * np.exp(-bvals[v] * d)
    re = sig + sigma * rng.standard_normal(sig.shape, dtype=np.float32); im = sigma * rng.standard_normal(sig.shape, dtype=np.float32)
    out[..., v] = np.sqrt(re * re + im * im)
img = nib.Nifti1Image(out, np.diag([1.25, 1.25, 1.25, 1]))
nib.save(img, os.path.join(out_dir, 'dwi.nii'))
np.savetxt(os.path.join(out_dir, 'bvals'), bvals[None], fmt='%d'); np.savetxt(os.path.join(out_dir, 'bvecs'), bvecs.T, fmt='%.6f')
print('wrote', out.shape)
