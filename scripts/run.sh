#!/usr/bin/env bash
# README command 1: install what is missing, build, start Embedscope on the embedded default
# corpus (or on the corpus given as the first argument). Without a display, say so and run the
# same job headless with embedscope-cli.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build_dir=${EMBEDSCOPE_BUILD_DIR:-build}
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "${QT_QPA_PLATFORM:-}" = offscreen ]; then
    exec "$build_dir/app/embedscope" "$@"
fi
echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): training headless with embedscope-cli."
corpus=${1:-resources/default-corpus.txt}
out=$(mktemp -d)/vectors.csv
# The settings the app uses for the built-in corpus (ui/DefaultCorpusPreset.h), fewer epochs.
"$build_dir/app/embedscope-cli" train "$corpus" -o "$out" --min-count 3 --dim 50 --window 4 \
    --epochs 20
for word in dog red three france mother walk; do
    echo
    echo "Nearest to '$word':"
    "$build_dir/app/embedscope-cli" neighbors "$out" "$word" -k 5 || true
done
echo
echo "king - man + woman:"
"$build_dir/app/embedscope-cli" analogy "$out" man king woman -k 3 || true
echo "Vectors written to $out"
