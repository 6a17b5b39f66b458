#include "NeighbourIndex.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <queue>
#include <stdexcept>
#include <thread>

#include "QuantisedScan.h"

namespace embedscope {

namespace {

// "Better" for the selection: a higher score, or the same score at a lower row.
bool better(const Neighbour& x, const Neighbour& y) {
    return x.similarity > y.similarity || (x.similarity == y.similarity && x.index < y.index);
}

std::int32_t effectiveRows(std::int32_t size, std::int32_t restrictTo) {
    return restrictTo > 0 ? std::min(size, restrictTo) : size;
}

const SharedTable& emptyTable() {
    static const SharedTable empty = shareTable(RowMatrixXf());
    return empty;
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

Eigen::VectorXf inverseRowNorms(const Eigen::Ref<const RowMatrixXf>& table) {
    const Eigen::Index rows = table.rows();
    Eigen::VectorXf inverse(rows);
    // One pass over the table, memory bound: the cores share it in contiguous ranges.
    const Eigen::Index threads =
        std::clamp<Eigen::Index>(Eigen::Index(std::thread::hardware_concurrency()), 1,
                                 std::max<Eigen::Index>(1, rows / 4096));
    const Eigen::Index perThread = (rows + threads - 1) / threads;
    auto range = [&](Eigen::Index t) {
        const Eigen::Index end = std::min(rows, (t + 1) * perThread);
        for (Eigen::Index i = t * perThread; i < end; ++i) {
            const float norm = table.row(i).norm();
            inverse[i] = norm > 0.0f ? 1.0f / norm : 0.0f;
        }
    };
    std::vector<std::thread> workers;
    for (Eigen::Index t = 1; t < threads; ++t)
        workers.emplace_back(range, t);
    range(0);
    for (std::thread& worker : workers)
        worker.join();
    return inverse;
}

NeighbourIndex::NeighbourIndex() : rows_(emptyTable()) {}

NeighbourIndex::NeighbourIndex(const Eigen::Ref<const RowMatrixXf>& vectors) {
    update(vectors);
}

NeighbourIndex::NeighbourIndex(SharedTable table)
    : rows_(table ? std::move(table) : emptyTable()),
      inverseNorms_(std::make_shared<const Eigen::VectorXf>(inverseRowNorms(*rows_))) {}

void NeighbourIndex::update(const Eigen::Ref<const RowMatrixXf>& vectors) {
    auto normalised = std::make_shared<RowMatrixXf>(vectors);
    for (Eigen::Index i = 0; i < normalised->rows(); ++i) {
        const float norm = normalised->row(i).norm();
        if (norm > 0.0f)
            normalised->row(i) /= norm;
    }
    normalised_ = std::move(normalised);
    rows_ = shareTable(normalised_);
    inverseNorms_.reset();
    fastPath_.reset();
}

NeighbourIndex NeighbourIndex::withFastPath(std::shared_ptr<const QuantisedScan> scan) const {
    if (scan && (scan->size() != size() || scan->dim() != dim()))
        throw std::invalid_argument(
            "NeighbourIndex::withFastPath: the scan was built from a "
            "table of another shape");
    NeighbourIndex copy(*this);
    copy.fastPath_ = std::move(scan);
    return copy;
}

const RowMatrixXf& NeighbourIndex::normalised() const {
    if (referencesTable())
        throw std::logic_error(
            "NeighbourIndex::normalised: the index references its table and "
            "keeps no normalised copy; use unitRow or cosinesWithRows");
    return *normalised_;
}

Eigen::RowVectorXf NeighbourIndex::unitRow(std::int32_t i) const {
    assert(i >= 0 && i < size() && "NeighbourIndex::unitRow: row out of range");
    if (!referencesTable())
        return rows_->row(i);
    return rows_->row(i) * (*inverseNorms_)[i];
}

void NeighbourIndex::cosinesWithRows(const Eigen::Ref<const RowMatrixXf>& unitQueries,
                                     Eigen::Index first, Eigen::Index count,
                                     RowMatrixXf& out) const {
    out.noalias() = unitQueries * rows_->middleRows(first, count).transpose();
    if (referencesTable())
        out *= inverseNorms_->segment(first, count).asDiagonal();
}

Eigen::VectorXf NeighbourIndex::cosinesWith(const Eigen::Ref<const Eigen::RowVectorXf>& unitQuery,
                                            std::int32_t rows) const {
    Eigen::VectorXf scores = rows_->topRows(rows) * unitQuery.transpose();
    if (referencesTable())
        scores.array() *= inverseNorms_->head(rows).array();
    return scores;
}

std::vector<Neighbour> NeighbourIndex::nearest(std::int32_t index, int k,
                                               std::int32_t restrictTo) const {
    assert(index >= 0 && index < size() && "NeighbourIndex::nearest: row out of range");
    return nearest(unitRow(index), k, {index}, restrictTo);
}

std::vector<Neighbour> NeighbourIndex::nearest(const Eigen::Ref<const Eigen::RowVectorXf>& query,
                                               int k, const std::vector<std::int32_t>& exclude,
                                               std::int32_t restrictTo) const {
    assert(query.size() == dim() && "NeighbourIndex::nearest: query has the wrong dimension");
    const float norm = query.norm();
    if (fastPath_ && norm > 0.0f && k > 0)
        return fastPath_->nearest(query / norm, k, exclude, restrictTo);
    return nearestExact(query, k, exclude, restrictTo);
}

std::vector<Neighbour> NeighbourIndex::nearestExact(
    const Eigen::Ref<const Eigen::RowVectorXf>& query, int k,
    const std::vector<std::int32_t>& exclude, std::int32_t restrictTo) const {
    assert(query.size() == dim() && "NeighbourIndex::nearest: query has the wrong dimension");
    const std::int32_t rows = effectiveRows(size(), restrictTo);
    const float norm = query.norm();
    // cos(x, q) = x . q / (|x| |q|); a zero query has cosine 0 with every row.
    const Eigen::VectorXf scores = norm > 0.0f ? cosinesWith(query / norm, rows)
                                               : Eigen::VectorXf(Eigen::VectorXf::Zero(rows));
    return topK(scores, k, exclude);
}

std::vector<Neighbour> NeighbourIndex::analogy(std::int32_t a, std::int32_t b, std::int32_t c,
                                               int k, AnalogyMethod method,
                                               std::int32_t restrictTo) const {
    assert(a >= 0 && a < size() && b >= 0 && b < size() && c >= 0 && c < size() &&
           "NeighbourIndex::analogy: row out of range");
    const std::vector<std::int32_t> exclude{a, b, c};
    const Eigen::RowVectorXf unitA = unitRow(a), unitB = unitRow(b), unitC = unitRow(c);
    if (method == AnalogyMethod::CosAdd)
        return nearest(unitB - unitA + unitC, k, exclude, restrictTo);
    const std::int32_t rows = effectiveRows(size(), restrictTo);
    // One pass over the candidates for the three cosines. cos' = (cos + 1) / 2 maps cosines to
    // [0, 1], so that the product and quotient of 3CosMul are not distorted by negative
    // similarities.
    RowMatrixXf queries(3, dim());
    queries << unitA, unitB, unitC;
    RowMatrixXf cosines;
    cosinesWithRows(queries, 0, rows, cosines);
    const Eigen::ArrayXf toA = cosines.row(0).array().transpose() * 0.5f + 0.5f;
    const Eigen::ArrayXf toB = cosines.row(1).array().transpose() * 0.5f + 0.5f;
    const Eigen::ArrayXf toC = cosines.row(2).array().transpose() * 0.5f + 0.5f;
    const Eigen::VectorXf scores = (toB * toC / (toA + kCosMulEpsilon)).matrix();
    return topK(scores, k, exclude);
}

float NeighbourIndex::cosine(std::int32_t i, std::int32_t j) const {
    assert(i >= 0 && i < size() && j >= 0 && j < size() && "NeighbourIndex::cosine: out of range");
    const float dot = rows_->row(i).dot(rows_->row(j));
    return referencesTable() ? dot * (*inverseNorms_)[i] * (*inverseNorms_)[j] : dot;
}

}  // namespace embedscope
