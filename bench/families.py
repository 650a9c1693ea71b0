#!/usr/bin/python3
"""Phantom families for bench/families.sh (Debian's python3-dipy, python3-nibabel, python3-scipy).

  families.py make FAMILY SCHEME SNR SEED OUT [NOISE]
                                                 write OUT/{dwi,clean,mask}.nii.gz, OUT/bvals, OUT/bvecs
  families.py score DIR DENOISED                 one JSON line: FA and MD errors (DIPY WLS tensor fit) in DIR's mask

Families (the clean signal; every family then gets noise of the model NOISE with σ = mean clean b0 in the mask / SNR):
  anatomy   real anatomy: a DIPY tensor fit (WLS) of the Philips 3T scan in ../shared/realdata, its S0 and
            tensor maps lightly smoothed, synthesised for any gradient table: S = S0·exp(−b gᵀDg). Low rank in
            q-space (one tensor per voxel), realistic texture and edges.
  crossing  the same anatomy, but white matter (FA > 0.25) becomes two sticks and a ball (the second stick
            at 50–90° to the first, share 0.2–0.45, in smooth random fields), grey matter and CSF a tensor
            with free water: higher q-space rank, harder for a low-rank model, worse for the angular pairing.
  blocks    geometric: a cube of 4×4×4 blocks of random tensors (random FA 0–0.9, orientation, MD) with a
            receive-coil bias (smooth ×0.6–1.4) and 8 % multiplicative texture; sharp edges everywhere.
Schemes: dti16 (1 b0 + 16 at b=1000), dti20b2500 (1 b0 + 20 at b=2500), two30 (2 b0 + 30 at 1000),
three30 (5 b0 + 30 at 1000 + 30 at 2000, b0 every 12 volumes), multi64 (6 b0 + 16/24/24 at 1000/2000/3000).
A SEED changes the noise, the gradient directions, the random fields and (blocks) the tensors.

Noise models (NOISE; what a scanner does to the noise, applied to every family):
  white       (default) one receive coil: complex Gaussian noise independent between voxels, magnitude (Rician).
  coils       four receive coils with smooth sensitivities, combined by root-sum-of-squares and divided by the
              combined sensitivity (an intensity normalisation, as scanners apply): non-central χ with 8
              degrees of freedom, σ varying across the head by the sensitivity (σ is its mean in the mask).
  correlated  one coil, the complex noise interpolated 2× in-plane by zero-filling k-space (the outer half of
              k-space of each in-plane axis is empty): neighbouring voxels' noise correlated (≈ 0.6 in-plane),
              as on most clinical scans (interpolation, partial Fourier). σ per voxel as white.
  partialfourier  one coil, 6/8 partial Fourier along y zero-filled (the last quarter of k-space along y empty,
              no homodyne): noise correlated along y only, and not as every-other-voxel independent as 2×
              interpolation. A held-out model: nothing was tuned on it.
  gibbs       white noise on a signal truncated in k-space in-plane (the outer quarter of each axis removed):
              ringing at edges; the clean reference is the untruncated signal.
"""
import json
import os
import sys

import numpy as np

REAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "realdata",
                    "dcmqa_philips_elition_dti16")


def directions(n, rng):
    from dipy.core.sphere import HemiSphere, disperse_charges
    theta = np.arccos(rng.uniform(-1, 1, n))
    phi = rng.uniform(0, 2 * np.pi, n)
    hemi, _ = disperse_charges(HemiSphere(theta=theta, phi=phi), 2000)
    return hemi.vertices


