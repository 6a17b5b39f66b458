#!/usr/bin/env bash
# Renders Help > Lesson step by step: starts Embedscope under a virtual X server (Xvfb) with a fresh
# configuration, opens the lesson from the Help menu with the keyboard (xdotool), types a sentence
# at step 4, saves the dialog at every step (lesson-step1.png .. lesson-step5.png) and the main
# window a few seconds after step 5 started the training (lesson-trained.png).
# Usage: scripts/lesson-screenshots.sh [OUTDIR]   (default build/lesson-screenshots; needs a build
# in ${EMBEDSCOPE_BUILD_DIR:-build}, Xvfb, xdotool and ImageMagick: apt-get install xvfb xdotool
# imagemagick). EMBEDSCOPE_DISPLAY picks the X display (default :57).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${EMBEDSCOPE_BUILD_DIR:-build}
out=${1:-$build_dir/lesson-screenshots}
display=${EMBEDSCOPE_DISPLAY:-:57}
app="$build_dir/app/embedscope"
if [ ! -x "$app" ]; then
    echo "lesson-screenshots.sh: $app not found; build first (scripts/build.sh)" >&2
    exit 1
fi
for tool in Xvfb xdotool import; do
    command -v "$tool" >/dev/null || {
        echo "lesson-screenshots.sh: $tool is missing (apt-get install xvfb xdotool imagemagick)" >&2
        exit 1
    }
done
mkdir -p "$out"

config=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$config"
}
trap cleanup EXIT
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
export DISPLAY=$display
XDG_CONFIG_HOME="$config" QT_QPA_PLATFORM=xcb "$app" >/dev/null 2>&1 &
app_pid=$!
# Without a window manager nothing has the keyboard focus: give it to each window in turn.
main=$(xdotool search --sync --onlyvisible --name "— Embedscope" | awk 'NR == 1')
sleep 3
xdotool windowfocus "$main"
xdotool key alt+h
sleep 0.5
xdotool key l
dialog=$(xdotool search --sync --onlyvisible --name "Lesson: one-hot" | awk 'NR == 1')
sleep 1
xdotool windowfocus "$dialog"
for step in 1 2 3 4 5; do
    if [ "$step" = 4 ]; then
        xdotool type --delay 20 "my cat likes fish and I like my cat"
        sleep 0.5
    fi
    import -window "$dialog" "$out/lesson-step$step.png"
    xdotool key --window "$dialog" alt+n
    sleep 0.7
done
xdotool key --window "$dialog" alt+t
sleep 6
import -window root "$out/lesson-trained.png"
echo "wrote $out/lesson-step1.png .. lesson-step5.png and lesson-trained.png"
