#!/usr/bin/env python3
"""Compare σ maps (NIfTI, one volume each) inside a brain mask: median of each, median of their ratio.

    bench/noise-maps.py MASK REFERENCE OTHER [OTHER ...]

REFERENCE is e.g. MRtrix3's `dwidenoise -noise` map; each OTHER is compared with it. Prints one line per
map and exits 1 when a map's median is not within 10 % of the reference's (the acceptance of issue 21).
"""
import sys

import nibabel as nib
import numpy as np


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    mask = np.asanyarray(nib.load(argv[1]).dataobj).astype(bool)
    if mask.ndim == 4:
        mask = mask[..., 0]
    ref = np.asanyarray(nib.load(argv[2]).dataobj).astype(np.float64)
    if ref.ndim == 4:
        ref = ref[..., 0]
    keep = mask & np.isfinite(ref) & (ref > 0)
    ref_median = float(np.median(ref[keep]))
    print(f"{argv[2]}: median σ {ref_median:.4g} over {int(keep.sum())} mask voxels")
    worst = 0.0
    for path in argv[3:]:
        m = np.asanyarray(nib.load(path).dataobj).astype(np.float64)
        if m.ndim == 4:
            m = m[..., 0]
        if m.shape != ref.shape:
            print(f"{path}: shape {m.shape} differs from {ref.shape}", file=sys.stderr)
            return 1
        both = keep & np.isfinite(m) & (m > 0)
        med = float(np.median(m[both]))
        ratio = m[both] / ref[both]
        q1, q2, q3 = np.percentile(ratio, [25, 50, 75])
        corr = float(np.corrcoef(m[both], ref[both])[0, 1])
        off = med / ref_median - 1
        worst = max(worst, abs(off))
        print(f"{path}: median σ {med:.4g} ({100 * off:+.1f} % of the reference); voxelwise ratio median {q2:.3f} "
              f"(quartiles {q1:.3f}–{q3:.3f}), correlation {corr:.3f}")
    return 0 if worst <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