def scheme(name, rng):
    if name == "dti16":
        parts = [(0, 1), (1000, 16)]
    elif name == "dti20b2500":
        parts = [(0, 1), (2500, 20)]
    elif name == "two30":
        parts = [(0, 2), (1000, 30)]
    elif name == "three30":
        parts = [(1000, 30), (2000, 30)]
    elif name == "multi64":
        parts = [(0, 6), (1000, 16), (2000, 24), (3000, 24)]
    else:
        raise SystemExit(f"unknown scheme {name}")
    bvals, bvecs = [], []
    for b, n in parts:
        if b == 0:
            bvals += [0] * n
            bvecs += [[0, 0, 0]] * n
        else:
            d = directions(n, rng)
            bvals += [b] * n
            bvecs += list(d)
    bvals, bvecs = np.array(bvals, float), np.array(bvecs, float)
    if name == "three30":  # interleave 5 b0s every 12 volumes, as a published three-shell scheme does
        order = rng.permutation(60)
        dw_vals, dw_vecs = bvals[order], bvecs[order]
        bvals, bvecs = [], []
        for i in range(60):
            if i % 12 == 0:
                bvals.append(0)
                bvecs.append([0, 0, 0])
            bvals.append(dw_vals[i])
            bvecs.append(dw_vecs[i])
        bvals, bvecs = np.array(bvals, float), np.array(bvecs, float)
    return bvals, bvecs


def smooth_field(shape, rng, sigma, lo, hi):
    from scipy.ndimage import gaussian_filter
    f = gaussian_filter(rng.standard_normal(shape), sigma)
    f = (f - f.min()) / max(f.max() - f.min(), 1e-12)
    return lo + (hi - lo) * f


_ANATOMY = {}


def anatomy():
    """S0, tensor eigenvalues and eigenvectors, FA, the mask and the voxel size, cropped (cached beside OUT)."""
    if "a" in _ANATOMY:
        return _ANATOMY["a"]
    cache = os.environ.get("ANATOMY_CACHE")
    if cache and os.path.exists(cache):
        z = np.load(cache)
        _ANATOMY["a"] = (z["s0"], z["evals"], z["evecs"], z["fa"], z["mask"], tuple(z["zooms"]))
        return _ANATOMY["a"]
    _ANATOMY["a"] = fit_anatomy()
    if cache:
        s0, evals, evecs, fa, mask, zooms = _ANATOMY["a"]
        np.savez(cache, s0=s0, evals=evals, evecs=evecs, fa=fa, mask=mask, zooms=np.array(zooms))
    return _ANATOMY["a"]


def fit_anatomy():
    import nibabel as nib
    from dipy.core.gradients import gradient_table
    from dipy.reconst.dti import TensorModel
    from dipy.segment.mask import median_otsu
    from scipy.ndimage import gaussian_filter
    img = nib.load(os.path.join(REAL, "dwi.nii.gz"))
    data = np.asarray(img.dataobj, dtype=np.float64)
    gtab = gradient_table(np.loadtxt(os.path.join(REAL, "bvals")), np.loadtxt(os.path.join(REAL, "bvecs")))
    _, mask = median_otsu(data, vol_idx=[0], median_radius=4, numpass=4)
    # Middle SLICES slices (default 24), in-plane bounding box of the brain: a ~72×89×24 volume.
    half = int(os.environ.get("SLICES", "24")) // 2
    zs = np.nonzero(mask.any(axis=(0, 1)))[0]
    zc = (zs[0] + zs[-1]) // 2
    z0, z1 = zc - half, zc + half
    xs = np.nonzero(mask[:, :, z0:z1].any(axis=(1, 2)))[0]
    ys = np.nonzero(mask[:, :, z0:z1].any(axis=(0, 2)))[0]
    crop = (slice(max(xs[0] - 3, 0), xs[-1] + 4), slice(max(ys[0] - 3, 0), ys[-1] + 4), slice(z0, z1))
    data, mask = data[crop], mask[crop]
    # Fitted on the brain voxels as a 2D array (DIPY 1.6 fails on return_S0_hat with a mask).
    fit = TensorModel(gtab, fit_method="WLS", return_S0_hat=True).fit(data[mask])
    q = np.zeros(mask.shape + (6,))
    q[mask] = fit.lower_triangular()
    s0 = np.zeros(mask.shape)
    b0 = data[..., gtab.b0s_mask].mean(-1)
    s0[mask] = np.clip(np.nan_to_num(np.asarray(fit.S0_hat, float)), 0, 1.5 * np.percentile(b0[mask], 99.5))
    # Light smoothing inside the mask (normalised convolution), so that the fit's own noise is not the anatomy.
    w = gaussian_filter(mask.astype(float), 0.7)
    ok = w > 1e-3

    def sm(x):
        return np.where(ok, gaussian_filter(x * mask, 0.7) / np.maximum(w, 1e-3), 0)

    s0 = np.clip(sm(s0), 0, None)
    q = np.stack([sm(q[..., i]) for i in range(6)], axis=-1)
    # Physically plausible tensors: eigenvalues within [0.05, 3.2] µm²/ms.
    d = np.zeros(q.shape[:3] + (3, 3))
    d[..., 0, 0], d[..., 0, 1], d[..., 1, 1] = q[..., 0], q[..., 1], q[..., 2]
    d[..., 0, 2], d[..., 1, 2], d[..., 2, 2] = q[..., 3], q[..., 4], q[..., 5]
    d[..., 1, 0], d[..., 2, 0], d[..., 2, 1] = d[..., 0, 1], d[..., 0, 2], d[..., 1, 2]
    evals, evecs = np.linalg.eigh(d)
    evals = np.clip(evals, 0.05e-3, 3.2e-3)
    md = evals.mean(-1)
    fa = np.sqrt(1.5 * ((evals - md[..., None]) ** 2).sum(-1) / np.maximum((evals ** 2).sum(-1), 1e-20))
    return s0, evals, evecs, fa, mask, tuple(float(z) for z in img.header.get_zooms()[:3])


