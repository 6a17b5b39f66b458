// Where the tracked words stood at each frame of a recorded training timeline (issue 18), for the
// replay, in one of two projections:
// - Fixed axes (the default): every frame projected onto one basis, the principal axes (PC1 and
//   PC2, centred and scaled by the RMS radius) of one frame: the final frame's, or a frame the
//   user chose ("use this frame's axes"). Movement on the plot is absolute: a word that drifts
//   across the screen drifted in the embedding, not because the axes turned. The basis is fitted
//   once (one PCA of that frame, O(n D^2)); each frame then costs one n x D by D x 2 product,
//   computed when asked for (a replay of 1,000 frames of 300 x 100 holds 120 MB of vectors
//   already; positions are not cached twice).
// - Aligned per frame, as the live plot shows training: each frame gets its own PCA, turned
//   towards the previous frame's basis by orthogonal Procrustes, with the RMS radius smoothed
//   (core/Projection, the live plot's own code). The shape of the cloud is seen at its clearest,
//   but a common rotation of all words is not seen. Each frame depends on the ones before it, so
//   frames are projected in order, from the first up to the one asked for, and their positions
//   kept (n x 2 floats a frame: 2.4 MB for 1,000 frames of 300 words): scrubbing back costs
//   nothing, scrubbing forward one PCA a new frame.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "Projection.h"
#include "TrainingTimeline.h"

namespace embedscope {

enum class ReplayAxes { Fixed, Aligned };

class TimelineReplay {
public:
    // frames: each rows.size() x dim; at least one, with at least Projection::kMinRows rows, else
    // the replay is empty. Starts on the final frame's fixed axes.
    TimelineReplay(std::vector<std::int32_t> rows,
                   std::shared_ptr<const std::vector<TimelineFrame>> frames);

    bool empty() const { return size() == 0; }
    int size() const { return frames_ ? static_cast<int>(frames_->size()) : 0; }
    const std::vector<std::int32_t>& rows() const { return rows_; }
    const TimelineFrame& frame(int index) const { return (*frames_)[std::size_t(index)]; }
    // The frames, shared.
    const std::shared_ptr<const std::vector<TimelineFrame>>& frames() const { return frames_; }

    ReplayAxes axes() const { return axes_; }
    void setAxes(ReplayAxes axes) {
        if (axes != axes_)
            ++projectionVersion_;
        axes_ = axes;
    }
    // The frame whose principal axes the fixed projection uses (the last one at first). An index
    // outside the frames means the last.
    int basisFrame() const { return basisFrame_; }
    void setBasisFrame(int index);

    // rows().size() x 2 positions of frame index in the chosen projection. Not const: the fixed
    // projection reuses its workspace and the aligned one extends its cache. A copy of the replay
    // (for an export's worker thread) projects the same way on its own.
    RowMatrixXf positions(int index);
    // The positions of some of the rows only: members.size() x 2, row m being row members[m] of
    // positions(index) (members: indices into rows()). On fixed axes only those rows are
    // projected (members.size() x D x 2 products instead of rows().size()); aligned, they are
    // read from the frame's aligned positions.
    RowMatrixXf positionsOf(int index, const std::vector<int>& members);
    // Changes whenever the projection does (the axes, the basis frame): positions computed
    // before are stale.
    std::uint64_t projectionVersion() const { return projectionVersion_; }
    // The variance share of each axis: of the basis frame (fixed), of the frame (aligned).
    std::vector<double> explained(int index);

private:
    void alignUpTo(int index);

    std::vector<std::int32_t> rows_;
    std::shared_ptr<const std::vector<TimelineFrame>> frames_;
    ReplayAxes axes_ = ReplayAxes::Fixed;
    int basisFrame_ = -1;
    Projection fixed_;         // frozen on basisFrame_'s basis
    double fixedScale_ = 1.0;  // the basis frame's RMS radius, which divides every frame's
    std::uint64_t projectionVersion_ = 0;
    std::vector<double> fixedExplained_;
    Projection live_;                       // the aligned projection, advanced frame by frame
    std::vector<ProjectionFrame> aligned_;  // frames 0..aligned_.size()-1, aligned
};

}  // namespace embedscope
