#include "ReplayCursor.h"

#include <algorithm>
#include <utility>

namespace embedscope {

ReplayCursor::ReplayCursor(std::vector<std::int32_t> rows, TimelineFrame frame, int index,
                           int count)
    : rows_(std::move(rows)),
      frame_(std::move(frame)),
      index_(index),
      count_(count),
      frameIndex_(*frame_.vectors) {
    for (std::size_t i = 0; i < rows_.size(); ++i)
        position_.emplace(rows_[i], int(i));
}

RowMatrixXf ReplayCursor::vectorsOf(const std::vector<std::int32_t>& rows,
                                    std::vector<std::int32_t>* keptRows) const {
    std::vector<int> at;
    std::vector<std::int32_t> kept;
    for (const std::int32_t row : rows) {
        const auto found = position_.find(row);
        if (found == position_.end())
            continue;
        at.push_back(found->second);
        kept.push_back(row);
    }
    RowMatrixXf vectors(Eigen::Index(at.size()), frame_.vectors->cols());
    for (std::size_t i = 0; i < at.size(); ++i)
        vectors.row(Eigen::Index(i)) = frame_.vectors->row(at[i]);
    if (keptRows)
        *keptRows = std::move(kept);
    return vectors;
}

std::vector<Neighbour> ReplayCursor::nearest(std::int32_t row, int k) const {
    const auto found = position_.find(row);
    if (found == position_.end())
        return {};
    std::vector<Neighbour> result = frameIndex_.nearest(found->second, k);
    for (Neighbour& neighbour : result)
        neighbour.index = rows_[std::size_t(neighbour.index)];
    return result;
}

std::vector<Neighbour> ReplayCursor::farthest(std::int32_t row, int k) const {
    const auto found = position_.find(row);
    if (found == position_.end())
        return {};
    std::vector<Neighbour> all;
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (int(i) != found->second)
            all.push_back({rows_[i], frameIndex_.cosine(found->second, std::int32_t(i))});
    const std::size_t n = std::min<std::size_t>(all.size(), std::size_t(std::max(k, 0)));
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(n), all.end(),
                      [](const Neighbour& a, const Neighbour& b) {
                          return a.similarity < b.similarity ||
                                 (a.similarity == b.similarity && a.index < b.index);
                      });
    all.resize(n);
    return all;
}

}  // namespace embedscope
