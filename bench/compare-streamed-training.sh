#!/bin/sh
# Issue 19: whole-process words/s and peak RSS of `embedscope-cli train` (1 epoch, defaults,
# 2 threads) on a big corpus (streamed) against the same command on wiki-17m alone (in memory),
# in one run. Make the big corpus with bench/make-concatenated-corpus.sh.
#   bench/compare-streamed-training.sh CLI SMALL.txt BIG.txt [OUTDIR] [extra train options]
set -eu
if [ $# -lt 3 ]; then
    echo "usage: $0 CLI SMALL.txt BIG.txt [OUTDIR] [train options]" >&2
    exit 2
fi
cli=$1
small=$2
big=$3
out=${4:-/tmp/embedscope-streamed-bench}
shift 3
[ $# -gt 0 ] && shift
mkdir -p "$out"
lscpu | grep 'Model name'
echo "load before: $(uptime)"
run() {
    name=$1
    corpus=$2
    shift 2
    /usr/bin/time -v "$cli" train "$corpus" -o "$out/$name.vec" --epochs 1 --threads 2 "$@" \
        >"$out/$name.log" 2>&1
    words=$(grep -o 'on [0-9]* words' "$out/$name.log" | tr -dc 0-9)
    wall=$(grep 'Elapsed (wall clock)' "$out/$name.log" | awk '{print $NF}')
    seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(grep 'Maximum resident set size' "$out/$name.log" | awk '{print $NF}')
    user=$(grep 'User time (seconds)' "$out/$name.log" | awk '{print $NF}')
    sys=$(grep 'System time (seconds)' "$out/$name.log" | awk '{print $NF}')
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    cpuRate=$(awk -v w="$words" -v c="$cpu" 'BEGIN { printf "%.0f", w / c }')
    mode=$(grep -o 'streamed: ids in a [0-9.]* GB file\|ids in memory ([0-9]* MB)' "$out/$name.log")
    rate=$(awk -v w="$words" -v s="$seconds" 'BEGIN { printf "%.0f", w / s }')
    echo "$name: $words words in $seconds s = $rate words/s (whole process), $cpu CPU-s = $cpuRate words/CPU-s, peak RSS $((rss / 1024)) MB, $mode; $(uptime | sed 's/.*load/load/')"
    echo "$rate $cpuRate" >"$out/$name.rate"
}
# The small corpus before and after the big one: on a shared machine the load drifts, and the
# mean of the two brackets it. CPU time (words/CPU-s) is the figure that load changes least.
run small "$small" "$@"
run big "$big" "$@"
run small-after "$small" "$@"
cat "$out/small.rate" "$out/small-after.rate" "$out/big.rate" | tr '\n' ' ' |
    awk '{ printf "big / small words/s (wall): %.3f; words/CPU-s: %.3f\n", $5 / (($1 + $3) / 2), $6 / (($2 + $4) / 2) }'
echo "load after: $(uptime)"
