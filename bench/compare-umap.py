#!/usr/bin/python3
"""UMAP against umap-learn 0.5.3 (Debian's python3-umap-learn): time and 10-NN preservation.

    bench/compare-umap.py VECTORS.npy [--rows N] --ours LAYOUT.csv [--umap-out UMAP.csv]

VECTORS.npy is the table both laid out (its first N rows); LAYOUT.csv is ours
(`embedscope-bench umap ... -o`), word,x,y[,z] in row order. umap-learn runs with its defaults and
metric='cosine' (n_neighbors 15, min_dist 0.1, spectral init, all cores), timed after a warm-up fit
on 2,000 rows that compiles its numba code. Both layouts are scored by one function: for each
point, the fraction of its 10 nearest cosine neighbours in the table that are among its 10 nearest
Euclidean neighbours in the layout. Prints one JSON object.
"""
import argparse
import json
import time

import numpy as np


def nearest(points, k, cosine):
    """Every row's k nearest other rows, exactly, by blocks (cosine or Euclidean)."""
    x = points.astype(np.float64)
    if cosine:
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        x = x / np.where(norms > 0, norms, 1)
    squared = (x * x).sum(1)
    result = np.empty((len(x), k), dtype=np.int64)
    for start in range(0, len(x), 256):
        block = x[start:start + 256]
        if cosine:
            d = -block @ x.T
        else:
            d = squared[start:start + 256, None] - 2 * block @ x.T + squared[None, :]
        d[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
        part = np.argpartition(d, k, axis=1)[:, :k]
        result[start:start + len(block)] = part
    return result


def preservation(table, layout, k=10):
    """Mean fraction of each row's k cosine neighbours in table kept among its k in layout."""
    a = nearest(table, k, cosine=True)
    b = nearest(layout, k, cosine=False)
    return float(np.mean([len(set(a[i]) & set(b[i])) / k for i in range(len(a))]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("vectors")
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--ours", required=True)
    parser.add_argument("--umap-out")
    parser.add_argument("--skip-umap", action="store_true")
    args = parser.parse_args()
    table = np.load(args.vectors).astype(np.float32)
    if args.rows:
        table = table[:args.rows]
    ours = np.loadtxt(args.ours, delimiter=",", skiprows=1, usecols=(1, 2), comments=None)
    result = {"rows": len(table), "dim": table.shape[1], "ours_10nn": preservation(table, ours)}
    if not args.skip_umap:
        import umap
        umap.UMAP(metric="cosine").fit_transform(table[:2000])  # numba's JIT, untimed
        start = time.perf_counter()
        theirs = umap.UMAP(metric="cosine").fit_transform(table)
        result["umap_learn_s"] = time.perf_counter() - start
        result["umap_learn_10nn"] = preservation(table, theirs)
        result["umap_learn_version"] = umap.__version__ if hasattr(umap, "__version__") else "?"
        if args.umap_out:
            np.savetxt(args.umap_out, theirs, delimiter=",")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
