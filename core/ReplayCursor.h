// The state of a training run at the replay's cursor (issue 18): one recorded frame, the tracked
// words' vectors at that moment, so that the Inspector and the neighbours panel can show what the
// plot shows while the user scrubs. A timeline records only the tracked words, so neighbours at
// the cursor are found among them (an exact cosine scan of a few hundred rows); a word that was
// not tracked has no recorded past.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "NeighbourIndex.h"
#include "TrainingTimeline.h"

namespace embedscope {

class ReplayCursor {
public:
    // rows: the table rows of frame's vectors, in order; index: the frame's 0-based place among
    // count frames.
    ReplayCursor(std::vector<std::int32_t> rows, TimelineFrame frame, int index, int count);

    const std::vector<std::int32_t>& rows() const { return rows_; }
    const TimelineFrame& frame() const { return frame_; }
    int index() const { return index_; }
    int count() const { return count_; }

    // Whether the table row was tracked (has vectors in the frame).
    bool tracks(std::int32_t row) const { return position_.count(row) > 0; }
    // The rows x dim vectors of table rows at this frame, in the given order; untracked rows are
    // left out (so the result may have fewer rows), and keptRows receives the rows kept.
    RowMatrixXf vectorsOf(const std::vector<std::int32_t>& rows,
                          std::vector<std::int32_t>* keptRows = nullptr) const;
    // The k tracked words most (nearest) or least (farthest) like a tracked row at this frame,
    // by cosine, the row itself left out; Neighbour::index is a table row. Empty for a row that
    // was not tracked.
    std::vector<Neighbour> nearest(std::int32_t row, int k) const;
    std::vector<Neighbour> farthest(std::int32_t row, int k) const;

private:
    std::vector<std::int32_t> rows_;
    TimelineFrame frame_;
    int index_;
    int count_;
    std::unordered_map<std::int32_t, int> position_;  // table row -> row of the frame
    NeighbourIndex frameIndex_;                       // over the frame's vectors
};

}  // namespace embedscope
