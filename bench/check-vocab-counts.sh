#!/usr/bin/env bash
# Checks that `embedscope-cli vocab` counts exactly: its word<TAB>count list must equal a plain
# whitespace split of the corpus (awk), word for word and count for count, and its token total
# must equal awk's. Meant for corpora that are already normalised (lowercase, no punctuation),
# such as /work/shared/data/corpus/wiki-17m.txt.xz unpacked, where words mode and a whitespace
# split agree. Extra arguments go to embedscope-cli (e.g. --tokenize whitespace --no-lowercase
# for any corpus).
#   usage: bench/check-vocab-counts.sh CORPUS [MIN_COUNT [CLI ARGS...]]
#   env:   EMBEDSCOPE_CLI (default: build/app/embedscope-cli)
set -euo pipefail
corpus=${1:?usage: bench/check-vocab-counts.sh CORPUS [MIN_COUNT [CLI ARGS...]]}
min_count=${2:-5}
shift $(( $# >= 2 ? 2 : 1 ))
cli=${EMBEDSCOPE_CLI:-$(dirname "$0")/../build/app/embedscope-cli}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C

"$cli" vocab "$corpus" --min-count "$min_count" -o "$work/cli.tsv" "$@" 2> "$work/cli.log"
cat "$work/cli.log" >&2
cli_tokens=$(sed -n 's/.*, \([0-9]*\) tokens read,.*/\1/p' "$work/cli.log")

awk -v min="$min_count" -v totalfile="$work/awk.total" '
    { for (i = 1; i <= NF; i++) count[$i]++; tokens += NF }
    END {
        for (w in count) if (count[w] >= min) print w "\t" count[w]
        print tokens > totalfile
    }' "$corpus" | sort > "$work/awk.sorted"
sort "$work/cli.tsv" > "$work/cli.sorted"
awk_tokens=$(cat "$work/awk.total")

words=$(wc -l < "$work/cli.sorted")
if ! cmp -s "$work/cli.sorted" "$work/awk.sorted"; then
    echo "MISMATCH: embedscope-cli and a whitespace split disagree (first differences):" >&2
    diff "$work/cli.sorted" "$work/awk.sorted" | head -20 >&2
    exit 1
fi
if [ "$cli_tokens" != "$awk_tokens" ]; then
    echo "MISMATCH: embedscope-cli read $cli_tokens tokens, awk counted $awk_tokens" >&2
    exit 1
fi
echo "OK: $words words with count >= $min_count and $cli_tokens tokens, identical to a whitespace split"
