#include "TrainingTimeline.h"

#include <cmath>
#include <string>
#include <utility>

#include "Error.h"

namespace embedscope {

FrameMetrics FrameMetrics::from(const TrainingProgress& progress) {
    FrameMetrics metrics;
    metrics.seconds = progress.elapsedSeconds;
    metrics.loss = progress.loss;
    metrics.learningRate = progress.learningRate;
    metrics.wordsPerSecond = progress.wordsPerSecond;
    metrics.fraction = progress.fraction;
    metrics.epoch = progress.epoch;
    metrics.wordsProcessed = progress.wordsProcessed;
    return metrics;
}

namespace {

// Equal, or both NaN (not measured).
bool sameScore(double a, double b) {
    return a == b || (std::isnan(a) && std::isnan(b));
}

}  // namespace

bool operator==(const FrameMetrics& a, const FrameMetrics& b) {
    return a.seconds == b.seconds && a.loss == b.loss && a.learningRate == b.learningRate &&
           a.wordsPerSecond == b.wordsPerSecond && a.fraction == b.fraction && a.epoch == b.epoch &&
           a.wordsProcessed == b.wordsProcessed &&
           sameScore(a.analogyAccuracy, b.analogyAccuracy) && sameScore(a.spearman, b.spearman);
}

TrainingTimeline::TrainingTimeline(std::vector<std::int32_t> rows, int dim, std::size_t budgetBytes,
                                   double initialInterval)
    : rows_(std::move(rows)),
      dim_(dim),
      budgetBytes_(budgetBytes),
      frameBytes_(rows_.size() * static_cast<std::size_t>(dim) * sizeof(float) +
                  sizeof(FrameMetrics)),
      maxFrames_(budgetBytes / frameBytes_),
      interval_(initialInterval) {
    if (dim < 1 || !(initialInterval > 0))
        throw Error("training timeline: invalid dimension or interval");
    if (maxFrames_ < 2)
        throw Error("training timeline: a budget of " + std::to_string(budgetBytes) +
                    " bytes cannot hold two frames of " + std::to_string(frameBytes_) + " bytes (" +
                    std::to_string(rows_.size()) + " rows x " + std::to_string(dim) +
                    " floats); track fewer words or raise the budget");
}

long long TrainingTimeline::slotOf(double seconds) const {
    return static_cast<long long>(std::floor(seconds / interval_));
}

bool TrainingTimeline::wants(double seconds) const {
    return frames_.empty() || slotOf(seconds) > slotOf(frames_.back().metrics.seconds);
}

void TrainingTimeline::checkShape(const std::shared_ptr<const RowMatrixXf>& vectors) const {
    if (!vectors)
        throw Error("training timeline: a frame without vectors");
    if (vectors->rows() != static_cast<Eigen::Index>(rows_.size()) || vectors->cols() != dim_)
        throw Error("training timeline: a frame of " + std::to_string(vectors->rows()) + " x " +
                    std::to_string(vectors->cols()) + " does not match the tracked " +
                    std::to_string(rows_.size()) + " x " + std::to_string(dim_));
}

void TrainingTimeline::thin() {
    while (frames_.size() >= maxFrames_) {
        interval_ *= 2;
        ++thinnings_;
        std::vector<TimelineFrame> kept;
        kept.reserve(maxFrames_);
        for (TimelineFrame& frame : frames_) {
            if (kept.empty() || slotOf(frame.metrics.seconds) > slotOf(kept.back().metrics.seconds))
                kept.push_back(std::move(frame));
        }
        frames_ = std::move(kept);
    }
}

bool TrainingTimeline::offer(const FrameMetrics& metrics, RowMatrixXf vectors) {
    return offer(metrics, std::make_shared<const RowMatrixXf>(std::move(vectors)));
}

bool TrainingTimeline::offer(const FrameMetrics& metrics,
                             std::shared_ptr<const RowMatrixXf> vectors) {
    checkShape(vectors);
    if (!wants(metrics.seconds))
        return false;
    if (frames_.size() >= maxFrames_) {
        thin();
        if (!wants(metrics.seconds))
            return false;
    }
    frames_.push_back({metrics, std::move(vectors)});
    return true;
}

void TrainingTimeline::addFinal(const FrameMetrics& metrics, RowMatrixXf vectors) {
    addFinal(metrics, std::make_shared<const RowMatrixXf>(std::move(vectors)));
}

void TrainingTimeline::addFinal(const FrameMetrics& metrics,
                                std::shared_ptr<const RowMatrixXf> vectors) {
    checkShape(vectors);
    if (!frames_.empty() && frames_.back().metrics.seconds == metrics.seconds &&
        frames_.back().metrics.wordsProcessed == metrics.wordsProcessed) {
        frames_.back() = {metrics, std::move(vectors)};
        return;
    }
    if (frames_.size() >= maxFrames_)
        thin();
    frames_.push_back({metrics, std::move(vectors)});
}

}  // namespace embedscope
