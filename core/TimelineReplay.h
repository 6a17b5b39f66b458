// Where the tracked words stood at each frame of a recorded training timeline (issue 18), for the
// replay: every frame projected onto one fixed basis, the principal axes of the final frame
// (PC1 and PC2, scaled by its RMS radius), so that movement on the plot is absolute: a word that
// drifts across the screen drifted in the embedding, not because the axes turned.
//
// The basis is fitted once (one PCA of the final frame, O(n D^2)); each frame then costs one
// n x D by D x 2 product, computed when asked for (a replay of 1,000 frames of 300 x 100 holds
// 120 MB of vectors already; positions are not cached twice).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "Projection.h"
#include "TrainingTimeline.h"

namespace embedscope {

class TimelineReplay {
public:
    // frames: each rows.size() x dim; at least one, with at least Projection::kMinRows rows, else
    // the replay is empty.
    TimelineReplay(std::vector<std::int32_t> rows,
                   std::shared_ptr<const std::vector<TimelineFrame>> frames);

    bool empty() const { return size() == 0; }
    int size() const { return frames_ ? static_cast<int>(frames_->size()) : 0; }
    const std::vector<std::int32_t>& rows() const { return rows_; }
    const TimelineFrame& frame(int index) const { return (*frames_)[std::size_t(index)]; }
    // The frames, shared: an export builds its own replay of them for its worker thread.
    const std::shared_ptr<const std::vector<TimelineFrame>>& frames() const { return frames_; }
    // rows().size() x 2 positions of frame index on the final frame's axes.
    RowMatrixXf positions(int index);
    // The variance share of each axis in the final frame.
    std::vector<double> explained() const { return explained_; }

private:
    std::vector<std::int32_t> rows_;
    std::shared_ptr<const std::vector<TimelineFrame>> frames_;
    Projection projection_;  // frozen on the final frame's basis
    std::vector<double> explained_;
};

}  // namespace embedscope
