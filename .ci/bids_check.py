#!/usr/bin/env python3
"""An independent check of SAN2N's BIDS derivatives, with nibabel and json (Debian has no pybids).

Usage: bids_check.py BIDS_DIR OUTPUT_DIR [--failed sub-XX ...]

For every raw DWI scan sub-*/[ses-*/]dwi/*_dwi.nii[.gz] of BIDS_DIR (a subject named with --failed must have
failed instead) it checks, without SAN2N's code: the derivative's name (the raw entities + desc-denoised, in the same
folder), that nibabel reads it as float32 with the raw scan's shape and affine, that its .bval/.bvec equal the raw
ones (found as BIDS inheritance finds them), and its JSON sidecar (Sources as bids:raw: URIs of files that exist,
method, a finite noise_sigma, a passed output check, seconds, software and version, and the raw metadata inherited).
Then dataset_description.json (Name, BIDSVersion, DatasetType derivative, GeneratedBy with name, version and settings),
that no other file is in the derivatives' subject folders, and group_dwi.tsv if it is there (one row per scan, the
failed subjects failed). Exits 1 with one line per problem.
"""
import json
import math
import os
import re
import sys
from pathlib import Path

import nibabel as nib
import numpy as np

ENTITY = r"[a-zA-Z0-9]+-[a-zA-Z0-9]+"
problems = []


def problem(msg):
    problems.append(msg)
    print("PROBLEM:", msg)


def entities(name):
    """(entities, suffix) of a BIDS name; (None, None) for a name that is not one (dataset_description.json)."""
    parts = name.split(".")[0].split("_")
    if not all(re.fullmatch(ENTITY, p) for p in parts[:-1]):
        return None, None
    return dict(p.split("-", 1) for p in parts[:-1]), parts[-1]


def inherited(bids, scan, ext):
    """The nearest applicable NAME.ext, from the scan's folder up to the dataset's (BIDS inheritance)."""
    ents, suffix = entities(scan.name)
    folder = scan.parent
    while True:
        hits = []
        for f in sorted(folder.iterdir()):
            if not f.is_file() or not f.name.endswith(ext) or f.name[: -len(ext)].count(".") > 0:
                continue
            e, s = entities(f.name)
            if e is not None and s == suffix and all(ents.get(k) == v for k, v in e.items()):
                hits.append(f)
        if len(hits) > 1:
            problem(f"{scan}: several {ext} apply at {folder}")
        if hits:
            return hits[0]
        if folder == bids:
            return None
        folder = folder.parent


def metadata(bids, scan):
    chain, folder = [], scan.parent
    while True:
        f = inherited_at(folder, scan)
        if f:
            chain.append(f)
        if folder == bids:
            break
        folder = folder.parent
    merged = {}
    for f in reversed(chain):
        merged.update(json.loads(f.read_text()))
    return merged


def inherited_at(folder, scan):
    ents, suffix = entities(scan.name)
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.name.endswith(".json"):
            e, s = entities(f.name)
            if e is not None and s == suffix and all(ents.get(k) == v for k, v in e.items()):
                return f
    return None


