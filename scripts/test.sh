#!/usr/bin/env bash
# README command 2: install what is missing, build, run the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
ctest --test-dir "${EMBEDSCOPE_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