def tensor_signal(s0, evals, evecs, bvals, bvecs):
    proj = np.einsum("...ij,nj->...ni", evecs, bvecs)  # (..., n, 3): g in the eigenbasis
    adc = (proj ** 2 * evals[..., None, :]).sum(-1)
    return s0[..., None] * np.exp(-bvals * adc)


def make_anatomy(bvals, bvecs, rng):
    s0, evals, evecs, fa, mask, zooms = anatomy()
    return tensor_signal(s0, evals, evecs, bvals, bvecs), mask, zooms


def make_crossing(bvals, bvecs, rng):
    s0, evals, evecs, fa, mask, zooms = anatomy()
    shape = s0.shape
    wm = (fa > 0.25) & mask
    e1 = evecs[..., :, 2]  # principal direction
    # A second direction at 50–90° to the first, turning smoothly through the brain.
    helper = np.stack([smooth_field(shape, rng, 3, -1, 1) for _ in range(3)], -1)
    perp = helper - (helper * e1).sum(-1, keepdims=True) * e1
    perp /= np.maximum(np.linalg.norm(perp, axis=-1, keepdims=True), 1e-9)
    angle = np.deg2rad(smooth_field(shape, rng, 3, 50, 90))
    e2 = np.cos(angle)[..., None] * e1 + np.sin(angle)[..., None] * perp
    f2 = smooth_field(shape, rng, 3, 0.2, 0.45)
    stick_d, ball_d = 1.7e-3, 0.9e-3
    fiso = 0.25

    def stick(e):
        return np.exp(-bvals * stick_d * (np.einsum("...j,nj->...n", e, bvecs) ** 2))

    wm_signal = (1 - fiso) * ((1 - f2)[..., None] * stick(e1) + f2[..., None] * stick(e2)) + fiso * np.exp(-bvals * ball_d)
    fw = np.clip((evals.mean(-1) - 0.7e-3) / 2.3e-3, 0, 0.9)[..., None]  # CSF-like voxels: free water
    gm_signal = (1 - fw) * tensor_signal(np.ones(shape), evals, evecs, bvals, bvecs) + fw * np.exp(-bvals * 3.0e-3)
    sig = np.where(wm[..., None], wm_signal, gm_signal) * s0[..., None]
    return sig, mask, zooms


