#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for a bounded time, starting
# from the seeds in tests/fuzz/<target>/ (copied: the repo's seeds are not modified). Prints the
# number of executions per target; exits non-zero when a target finds a crash (the reproducer is
# left in build-fuzz/findings/). Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
build_dir=${EMBEDSCOPE_FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DEMBEDSCOPE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=($(ls tests/fuzz))
fi
mkdir -p "$build_dir/findings"
status=0
for target in "${targets[@]}"; do
    work=$(mktemp -d)
    cp -r "tests/fuzz/$target/." "$work/"
    log="$build_dir/findings/$target.log"
    if "$build_dir/fuzz/$target" "$work" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
        -timeout=10 -artifact_prefix="$build_dir/findings/$target-" -print_final_stats=1 >"$log" 2>&1; then
        runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
        echo "$target: ok, ${runs:-?} executions in ${seconds}s"
    else
        echo "$target: FAILED (see $log)"; tail -30 "$log"; status=1
    fi
    rm -rf "$work"
done
exit $status
