#!/usr/bin/env bash
# The vocabulary pass as a user runs it (`embedscope-cli vocab`, whole process) against the shell's
# word count on the same input, interleaved in one run so that both see the same machine load:
#   - the plain file: vocab with 1 and 2 threads vs `wc -w`;
#   - each compressed form (.gz .xz .bz2 .zst .zip, made once in a temporary folder, or XZ given):
#     vocab with 2 threads vs the format's decompressor piped to `wc -w`; each vocabulary must be
#     byte for byte the plain file's (cmp), else the script fails.
# Prints the CPU model, the load before and after, then per command the median wall time of ROUNDS
# runs, MB/s of the decompressed text, the ratio to the reference (the `wc -w` row above it: plain
# `wc -w`, or the decompressor piped to it) and the median CPU time (user + sys of the whole
# command): on a loaded machine the wall clock also counts the time other processes held the
# cores, the CPU time does not.
#   usage: bench/vocab-formats.sh CORPUS.txt [ROUNDS (5)] [CORPUS.txt.xz to reuse]
#   env:   EMBEDSCOPE_CLI (default: build/app/embedscope-cli), TMPDIR for the archives
set -euo pipefail
corpus=${1:?usage: bench/vocab-formats.sh CORPUS.txt [ROUNDS] [CORPUS.txt.xz]}
rounds=${2:-5}
given_xz=${3:-}
cli=${EMBEDSCOPE_CLI:-$(dirname "$0")/../build/app/embedscope-cli}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
bytes=$(stat -c %s "$corpus")

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
gzip -c "$corpus" > "$work/c.txt.gz"
bzip2 -c "$corpus" > "$work/c.txt.bz2"
zstd -q -c "$corpus" > "$work/c.txt.zst"
if [ -n "$given_xz" ]; then cp "$given_xz" "$work/c.txt.xz"; else xz -T2 -c "$corpus" > "$work/c.txt.xz"; fi
cp "$corpus" "$work/c.txt"
(cd "$work" && zip -q c.txt.zip c.txt)

# name@@command (run by bash -c; its output goes to files in $work)
commands=(
    "wc -w@@wc -w < '$corpus' > $work/wc.out"
    "vocab 1 thread@@'$cli' vocab '$corpus' --threads 1 -o $work/plain1.tsv 2>/dev/null"
    "vocab 2 threads@@'$cli' vocab '$corpus' --threads 2 -o $work/plain.tsv 2>/dev/null"
    "zcat | wc -w@@zcat $work/c.txt.gz | wc -w > /dev/null"
    "vocab .gz@@'$cli' vocab $work/c.txt.gz --threads 2 -o $work/gz.tsv 2>/dev/null"
    "xzcat | wc -w@@xzcat $work/c.txt.xz | wc -w > /dev/null"
    "vocab .xz@@'$cli' vocab $work/c.txt.xz --threads 2 -o $work/xz.tsv 2>/dev/null"
    "bzcat | wc -w@@bzcat $work/c.txt.bz2 | wc -w > /dev/null"
    "vocab .bz2@@'$cli' vocab $work/c.txt.bz2 --threads 2 -o $work/bz2.tsv 2>/dev/null"
    "zstdcat | wc -w@@zstdcat $work/c.txt.zst | wc -w > /dev/null"
    "vocab .zst@@'$cli' vocab $work/c.txt.zst --threads 2 -o $work/zst.tsv 2>/dev/null"
    "unzip -p | wc -w@@unzip -p $work/c.txt.zip | wc -w > /dev/null"
    "vocab .zip@@'$cli' vocab $work/c.txt.zip --threads 2 -o $work/zip.tsv 2>/dev/null"
)
for ((round = 0; round < rounds; round++)); do
    for entry in "${commands[@]}"; do
        name=${entry%%@@*}
        TIMEFORMAT='%R %U %S'
        measured=$( { time bash -c "${entry#*@@}" ; } 2>&1 )
        read -r wall user sys <<< "$measured"
        echo "$name@@$wall@@$(echo "$user + $sys" | bc)" >> "$work/times"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

for format in plain1 gz xz bz2 zst zip; do
    cmp "$work/plain.tsv" "$work/$format.tsv" || { echo "vocabulary of $format differs"; exit 1; }
done
echo "vocabularies: all identical to the plain file's ($(wc -l < "$work/plain.tsv") words)"

# median NAME FIELD (2: wall, 3: CPU)
median() { awk -F'@@' -v name="$1" -v f="$2" '$1 == name {print $f}' "$work/times" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-18s %9s %9s %-11s %9s\n' command "wall s" "MB/s" "vs ref" "CPU s"
reference=""
for entry in "${commands[@]}"; do
    name=${entry%%@@*}
    seconds=$(median "$name" 2)
    cpu=$(median "$name" 3)
    case "$name" in
        "wc -w"|*"| wc -w") reference=$seconds; ratio="(reference)" ;;
        *) ratio="x$(echo "scale=2; $reference / $seconds" | bc | sed 's/^\./0./')" ;;
    esac
    printf '%-18s %9.3f %9.1f %-11s %9.3f\n' "$name" "$seconds" "$(echo "$bytes / 1000000 / $seconds" | bc -l)" "$ratio" "$cpu"
done