def make_blocks(bvals, bvecs, rng):
    n, blocks = 56, 4
    shape = (n, n, 40)
    mask = np.zeros(shape, bool)
    mask[4:-4, 4:-4, 4:-4] = True
    evals = np.zeros(shape + (3,))
    evecs = np.zeros(shape + (3, 3))
    s0 = np.zeros(shape)
    edges = [np.linspace(4, s - 4, blocks + 1).astype(int) for s in shape]
    for i in range(blocks):
        for j in range(blocks):
            for k in range(blocks):
                sl = (slice(edges[0][i], edges[0][i + 1]), slice(edges[1][j], edges[1][j + 1]),
                      slice(edges[2][k], edges[2][k + 1]))
                md = rng.uniform(0.6e-3, 1.4e-3) if rng.random() > 0.15 else rng.uniform(2.0e-3, 3.0e-3)
                target_fa = rng.uniform(0, 0.9) if md < 1.5e-3 else rng.uniform(0, 0.1)
                l1 = md * (1 + 2 * target_fa)  # a rough spread around the mean, clipped to positive
                l23 = max((3 * md - l1) / 2, 0.1e-3)
                evals[sl] = np.sort([l23, l23, l1])
                q, _ = np.linalg.qr(rng.standard_normal((3, 3)))
                evecs[sl] = q
                s0[sl] = rng.uniform(600, 1400)
    bias = smooth_field(shape, rng, 10, 0.6, 1.4)
    texture = 1 + 0.08 * smooth_field(shape, rng, 1, -1, 1)
    s0 = np.where(mask, s0 * bias * texture, 0)
    return tensor_signal(s0, evals, evecs, bvals, bvecs), mask, (2.0, 2.0, 2.0)


NOISE_MODELS = ("white", "coils", "correlated", "partialfourier", "gibbs")


