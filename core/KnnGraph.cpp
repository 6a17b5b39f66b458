#include "KnnGraph.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "NnDescent.h"

namespace embedscope {

RowMatrixXf unitRows(const Eigen::Ref<const RowMatrixXf>& rows) {
    RowMatrixXf unit = rows;
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
        const float norm = unit.row(i).norm();
        if (norm > 0.0f)
            unit.row(i) /= norm;
    }
    return unit;
}

namespace {

struct Candidate {
    float similarity;
    std::int32_t row;
};

// Higher similarity first, then the lower row. A function object, not a function: passed to the
// heap algorithms as a pointer it was not inlined (2.5% of a 10k t-SNE's CPU time on its own).
struct RanksBefore {
    bool operator()(const Candidate& x, const Candidate& y) const {
        return x.similarity > y.similarity || (x.similarity == y.similarity && x.row < y.row);
    }
};
constexpr RanksBefore ranksBefore{};

}  // namespace

KnnGraph exactKnnGraph(const Eigen::Ref<const RowMatrixXf>& rows, int k, const KnnOptions& options,
                       const JobControl& control) {
    KnnGraph graph;
    graph.rows = rows.rows();
    graph.k =
        static_cast<int>(std::max<std::int64_t>(0, std::min<std::int64_t>(k, rows.rows() - 1)));
    const std::int64_t n = graph.rows;
    const int kk = graph.k;
    graph.neighbours.assign(static_cast<std::size_t>(n * kk), 0);
    graph.distances.assign(static_cast<std::size_t>(n * kk), 0.0f);
    if (n == 0 || kk == 0)
        return graph;
    const RowMatrixXf unit = unitRows(rows);

    // Queries in blocks of 256 against candidates in blocks of 4096: a 4 MB block of cosines from
    // one matrix product, and a heap of k per query (its top the worst kept).
    constexpr Eigen::Index kQueryBlock = 256;
    constexpr Eigen::Index kCandidateBlock = 4096;
    const Eigen::Index blocks = (n + kQueryBlock - 1) / kQueryBlock;
    std::atomic<Eigen::Index> nextBlock{0};
    std::atomic<std::int64_t> doneRows{0};
    auto work = [&] {
        RowMatrixXf cosines;
        std::vector<std::vector<Candidate>> heaps(kQueryBlock);
        for (Eigen::Index block = nextBlock++; block < blocks; block = nextBlock++) {
            if (control.cancelled())
                return;
            const Eigen::Index first = block * kQueryBlock;
            const Eigen::Index count = std::min(kQueryBlock, n - first);
            for (auto& heap : heaps)
                heap.clear();
            for (Eigen::Index c = 0; c < n; c += kCandidateBlock) {
                const Eigen::Index cCount = std::min(kCandidateBlock, n - c);
                cosines.noalias() =
                    unit.middleRows(first, count) * unit.middleRows(c, cCount).transpose();
                for (Eigen::Index q = 0; q < count; ++q) {
                    auto& heap = heaps[static_cast<std::size_t>(q)];
                    for (Eigen::Index j = 0; j < cCount; ++j) {
                        const auto row = static_cast<std::int32_t>(c + j);
                        if (row == first + q)
                            continue;
                        const Candidate candidate{cosines(q, j), row};
                        if (static_cast<int>(heap.size()) == kk &&
                            !ranksBefore(candidate, heap.front()))
                            continue;
                        heap.push_back(candidate);
                        std::push_heap(heap.begin(), heap.end(), ranksBefore);
                        if (static_cast<int>(heap.size()) > kk) {
                            std::pop_heap(heap.begin(), heap.end(), ranksBefore);
                            heap.pop_back();
                        }
                    }
                }
            }
            for (Eigen::Index q = 0; q < count; ++q) {
                auto& heap = heaps[static_cast<std::size_t>(q)];
                std::sort_heap(heap.begin(), heap.end(), ranksBefore);
                const std::int64_t row = first + q;
                for (int j = 0; j < kk; ++j) {
                    graph.neighbours[static_cast<std::size_t>(row * kk + j)] = heap[j].row;
                    graph.distances[static_cast<std::size_t>(row * kk + j)] =
                        std::clamp(1.0f - heap[j].similarity, 0.0f, 2.0f);
                }
            }
            control.report(static_cast<std::uint64_t>(doneRows += count),
                           static_cast<std::uint64_t>(n));
        }
    };
    const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(blocks)));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto& thread : pool)
        thread.join();
    control.throwIfCancelled();
    return graph;
}

KnnGraph buildKnnGraph(const Eigen::Ref<const RowMatrixXf>& rows, int k, const KnnOptions& options,
                       const JobControl& control) {
    if (rows.rows() <= options.exactUpToRows)
        return exactKnnGraph(rows, k, options, control);
    return nnDescentKnnGraph(rows, k, options, control);
}

}  // namespace embedscope
