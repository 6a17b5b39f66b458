#!/usr/bin/env bash
# Renders the README screenshots: starts Embedscope under a virtual X server (Xvfb) on the built-in
# corpus, lets it train for a while, and saves the window as PNG.
# Usage: scripts/screenshots.sh [SECONDS]   (default 12; needs xvfb-run and a build in
# ${EMBEDSCOPE_BUILD_DIR:-build})
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${EMBEDSCOPE_BUILD_DIR:-build}
seconds=${1:-12}
app="$build_dir/app/embedscope"
if [ ! -x "$app" ]; then
    echo "screenshots.sh: $app not found; build first (scripts/build.sh)" >&2
    exit 1
fi
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run is missing (apt-get install xvfb)" >&2; exit 1; }

# A fresh configuration directory: the shot shows the default layout, not a remembered one.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
mkdir -p docs/screenshots
out=docs/screenshots/main-window.png
XDG_CONFIG_HOME="$config" QT_QPA_PLATFORM=xcb timeout $((seconds + 60)) \
    xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$app" --screenshot "$out.tmp" --after "$seconds"
mv "$out.tmp" "$out"
echo "wrote $out"