def main():
    args = sys.argv[1:]
    failed = set()
    if "--failed" in args:
        i = args.index("--failed")
        failed = {a.replace("sub-", "") for a in args[i + 1:]}
        args = args[:i]
    bids, out = Path(args[0]).resolve(), Path(args[1]).resolve()

    d = json.loads((out / "dataset_description.json").read_text())
    for key in ("Name", "BIDSVersion", "DatasetType", "GeneratedBy"):
        if key not in d:
            problem(f"dataset_description.json has no {key}")
    if d.get("DatasetType") != "derivative":
        problem(f"DatasetType is {d.get('DatasetType')!r}, not 'derivative'")
    gen = (d.get("GeneratedBy") or [{}])[0]
    if gen.get("Name") != "SAN2N" or not gen.get("Version") or not isinstance(gen.get("Settings"), dict) or "method" not in gen["Settings"]:
        problem(f"GeneratedBy lacks name, version or settings: {gen}")

    scans = sorted(p for p in bids.glob("sub-*/dwi/*_dwi.nii*")) + sorted(bids.glob("sub-*/ses-*/dwi/*_dwi.nii*"))
    expected = set()
    for scan in scans:
        rel = scan.relative_to(bids)
        ents, _ = entities(scan.name)
        stem = scan.name.split(".")[0][: -len("_dwi")]
        target_dir = out / rel.parent
        base = target_dir / f"{stem}_desc-denoised_dwi"
        files = {ext: Path(str(base) + ext) for ext in (".nii.gz", ".bval", ".bvec", ".json")}
        if ents["sub"] in failed:
            if any(f.exists() for f in files.values()):
                problem(f"{rel}: the broken scan has outputs")
            continue
        expected.update(files.values())
        missing = [str(f) for f in files.values() if not f.exists()]
        if missing:
            problem(f"{rel}: missing {missing}")
            continue
        raw, den = nib.load(str(scan)), nib.load(str(files[".nii.gz"]))
        if den.shape != raw.shape:
            problem(f"{rel}: shape {den.shape} != raw {raw.shape}")
        if den.get_data_dtype() != np.float32:
            problem(f"{rel}: dtype {den.get_data_dtype()}")
        if not np.allclose(den.affine, raw.affine, atol=1e-5):
            problem(f"{rel}: affine differs")
        data = np.asarray(den.dataobj)
        if not np.all(np.isfinite(data)) or data.min() < 0 or np.array_equal(data, np.asarray(raw.dataobj, dtype=np.float32)):
            problem(f"{rel}: the denoised voxels are not finite, negative, or the raw scan's")
        for ext in (".bval", ".bvec"):
            src = inherited(bids, scan, ext)
            if src is None or np.loadtxt(src).tolist() != np.loadtxt(files[ext]).tolist():
                problem(f"{rel}: {ext} differs from the raw {src}")
        side = json.loads(files[".json"].read_text())
        for key in ("Sources", "method", "noise_sigma", "output_check", "output_check_passed", "seconds", "software"):
            if key not in side:
                problem(f"{rel}: the sidecar has no {key}")
        for uri in side.get("Sources", []):
            if not uri.startswith("bids:raw:") or not (bids / uri[len("bids:raw:"):]).exists():
                problem(f"{rel}: Source {uri} is not a bids:raw: URI of a file in the dataset")
        if f"bids:raw:{rel.as_posix()}" not in side.get("Sources", []):
            problem(f"{rel}: Sources does not name the raw scan")
        if not (isinstance(side.get("noise_sigma"), (int, float)) and math.isfinite(side["noise_sigma"]) and side["noise_sigma"] > 0):
            problem(f"{rel}: noise_sigma {side.get('noise_sigma')}")
        if side.get("output_check_passed") is not True:
            problem(f"{rel}: output check not passed: {side.get('output_check')}")
        for k, v in metadata(bids, scan).items():
            if side.get(k) != v:
                problem(f"{rel}: the raw metadata {k}={v!r} is not in the sidecar")

    for f in out.rglob("*"):
        if f.is_file() and f.relative_to(out).parts[0].startswith("sub-") and f not in expected:
            problem(f"unexpected file {f.relative_to(out)}")
        if f.is_file() and f.parts[-1].startswith("sub-") and not re.fullmatch(
                rf"sub-[a-zA-Z0-9]+(_{ENTITY})*_desc-denoised_dwi\.(nii\.gz|bval|bvec|json)", f.name) and "logs" not in f.parts:
            problem(f"{f.name} is not a BIDS derivative name")

    tsv = out / "group_dwi.tsv"
    if tsv.exists():
        lines = tsv.read_text().splitlines()
        header = lines[0].split("\t")
        rows = [dict(zip(header, l.split("\t"))) for l in lines[1:]]
        if len(rows) != len(scans):
            problem(f"group_dwi.tsv has {len(rows)} rows for {len(scans)} scans")
        for r in rows:
            want = "failed" if r["subject"] in failed else "done"
            if r["status"] != want:
                problem(f"group_dwi.tsv: {r['scan']} is {r['status']}, not {want}")
            if want == "done" and (r["output_check"] != "passed" or r["noise_sigma"] == "n/a" or r["seconds"] == "n/a"):
                problem(f"group_dwi.tsv: {r['scan']} lacks its check, σ or time: {r}")
            if want == "failed" and r["reason"] == "n/a":
                problem(f"group_dwi.tsv: {r['scan']} failed without a reason")

    print(f"bids_check: {len(scans)} raw scans, {len(expected) // 4} derivatives checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
