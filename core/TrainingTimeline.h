// The training timeline: frames of the tracked words' vectors recorded while training runs, so
// that a run can be replayed later (issue 18). Each frame holds the training time
// (TrainingProgress::elapsedSeconds, pauses excluded), the metrics beside it and the
// rows x dim matrix of the tracked rows of the input table (Trainer::snapshot).
//
// Recording policy, within a byte budget B (default 200 MB):
// - A frame takes F = rows * dim * 4 + sizeof(FrameMetrics) bytes, so the timeline holds at most
//   N = floor(B / F) frames (at least 2, else the constructor throws: the budget cannot hold a
//   run's first and last state).
// - Time is cut into slots of length I (the interval, 1/20 s at first: 20 frames a second, twice
//   what a smooth replay of the start needs). A frame offered at time t is kept when it falls in
//   a later slot than the last kept frame: floor(t / I) > floor(t_last / I). At most one frame a
//   slot, so frames are at most I apart (as long as offers come at least that often) and at least
//   "the next slot" apart.
// - When a frame is to be kept but N frames are held, the interval doubles (I := 2I) and the held
//   frames are thinned to one a slot of the new length: walking in time order, the first frame is
//   kept, and each later one only if it starts a new slot of length 2I. A slot of 2I covers two
//   old slots, each of which held at most one frame, so about half the frames go; this repeats
//   until there is room. The offered frame is then kept if it still starts a new slot.
// - So after k doublings the frames are spread about evenly over the whole run [0, t], I * 2^k
//   apart, between N/2 and N of them: the start of the run is thinned like its end, the first
//   frame always stays, and memory never passes B. The run's final state is added with
//   addFinal(), which keeps it whatever its slot (thinning first when full).
//
// A frame's vectors are shared and never change once recorded: copying the frames (to the
// timeline bar on every pause, to a session being saved) copies a pointer a frame, so the
// timeline's memory stays within the budget instead of doubling or tripling.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "Trainer.h"
#include "Types.h"

namespace embedscope {

// The metrics recorded with each frame (what a quality-over-time chart draws).
struct FrameMetrics {
    double seconds = 0;  // training time, pauses excluded
    double loss = 0;
    double learningRate = 0;
    double wordsPerSecond = 0;
    double fraction = 0;  // of the whole run, 0..1
    int epoch = 0;        // 1-based
    std::uint64_t wordsProcessed = 0;
    // The latest evaluation of the run's vectors before this frame (TrainingEvaluator): analogy
    // accuracy (0..1) and word-pair Spearman (-1..1); NaN when none was made.
    double analogyAccuracy = std::numeric_limits<double>::quiet_NaN();
    double spearman = std::numeric_limits<double>::quiet_NaN();

    static FrameMetrics from(const TrainingProgress& progress);
};

bool operator==(const FrameMetrics& a, const FrameMetrics& b);

struct TimelineFrame {
    FrameMetrics metrics;
    // rows x dim, row i is tracked row rows()[i]; shared between copies of the frame, read-only.
    std::shared_ptr<const RowMatrixXf> vectors;
};

class TrainingTimeline {
public:
    static constexpr std::size_t kDefaultBudgetBytes = std::size_t(200) << 20;
    static constexpr double kInitialInterval = 1.0 / 20;

    // rows: the tracked rows of the input table; dim: its columns. Throws Error when the budget
    // cannot hold two frames.
    TrainingTimeline(std::vector<std::int32_t> rows, int dim,
                     std::size_t budgetBytes = kDefaultBudgetBytes,
                     double initialInterval = kInitialInterval);

    // Whether a frame at this training time would be kept: lets the caller skip the snapshot.
    bool wants(double seconds) const;
    // Keeps the frame if it starts a new slot (thinning the held frames first when full); returns
    // whether it was kept. vectors must be rows().size() x dim().
    // vectors must be non-null.
    bool offer(const FrameMetrics& metrics, std::shared_ptr<const RowMatrixXf> vectors);
    bool offer(const FrameMetrics& metrics, RowMatrixXf vectors);
    // The run's last state: always kept (thinning first when full), unless a frame with the same
    // training time and words processed is already the last one.
    void addFinal(const FrameMetrics& metrics, std::shared_ptr<const RowMatrixXf> vectors);
    void addFinal(const FrameMetrics& metrics, RowMatrixXf vectors);

    const std::vector<std::int32_t>& rows() const { return rows_; }
    int dim() const { return dim_; }
    const std::vector<TimelineFrame>& frames() const { return frames_; }
    // A copy of frames() shares their vectors. Hands the frames over (to a session being saved),
    // leaving the timeline empty.
    std::vector<TimelineFrame> takeFrames() { return std::exchange(frames_, {}); }
    double interval() const { return interval_; }
    std::size_t budgetBytes() const { return budgetBytes_; }
    std::size_t frameBytes() const { return frameBytes_; }
    std::size_t maxFrames() const { return maxFrames_; }
    // The frames' bytes as the budget counts them (shared vectors once).
    std::size_t bytes() const { return frames_.size() * frameBytes_; }
    int thinnings() const { return thinnings_; }

private:
    long long slotOf(double seconds) const;
    void checkShape(const std::shared_ptr<const RowMatrixXf>& vectors) const;
    // Doubles the interval and keeps one frame a new slot, until fewer than maxFrames_ are held.
    void thin();

    std::vector<std::int32_t> rows_;
    int dim_;
    std::size_t budgetBytes_;
    std::size_t frameBytes_;
    std::size_t maxFrames_;
    double interval_;
    int thinnings_ = 0;
    std::vector<TimelineFrame> frames_;
};

}  // namespace embedscope
