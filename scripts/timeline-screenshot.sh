#!/usr/bin/env bash
# Renders the README's timeline screenshot (docs/screenshots/timeline-trails.png): starts
# Embedscope under a virtual X server (Xvfb) with a fresh configuration, lets it train on the
# built-in corpus until the run ends (the timeline bar then replays it; the Inspector shows "dog"),
# closes the Training and Corpus docks so that the plot is wide, selects words with Shift+drag
# rectangles (the first replaces the selection, the others add with Shift+Ctrl), sends the bar's
# cursor to the first frame, marks it with "Trail from here", steps to the middle of the run with
# Page Up and the arrow keys, and saves the plot and the bar.
#
# Where the word groups land differs from run to run (training on two threads is not
# deterministic): run it once with BOXES="" to see the plot (build/timeline-plain.png), then
# again with rectangles around the groups you want, e.g.
#   BOXES="426 109 564 288;449 633 576 703" STEPS=26 scripts/timeline-screenshot.sh
# (window pixels; STEPS: frames forward from the first, half the "N frames recorded").
# Needs a build in ${EMBEDSCOPE_BUILD_DIR:-build}, Xvfb, xdotool and ImageMagick (apt-get install
# xvfb xdotool imagemagick). EMBEDSCOPE_DISPLAY picks the X display (default :58).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${EMBEDSCOPE_BUILD_DIR:-build}
out=${OUT:-docs/screenshots/timeline-trails.png}
seconds=${SECONDS_TO_TRAIN:-45}
display=${EMBEDSCOPE_DISPLAY:-:58}
boxes=${BOXES:-}
steps=${STEPS:-0}
app="$build_dir/app/embedscope"
if [ ! -x "$app" ]; then
    echo "timeline-screenshot.sh: $app not found; build first (scripts/build.sh)" >&2
    exit 1
fi
for tool in Xvfb xdotool import convert; do
    command -v "$tool" >/dev/null || {
        echo "timeline-screenshot.sh: $tool is missing (apt-get install xvfb xdotool imagemagick)" >&2
        exit 1
    }
done

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
main=$(xdotool search --sync --onlyvisible --name "Embedscope" | awk 'NR == 1')
sleep 3
xdotool windowsize "$main" 1600 1000  # without a window manager it opens wider than the screen
sleep "$seconds"
# Close the two docks left of the plot (their close buttons stack at the same place).
for _ in 1 2; do
    xdotool mousemove 484 97 click 1
    sleep 0.7
done
if [ -z "$boxes" ]; then
    import -window root "$build_dir/timeline-plain.png"
    echo "wrote $build_dir/timeline-plain.png: choose BOXES and STEPS from it"
    exit 0
fi
modifier=shift
IFS=';' read -ra rectangles <<<"$boxes"
for rectangle in "${rectangles[@]}"; do
    read -r x1 y1 x2 y2 <<<"$rectangle"
    xdotool mousemove "$x1" "$y1"
    xdotool keydown "$modifier"
    xdotool mousedown 1
    for k in 1 2 3 4 5 6 7 8 9 10; do
        xdotool mousemove $((x1 + k * (x2 - x1) / 10)) $((y1 + k * (y2 - y1) / 10))
        sleep 0.05
    done
    xdotool mouseup 1
    xdotool keyup "$modifier"
    sleep 0.4
    modifier=shift+ctrl
done
# The slider's left end (a click gives it the keyboard), Home: the first frame; then "Trail
# from here" (where the bar puts it once the label reads "frame 1 of N").
xdotool mousemove 98 739 click 1
sleep 0.3
xdotool key Home
sleep 0.5
xdotool mousemove 672 740 click 1
sleep 0.4
for _ in $(seq $((steps / 10))); do
    xdotool key Prior
    sleep 0.2
done
for _ in $(seq $((steps % 10))); do
    xdotool key Right
    sleep 0.1
done
xdotool mousemove 1590 990  # no hover tooltip
sleep 1.5
import -window root "$out.full.png"
convert "$out.full.png" -crop 1108x760+0+0 +repage -strip "$out"
rm -f "$out.full.png"
echo "wrote $out"
