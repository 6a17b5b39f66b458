#include "TimelineReplay.h"

#include <utility>

namespace embedscope {

TimelineReplay::TimelineReplay(std::vector<std::int32_t> rows,
                               std::shared_ptr<const std::vector<TimelineFrame>> frames)
    : rows_(std::move(rows)), frames_(std::move(frames)) {
    if (!frames_ || frames_->empty() || rows_.size() < std::size_t(Projection::kMinRows)) {
        frames_.reset();
        return;
    }
    setBasisFrame(size() - 1);
}

void TimelineReplay::setBasisFrame(int index) {
    if (empty())
        return;
    if (index < 0 || index >= size())
        index = size() - 1;
    basisFrame_ = index;
    // Scale without smoothing: the basis frame's own RMS radius, kept for every frame.
    fixed_ = Projection();
    fixed_.setScaleSmoothing(1.0);
    const ProjectionFrame basis = fixed_.project(*frame(index).vectors);
    fixedExplained_ = {basis.explained[0], basis.explained[1]};
    fixedScale_ = basis.scale;
    fixed_.setFrozen(true);
    ++projectionVersion_;
}

void TimelineReplay::alignUpTo(int index) {
    aligned_.reserve(std::size_t(size()));
    while (int(aligned_.size()) <= index)
        aligned_.push_back(live_.project(*frame(int(aligned_.size())).vectors));
}

RowMatrixXf TimelineReplay::positions(int index) {
    if (axes_ == ReplayAxes::Fixed)
        return fixed_.project(*frame(index).vectors).points;
    alignUpTo(index);
    return aligned_[std::size_t(index)].points;
}

RowMatrixXf TimelineReplay::positionsOf(int index, const std::vector<int>& members) {
    const auto m = Eigen::Index(members.size());
    RowMatrixXf result(m, 2);
    if (axes_ == ReplayAxes::Aligned) {
        alignUpTo(index);
        const RowMatrixXf& all = aligned_[std::size_t(index)].points;
        for (Eigen::Index r = 0; r < m; ++r)
            result.row(r) = all.row(members[std::size_t(r)]);
        return result;
    }
    // Projection's frozen path for these rows: (X B - 1 (mu B)) / scale, in the same float
    // arithmetic, so a position matches positions(index)'s to float rounding.
    const RowMatrixXf& vectors = *frame(index).vectors;
    RowMatrixXf chosen(m, vectors.cols());
    for (Eigen::Index r = 0; r < m; ++r)
        chosen.row(r) = vectors.row(members[std::size_t(r)]);
    const Eigen::MatrixXd& basis = fixed_.basis();
    result.noalias() = chosen * basis.cast<float>();
    result.rowwise() -= (fixed_.centre() * basis).cast<float>();
    result /= static_cast<float>(fixedScale_ > 0.0 ? fixedScale_ : 1.0);
    return result;
}

std::vector<double> TimelineReplay::explained(int index) {
    if (axes_ == ReplayAxes::Fixed)
        return fixedExplained_;
    alignUpTo(index);
    const ProjectionFrame& frame = aligned_[std::size_t(index)];
    return {frame.explained[0], frame.explained[1]};
}

}  // namespace embedscope
