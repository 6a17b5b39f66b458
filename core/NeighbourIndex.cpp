#include "NeighbourIndex.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <queue>

namespace embedscope {

namespace {

// "Better" for the selection: a higher score, or the same score at a lower row.
bool better(const Neighbour& x, const Neighbour& y) {
    return x.similarity > y.similarity || (x.similarity == y.similarity && x.index < y.index);
}

std::int32_t effectiveRows(std::int32_t size, std::int32_t restrictTo) {
    return restrictTo > 0 ? std::min(size, restrictTo) : size;
}

}  // namespace

std::vector<Neighbour> topK(const Eigen::Ref<const Eigen::VectorXf>& scores, int k,
                            const std::vector<std::int32_t>& exclude) {
    if (k <= 0)
        return {};
    // A min-heap of the k best seen so far (its top is the worst of them): V log k instead of
    // sorting all V scores.
    auto worseFirst = [](const Neighbour& x, const Neighbour& y) { return better(x, y); };
    std::priority_queue<Neighbour, std::vector<Neighbour>, decltype(worseFirst)> heap(worseFirst);
    const auto n = static_cast<std::int32_t>(scores.size());
    for (std::int32_t i = 0; i < n; ++i) {
        const float score = scores[i];
        if (std::isnan(score))
            continue;
        const Neighbour candidate{i, score};
        if (static_cast<int>(heap.size()) == k && !better(candidate, heap.top()))
            continue;
        if (std::find(exclude.begin(), exclude.end(), i) != exclude.end())
            continue;
        heap.push(candidate);
        if (static_cast<int>(heap.size()) > k)
            heap.pop();
    }
    std::vector<Neighbour> result;
    result.reserve(heap.size());
    for (; !heap.empty(); heap.pop())
        result.push_back(heap.top());
    std::reverse(result.begin(), result.end());
    return result;
}

NeighbourIndex::NeighbourIndex(const RowMatrixXf& vectors) {
    update(vectors);
}

void NeighbourIndex::update(const RowMatrixXf& vectors) {
    normalised_ = vectors;
    for (Eigen::Index i = 0; i < normalised_.rows(); ++i) {
        const float norm = normalised_.row(i).norm();
        if (norm > 0.0f)
            normalised_.row(i) /= norm;
    }
}

std::vector<Neighbour> NeighbourIndex::nearest(std::int32_t index, int k,
                                               std::int32_t restrictTo) const {
    assert(index >= 0 && index < size() && "NeighbourIndex::nearest: row out of range");
    return nearest(normalised_.row(index), k, {index}, restrictTo);
}

std::vector<Neighbour> NeighbourIndex::nearest(const Eigen::Ref<const Eigen::RowVectorXf>& query,
                                               int k, const std::vector<std::int32_t>& exclude,
                                               std::int32_t restrictTo) const {
    assert(query.size() == dim() && "NeighbourIndex::nearest: query has the wrong dimension");
    const std::int32_t rows = effectiveRows(size(), restrictTo);
    const float norm = query.norm();
    // cos(x, q) = x . q / |q| for unit rows x; a zero query has cosine 0 with every row.
    const Eigen::VectorXf scores =
        norm > 0.0f ? Eigen::VectorXf(normalised_.topRows(rows) * (query.transpose() / norm))
                    : Eigen::VectorXf(Eigen::VectorXf::Zero(rows));
    return topK(scores, k, exclude);
}

std::vector<Neighbour> NeighbourIndex::analogy(std::int32_t a, std::int32_t b, std::int32_t c,
                                               int k, AnalogyMethod method,
                                               std::int32_t restrictTo) const {
    assert(a >= 0 && a < size() && b >= 0 && b < size() && c >= 0 && c < size() &&
           "NeighbourIndex::analogy: row out of range");
    const std::vector<std::int32_t> exclude{a, b, c};
    if (method == AnalogyMethod::CosAdd) {
        const Eigen::RowVectorXf query =
            normalised_.row(b) - normalised_.row(a) + normalised_.row(c);
        return nearest(query, k, exclude, restrictTo);
    }
    const std::int32_t rows = effectiveRows(size(), restrictTo);
    const Eigen::Ref<const RowMatrixXf> candidates = normalised_.topRows(rows);
    // cos' = (cos + 1) / 2 maps cosines to [0, 1], so that the product and quotient of 3CosMul
    // are not distorted by negative similarities.
    const Eigen::ArrayXf toA = (candidates * normalised_.row(a).transpose()).array() * 0.5f + 0.5f;
    const Eigen::ArrayXf toB = (candidates * normalised_.row(b).transpose()).array() * 0.5f + 0.5f;
    const Eigen::ArrayXf toC = (candidates * normalised_.row(c).transpose()).array() * 0.5f + 0.5f;
    const Eigen::VectorXf scores = (toB * toC / (toA + kCosMulEpsilon)).matrix();
    return topK(scores, k, exclude);
}

float NeighbourIndex::cosine(std::int32_t i, std::int32_t j) const {
    assert(i >= 0 && i < size() && j >= 0 && j < size() && "NeighbourIndex::cosine: out of range");
    return normalised_.row(i).dot(normalised_.row(j));
}

}  // namespace embedscope