def inplane_lowpass(a, keep):
    """a (x, y, z, n) with the outer part of k-space of x and y zeroed, keeping the central fraction `keep`."""
    f = np.fft.fftshift(np.fft.fft2(a, axes=(0, 1)), axes=(0, 1))
    nx, ny = a.shape[:2]
    kx, ky = int(round(nx * keep / 2)), int(round(ny * keep / 2))
    m = np.zeros((nx, ny), bool)
    m[nx // 2 - kx:nx // 2 + kx, ny // 2 - ky:ny // 2 + ky] = True
    f *= m[:, :, None, None]
    return np.fft.ifft2(np.fft.ifftshift(f, axes=(0, 1)), axes=(0, 1))


def complex_noise(shape, rng, model):
    """Unit-variance (per real component) complex noise of the model, per voxel."""
    n = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    if model == "correlated":
        n = inplane_lowpass(n, 0.5)
    elif model == "partialfourier":
        f = np.fft.fftshift(np.fft.fft(n, axis=1), axes=1)
        f[:, shape[1] - shape[1] // 4:] = 0
        n = np.fft.ifft(np.fft.ifftshift(f, axes=1), axis=1)
    if model != "white":
        n /= np.sqrt(np.mean(np.abs(n) ** 2) / 2)
    return n


def add_noise(clean, mask, sigma, model, rng):
    """Magnitude data of `clean` with noise of `model` (see the module's doc) and σ in the mask."""
    if model in ("white", "correlated", "partialfourier"):
        return np.abs(clean + sigma * complex_noise(clean.shape, rng, model))
    if model == "gibbs":
        ringing = inplane_lowpass(clean, 0.75).real
        return np.abs(ringing + sigma * complex_noise(clean.shape, rng, "white"))
    if model == "coils":
        shape = clean.shape[:3]
        sens = np.stack([smooth_field(shape, rng, 12, 0.2, 1.0) for _ in range(4)], -1)
        g = np.sqrt((sens ** 2).sum(-1))
        per_coil = sigma * g[mask].mean()  # the normalised image's σ = per_coil / g, mean σ in the mask
        total = np.zeros(clean.shape)
        for c in range(4):
            total += np.abs(sens[..., c, None] * clean + per_coil * complex_noise(clean.shape, rng, "white")) ** 2
        return np.sqrt(total) / g[..., None]
    raise SystemExit(f"unknown noise model {model}: one of {', '.join(NOISE_MODELS)}")


def make(family, scheme_name, snr, seed, out, noise="white"):
    import nibabel as nib
    from scipy.ndimage import binary_dilation
    rng = np.random.default_rng(int(seed) * 7919 + sum(map(ord, family + scheme_name)))
    bvals, bvecs = scheme(scheme_name, rng)
    clean, mask, zooms = {"anatomy": make_anatomy, "crossing": make_crossing, "blocks": make_blocks}[family](bvals, bvecs, rng)
    clean = np.where(binary_dilation(mask, iterations=1)[..., None], clean, 0).astype(np.float64)
    b0 = bvals < 50
    sigma = clean[mask][:, b0].mean() / float(snr)
    if noise == "white":  # as before noise models were added: the same phantoms for the same seeds
        noisy = np.sqrt((clean + sigma * rng.standard_normal(clean.shape)) ** 2 + (sigma * rng.standard_normal(clean.shape)) ** 2)
    else:
        noisy = add_noise(clean, mask, sigma, noise, rng)
    os.makedirs(out, exist_ok=True)
    affine = np.diag(list(zooms) + [1.0])
    for name, arr in (("dwi", noisy), ("clean", clean), ("mask", mask.astype(np.uint8))):
        img = nib.Nifti1Image(np.asarray(arr, np.float32 if name != "mask" else np.uint8), affine)
        img.header.set_xyzt_units("mm", "sec")
        nib.save(img, os.path.join(out, name + ".nii.gz"))
    np.savetxt(os.path.join(out, "bvals"), bvals[None], fmt="%g")
    np.savetxt(os.path.join(out, "bvecs"), bvecs.T, fmt="%.6f")
    json.dump({"family": family, "scheme": scheme_name, "snr": float(snr), "seed": int(seed), "noise": noise, "sigma": sigma,
               "shape": list(noisy.shape)}, open(os.path.join(out, "phantom.json"), "w"))


def tensor_maps(path, gtab, mask):
    import nibabel as nib
    from dipy.reconst.dti import TensorModel
    data = np.asarray(nib.load(path).dataobj, dtype=np.float64)
    fit = TensorModel(gtab, fit_method="WLS").fit(data, mask=mask)
    return np.nan_to_num(fit.fa), np.nan_to_num(fit.md)


def score(d, denoised):
    import nibabel as nib
    from dipy.core.gradients import gradient_table
    bvals = np.loadtxt(os.path.join(d, "bvals"))
    gtab = gradient_table(bvals, np.loadtxt(os.path.join(d, "bvecs")), b0_threshold=50)
    mask = np.asarray(nib.load(os.path.join(d, "mask.nii.gz")).dataobj) > 0
    cache = os.path.join(d, "clean-tensor.npz")
    if os.path.exists(cache):
        z = np.load(cache)
        cfa, cmd = z["fa"], z["md"]
    else:
        cfa, cmd = tensor_maps(os.path.join(d, "clean.nii.gz"), gtab, mask)
        np.savez(cache, fa=cfa, md=cmd)
    fa, md = tensor_maps(denoised, gtab, mask)
    out = np.asarray(nib.load(denoised).dataobj, dtype=np.float64)
    noisy = np.asarray(nib.load(os.path.join(d, "dwi.nii.gz")).dataobj, dtype=np.float64)
    # Per-volume mean in the mask relative to the noisy input's: a collapsed network shifts whole volumes.
    ratio = out[mask].mean(0) / np.maximum(noisy[mask].mean(0), 1e-9)
    print(json.dumps({"fa_error": float(np.mean(np.abs(fa - cfa)[mask])),
                      "md_error": float(np.mean(np.abs(md - cmd)[mask]) * 1e3),
                      "worst_volume_mean_ratio": float(ratio[np.argmax(np.abs(np.log(np.maximum(ratio, 1e-9))))])}))


if __name__ == "__main__":
    if len(sys.argv) in (7, 8) and sys.argv[1] == "make":
        make(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
