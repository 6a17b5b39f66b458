#!/usr/bin/env python3
"""Opens one word2vec text / fastText .vec file with Embedscope and with gensim, in one run, and
prints one JSON line with both times and their ratio (the issue asks for >= 30x on 100k x 300).

    bench/compare-open-gensim.py FILE [--bench build/bench/embedscope-bench] [--runs 3]

Embedscope: `embedscope-bench open-vectors FILE` (a fresh process per run, its own "seconds").
gensim: KeyedVectors.load_word2vec_format(FILE) timed inside this Python process, one load per
run. Each side's best of --runs is compared (the machine is shared, so the best is the least
disturbed). Needs python3-gensim (Debian 12: 4.2), run it with /usr/bin/python3.
"""
import argparse
import json
import os
import subprocess
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--bench", default="build/bench/embedscope-bench")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from gensim.models import KeyedVectors
    import gensim

    ours, theirs, rows = [], [], None
    for _ in range(args.runs):
        out = subprocess.run([args.bench, "open-vectors", args.file], check=True,
                             capture_output=True, text=True).stdout
        report = json.loads(out)
        ours.append(report["seconds"])
        rows = report["rows"]
        start = time.perf_counter()
        vectors = KeyedVectors.load_word2vec_format(args.file, binary=False)
        theirs.append(time.perf_counter() - start)
        assert len(vectors.index_to_key) == rows, "gensim read another number of rows"
        del vectors
    print(json.dumps({
        "benchmark": "open-vs-gensim", "file": os.path.basename(args.file), "rows": rows,
        "embedscope_s": round(min(ours), 3), "gensim_s": round(min(theirs), 3),
        "ratio": round(min(theirs) / min(ours), 1), "runs": args.runs,
        "gensim_version": gensim.__version__, "embedscope_runs_s": ours,
        "gensim_runs_s": [round(t, 3) for t in theirs], "cpu": report["cpu"],
        "load_average": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
