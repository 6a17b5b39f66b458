#!/usr/bin/env bash
# Side-by-side run of Embedscope (classic and batched kernels), fastText and gensim on one corpus,
# evaluated with one evaluator; prints a markdown table. See compare_trainers.py for the options.
# Usage: bench/compare-trainers.sh [--corpus /tmp/wiki-17m.txt] [--epochs 5] [--threads 1,2] ...
# Unpacks the reference corpus to /tmp/wiki-17m.txt when no --corpus is given and it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus=/tmp/wiki-17m.txt
if [[ " $* " != *" --corpus "* && ! -f "$corpus" ]]; then
    xz -dc "$here/../../shared/data/corpus/wiki-17m.txt.xz" > "$corpus.partial.$$" 2>/dev/null ||
        xz -dc /work/shared/data/corpus/wiki-17m.txt.xz > "$corpus.partial.$$"
    mv "$corpus.partial.$$" "$corpus"
fi
command -v fasttext >/dev/null || { echo "compare-trainers.sh: fasttext is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "compare-trainers.sh: /usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }
exec /usr/bin/python3 "$here/compare_trainers.py" "$@"
