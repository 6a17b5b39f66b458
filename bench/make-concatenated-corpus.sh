#!/bin/sh
# Writes the issue-19 benchmark corpus: wiki-17m concatenated N times (58: 1.0 billion words,
# 6 GB; 10: 170 million words). Never commit the result.
#   bench/make-concatenated-corpus.sh SOURCE.txt.xz COPIES OUT.txt
set -eu
if [ $# -ne 3 ]; then
    echo "usage: $0 SOURCE.txt.xz COPIES OUT.txt" >&2
    exit 2
fi
source=$1
copies=$2
out=$3
single="$out.one"
xz -dc "$source" >"$single"
: >"$out"
i=0
while [ "$i" -lt "$copies" ]; do
    cat "$single" >>"$out"
    i=$((i + 1))
done
rm -f "$single"
ls -l "$out"
