// Trails of chosen words over a replayed span (issue 18): where each word stood in every frame
// from the span's start (where play started, or a marked start) to the cursor, as the replay
// projects them (fixed axes or aligned per frame, TimelineReplay), so that the plot can draw the
// path each word travelled while the user watches the timeline.
//
// The cost is capped: at most kMaxWords words (the first ones asked for) and kMaxFrames frames
// a trail (a longer span is sampled evenly, its two ends always in it). Positions are kept per
// word and frame once computed, so scrubbing on by a frame computes one frame's positions of the
// trailed words (kMaxWords x D x 2 multiply-adds at most) and copies the rest; a new projection
// (other axes or basis) or another replay starts the cache afresh.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "TimelineReplay.h"
#include "Types.h"

namespace embedscope {

struct ReplayTrail {
    std::int32_t row = -1;    // the word's table row
    std::vector<int> frames;  // the frames the trail passes, from the span's start to the cursor
    RowMatrixXf positions;    // frames.size() x 2: where the replay placed the word in each
};

class ReplayTrails {
public:
    static constexpr int kMaxWords = 50;
    static constexpr int kMaxFrames = 1000;

    // The frames of a trail from frame `from` to frame `to` (either order; both included): each
    // one when there are at most kMaxFrames, else kMaxFrames spread evenly. Empty if either is
    // negative.
    static std::vector<int> sampledFrames(int from, int to);

    // The trails of rows (table rows; rows the replay does not track are left out, and any after
    // the first kMaxWords tracked ones, and repeats) from frame `from` to frame `to` of replay.
    std::vector<ReplayTrail> trails(TimelineReplay& replay, const std::vector<std::int32_t>& rows,
                                    int from, int to);
    // Forgets every position computed (the replay's frames are about to go).
    void clear();

private:
    const TimelineReplay* replay_ = nullptr;          // the replay the cache is of (compared only)
    std::uint64_t version_ = 0;                       // its projectionVersion() then
    std::unordered_map<std::int32_t, int> memberOf_;  // table row -> index into replay rows
    // Per member: 2 floats a frame, NaN where not computed yet.
    std::unordered_map<int, std::vector<float>> cache_;
};

}  // namespace embedscope
