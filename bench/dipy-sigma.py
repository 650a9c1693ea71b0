#!/usr/bin/env python3
"""DIPY's MP-PCA noise map for a scan: `bench/dipy-sigma.py DWI OUT [PATCH_RADIUS]`.

Runs dipy.denoise.localpca.mppca(..., return_sigma=True) (DIPY's own Marchenko–Pastur estimate, a cube of edge
2·radius+1; default radius: the smallest cube with at least as many voxels as volumes, as `san2n denoise`) and
writes the σ map with the scan's affine. An independent second opinion for `--noise-map`.
"""
import sys

import nibabel as nib
import numpy as np
from dipy.denoise.localpca import mppca

if len(sys.argv) < 3:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
img = nib.load(sys.argv[1])
data = np.asanyarray(img.dataobj).astype(np.float64)
if len(sys.argv) > 3:
    radius = int(sys.argv[3])
else:
    radius = 1
    while (2 * radius + 1) ** 3 < data.shape[3]:
        radius += 1
_, sigma = mppca(data, patch_radius=radius, return_sigma=True)
nib.save(nib.Nifti1Image(sigma.astype(np.float32), img.affine), sys.argv[2])
print(f"wrote {sys.argv[2]} (patch radius {radius})")
