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
    projection_.setScaleSmoothing(1.0);
    const ProjectionFrame final = projection_.project(*frames_->back().vectors);
    explained_ = {final.explained[0], final.explained[1]};
    projection_.setFrozen(true);
}

RowMatrixXf TimelineReplay::positions(int index) {
    return projection_.project(*frame(index).vectors).points;
}

}  // namespace embedscope
