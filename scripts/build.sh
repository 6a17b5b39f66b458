#!/usr/bin/env bash
# Configures and builds Embedscope (Release) into build/ (or $EMBEDSCOPE_BUILD_DIR); with
# $EMBEDSCOPE_BUILD_TARGETS (names separated by spaces), only those targets and what they need.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${EMBEDSCOPE_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
if [ -n "${EMBEDSCOPE_BUILD_TARGETS:-}" ]; then
    # shellcheck disable=SC2086  # one word per target
    cmake --build "$build_dir" -j"$(nproc)" --target $EMBEDSCOPE_BUILD_TARGETS
else
    cmake --build "$build_dir" -j"$(nproc)"
fi
