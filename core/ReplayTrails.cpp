#include "ReplayTrails.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <limits>

namespace embedscope {

std::vector<int> ReplayTrails::sampledFrames(int from, int to) {
    std::vector<int> frames;
    if (from < 0 || to < 0)
        return frames;
    const int span = std::abs(to - from);
    const int step = to >= from ? 1 : -1;
    const int count = std::min(span + 1, kMaxFrames);
    frames.reserve(std::size_t(count));
    if (count == span + 1) {
        for (int k = 0; k <= span; ++k)
            frames.push_back(from + step * k);
        return frames;
    }
    // Evenly: frame k of count is k / (count - 1) of the way, rounded down; the last is `to`.
    for (int k = 0; k < count; ++k)
        frames.push_back(from + step * int(std::int64_t(k) * span / (count - 1)));
    return frames;
}

void ReplayTrails::clear() {
    replay_ = nullptr;
    memberOf_.clear();
    cache_.clear();
}

std::vector<ReplayTrail> ReplayTrails::trails(TimelineReplay& replay,
                                              const std::vector<std::int32_t>& rows, int from,
                                              int to) {
    if (replay.empty() || from < 0 || to < 0 || from >= replay.size() || to >= replay.size())
        return {};
    if (&replay != replay_ || replay.projectionVersion() != version_) {
        clear();
        replay_ = &replay;
        version_ = replay.projectionVersion();
        for (std::size_t m = 0; m < replay.rows().size(); ++m)
            memberOf_.emplace(replay.rows()[m], int(m));
    }
    // The members to trail, in the order asked, at most kMaxWords.
    std::vector<int> members;
    std::vector<std::int32_t> memberRows;
    for (std::int32_t row : rows) {
        const auto it = memberOf_.find(row);
        if (it == memberOf_.end() ||
            std::find(members.begin(), members.end(), it->second) != members.end())
            continue;
        members.push_back(it->second);
        memberRows.push_back(row);
        if (int(members.size()) == kMaxWords)
            break;
    }
    // The cache keeps only the words trailed now: a selection that changes often stays small.
    for (auto it = cache_.begin(); it != cache_.end();)
        it = std::find(members.begin(), members.end(), it->first) == members.end()
                 ? cache_.erase(it)
                 : std::next(it);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (int m : members)
        cache_.try_emplace(m, std::size_t(2) * std::size_t(replay.size()), nan);

    std::vector<std::vector<float>*> cached;  // per member, looked up once
    for (int m : members)
        cached.push_back(&cache_[m]);
    const std::vector<int> frames = sampledFrames(from, to);
    std::vector<int> missing;
    for (int f : frames) {
        missing.clear();
        for (std::size_t k = 0; k < members.size(); ++k)
            if (std::isnan((*cached[k])[2 * std::size_t(f)]))
                missing.push_back(members[k]);
        if (missing.empty())
            continue;
        const RowMatrixXf positions = replay.positionsOf(f, missing);
        for (std::size_t k = 0; k < missing.size(); ++k) {
            std::vector<float>& slot = cache_[missing[k]];
            slot[2 * std::size_t(f)] = positions(Eigen::Index(k), 0);
            slot[2 * std::size_t(f) + 1] = positions(Eigen::Index(k), 1);
        }
    }

    std::vector<ReplayTrail> result(members.size());
    for (std::size_t k = 0; k < members.size(); ++k) {
        ReplayTrail& trail = result[k];
        trail.row = memberRows[k];
        trail.frames = frames;
        trail.positions.resize(Eigen::Index(frames.size()), 2);
        const std::vector<float>& positions = *cached[k];
        for (std::size_t i = 0; i < frames.size(); ++i) {
            trail.positions(Eigen::Index(i), 0) = positions[2 * std::size_t(frames[i])];
            trail.positions(Eigen::Index(i), 1) = positions[2 * std::size_t(frames[i]) + 1];
        }
    }
    return result;
}

}  // namespace embedscope
