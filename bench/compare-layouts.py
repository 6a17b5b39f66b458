#!/usr/bin/env python3
"""Times `embedscope-cli layout` (t-SNE, UMAP) against scikit-learn's TSNE and umap-learn, in one
run, and compares the layouts' 10-NN preservation. Prints one JSON line per measurement and a
summary line at the end.

    bench/compare-layouts.py --wiki WIKI.npy --synthetic SYNTH.vec
        [--cli build/app/embedscope-cli] [--rows 10000] [--large-rows 100000] [--threads 2]
        [--skip sklearn,umap,large]

WIKI.npy: the vectors of a word2vec run on wiki-17m (skip-gram, dim 100, 1 epoch), rows in
frequency order (`embedscope-cli train ... -o WIKI.npy` writes WIKI.vocab.txt beside it); the first
--rows are laid out. SYNTH.vec: the synthetic clustered set (bench/make-vectors.py --dim 100); the
first --large-rows are laid out by ours only.

Ours: the whole `embedscope-cli layout VECTORS --method tsne --rows N --threads T` process (reading
the file, the kNN graph, the optimisation, writing the CSV), wall time. scikit-learn 1.2:
TSNE(metric='cosine', init='pca', learning_rate='auto', n_jobs=T).fit_transform alone. umap-learn
0.5.3: UMAP(metric='cosine', n_jobs=T).fit_transform alone, after a warm-up fit on 2,000 rows
that compiles its numba code; ours with --method umap unless the CLI says "not built yet".

10-NN preservation: for each query point, the fraction of its 10 nearest neighbours by cosine in
the input that are among its 10 nearest by Euclidean distance in the layout (exact, the same
function for every layout); every point is a query up to 10,000 rows, else an even sample of
10,000. Needs Debian's python3-sklearn and umap-learn: run it with /usr/bin/python3.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

QUERY_LIMIT = 10000
K = 10


def top_k(queries, points, k, cosine, query_ids):
    """Indices of the k nearest rows of points for each query (never the query itself)."""
    if cosine:
        points = points / np.maximum(np.linalg.norm(points, axis=1, keepdims=True), 1e-30)
        queries = queries / np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-30)
    sq = (points.astype(np.float64) ** 2).sum(axis=1)
    result = np.empty((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), 256):
        q = queries[start:start + 256].astype(np.float64)
        if cosine:
            score = -(q @ points.T.astype(np.float64))  # smaller is nearer
        else:
            score = sq[None, :] - 2.0 * (q @ points.T.astype(np.float64))
        ids = query_ids[start:start + 256]
        score[np.arange(len(q)), ids] = np.inf
        part = np.argpartition(score, k, axis=1)[:, :k]
        result[start:start + 256] = part
    return result


def knn_preservation(vectors, layout, k=K):
    n = len(vectors)
    query_ids = np.arange(n) if n <= QUERY_LIMIT else (np.arange(QUERY_LIMIT) * n) // QUERY_LIMIT
    high = top_k(vectors[query_ids], vectors, k, True, query_ids)
    low = top_k(layout[query_ids], layout, k, False, query_ids)
    hits = [len(set(a) & set(b)) for a, b in zip(high, low)]
    return float(np.mean(hits)) / k


def read_layout(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["word", "x", "y"], rows[0]
    return [r[0] for r in rows[1:]], np.array([[float(v) for v in r[1:]] for r in rows[1:]])


def run_ours(cli, vectors_path, method, rows, threads, tmp):
    out = os.path.join(tmp, f"{method}-{rows}.csv")
    command = [cli, "layout", vectors_path, "--method", method, "--rows", str(rows),
               "--threads", str(threads), "--seed", "1", "-o", out]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        if "not built yet" in done.stderr:
            return None, None
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    words, layout = read_layout(out)
    assert len(words) == rows, (len(words), rows)
    return seconds, layout


def load_npy(path, rows):
    return np.load(path, mmap_mode="r")[:rows].astype(np.float32)


def load_vec(path, rows):
    values = []
    with open(path, encoding="utf-8") as f:
        f.readline()
        for _, line in zip(range(rows), f):
            values.append(line.rstrip().split(" ")[1:])
    return np.array(values, dtype=np.float32)


def emit(record, summary):
    record["load_average"] = round(os.getloadavg()[0], 2)
    print(json.dumps(record), flush=True)
    summary.append(record)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wiki", required=True)
    parser.add_argument("--synthetic", required=True)
    parser.add_argument("--cli", default="build/app/embedscope-cli")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--large-rows", type=int, default=100000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip", default="", help="comma-separated: sklearn, umap, large")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown")
    summary = []
    wiki = load_npy(args.wiki, args.rows)
    base = {"data": f"wiki-17m sg100 first {args.rows}", "rows": args.rows,
            "threads": args.threads}
    with tempfile.TemporaryDirectory() as tmp:
        rng = np.random.default_rng(1)
        emit(dict(base, method="random layout (floor)",
                  knn10=round(knn_preservation(wiki, rng.normal(size=(len(wiki), 2))), 4)),
             summary)
        seconds, layout = run_ours(args.cli, args.wiki, "tsne", args.rows, args.threads, tmp)
        emit(dict(base, method="embedscope tsne (whole process)", seconds=round(seconds, 2),
                  knn10=round(knn_preservation(wiki, layout), 4)), summary)
        if "sklearn" not in skip:
            import sklearn
            from sklearn.manifold import TSNE
            tsne = TSNE(n_components=2, metric="cosine", init="pca", learning_rate="auto",
                        n_jobs=args.threads, random_state=1)
            start = time.perf_counter()
            layout = tsne.fit_transform(wiki)
            seconds = time.perf_counter() - start
            emit(dict(base, method=f"sklearn {sklearn.__version__} TSNE fit",
                      seconds=round(seconds, 2), knn10=round(knn_preservation(wiki, layout), 4)),
                 summary)
        if "umap" not in skip:
            import umap
            umap.UMAP(metric="cosine", n_jobs=args.threads).fit_transform(wiki[:2000])  # JIT
            start = time.perf_counter()
            layout = umap.UMAP(metric="cosine", n_jobs=args.threads).fit_transform(wiki)
            seconds = time.perf_counter() - start
            emit(dict(base, method=f"umap-learn {umap.__version__} fit (warm)",
                      seconds=round(seconds, 2), knn10=round(knn_preservation(wiki, layout), 4)),
                 summary)
            seconds, layout = run_ours(args.cli, args.wiki, "umap", args.rows, args.threads, tmp)
            if seconds is None:
                emit(dict(base, method="embedscope umap", skipped="not built yet"), summary)
            else:
                emit(dict(base, method="embedscope umap (whole process)",
                          seconds=round(seconds, 2),
                          knn10=round(knn_preservation(wiki, layout), 4)), summary)
        if "large" not in skip:
            synthetic = load_vec(args.synthetic, args.large_rows)
            seconds, layout = run_ours(args.cli, args.synthetic, "tsne", args.large_rows,
                                       args.threads, tmp)
            emit({"data": f"synthetic clustered first {args.large_rows}",
                  "rows": args.large_rows, "threads": args.threads,
                  "method": "embedscope tsne (whole process)", "seconds": round(seconds, 2),
                  "knn10": round(knn_preservation(synthetic, layout), 4)}, summary)
    times = {r["method"]: r.get("seconds") for r in summary if r["rows"] == args.rows}
    ours, theirs = times.get("embedscope tsne (whole process)"), None
    for method, seconds in times.items():
        if method.startswith("sklearn"):
            theirs = seconds
    print(json.dumps({"summary": "compare-layouts", "cpu": cpu,
                      "tsne_speedup_vs_sklearn": round(theirs / ours, 1) if theirs else None,
                      "load_average": [round(v, 2) for v in os.getloadavg()]}), flush=True)


if __name__ == "__main__":
    main()
