#include "SampledLayout.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>
#include <vector>

namespace embedscope {

namespace {

RowMatrixXf unitRowsOf(const Eigen::Ref<const RowMatrixXf>& rows,
                       const std::vector<std::int64_t>& which) {
    RowMatrixXf unit(static_cast<Eigen::Index>(which.size()), rows.cols());
    for (std::size_t r = 0; r < which.size(); ++r) {
        unit.row(static_cast<Eigen::Index>(r)) = rows.row(which[r]);
        const float norm = unit.row(static_cast<Eigen::Index>(r)).norm();
        if (norm > 0.0f)
            unit.row(static_cast<Eigen::Index>(r)) /= norm;
    }
    return unit;
}

// For every row of queries (unit rows), its kPlacementNeighbours most similar rows of sample
// (unit rows), as indices into sample, most similar first; ties go to the lower index. Queries in
// blocks of 256 against the sample in blocks of 4096: one matrix product per pair of blocks.
std::vector<std::int32_t> nearestSampled(const RowMatrixXf& queries, const RowMatrixXf& sample,
                                         int threads, const JobControl& control) {
    constexpr int k = kPlacementNeighbours;
    constexpr Eigen::Index kQueryBlock = 256;
    constexpr Eigen::Index kSampleBlock = 4096;
    const Eigen::Index n = queries.rows();
    const Eigen::Index m = sample.rows();
    const int kept = static_cast<int>(std::min<Eigen::Index>(k, m));
    std::vector<std::int32_t> nearest(static_cast<std::size_t>(n * k), 0);
    const Eigen::Index blocks = (n + kQueryBlock - 1) / kQueryBlock;
    std::atomic<Eigen::Index> nextBlock{0};
    auto work = [&] {
        RowMatrixXf cosines;
        std::vector<std::array<std::pair<float, std::int32_t>, k>> best(kQueryBlock);
        for (Eigen::Index block = nextBlock++; block < blocks; block = nextBlock++) {
            if (control.cancelled())
                return;
            const Eigen::Index first = block * kQueryBlock;
            const Eigen::Index count = std::min(kQueryBlock, n - first);
            for (auto& b : best)
                b.fill({-2.0f, -1});
            for (Eigen::Index s = 0; s < m; s += kSampleBlock) {
                const Eigen::Index sCount = std::min(kSampleBlock, m - s);
                cosines.noalias() =
                    queries.middleRows(first, count) * sample.middleRows(s, sCount).transpose();
                for (Eigen::Index q = 0; q < count; ++q) {
                    auto& b = best[static_cast<std::size_t>(q)];
                    for (Eigen::Index j = 0; j < sCount; ++j) {
                        const float c = cosines(q, j);
                        if (c <= b[k - 1].first)  // strict: an equal later index loses the tie
                            continue;
                        int at = k - 1;
                        while (at > 0 && c > b[static_cast<std::size_t>(at - 1)].first) {
                            b[static_cast<std::size_t>(at)] = b[static_cast<std::size_t>(at - 1)];
                            --at;
                        }
                        b[static_cast<std::size_t>(at)] = {c, static_cast<std::int32_t>(s + j)};
                    }
                }
            }
            for (Eigen::Index q = 0; q < count; ++q)
                for (int j = 0; j < k; ++j) {
                    const auto& b = best[static_cast<std::size_t>(q)];
                    // Fewer sampled rows than k: repeat the nearest.
                    nearest[static_cast<std::size_t>((first + q) * k + j)] =
                        b[static_cast<std::size_t>(j < kept ? j : 0)].second;
                }
        }
    };
    threads = std::max(1, std::min<int>(threads, static_cast<int>(blocks)));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto& thread : pool)
        thread.join();
    control.throwIfCancelled();
    return nearest;
}

}  // namespace

LayoutResult runSampledLayout(Layout& layout, std::int64_t maxLaidOutRows, int threads,
                              const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                              const JobControl& control, const LayoutSink& sink) {
    const std::int64_t n = rows.rows();
    if (maxLaidOutRows <= 0 || n <= maxLaidOutRows) {
        LayoutResult result = layout.run(rows, initial, control, sink);
        result.sampledRows = n;
        return result;
    }
    const std::int64_t m = maxLaidOutRows;
    std::vector<std::int64_t> sampled(static_cast<std::size_t>(m));
    std::vector<std::int32_t> sampleIndexOf(static_cast<std::size_t>(n), -1);
    for (std::int64_t j = 0; j < m; ++j) {
        sampled[static_cast<std::size_t>(j)] = j * n / m;
        sampleIndexOf[static_cast<std::size_t>(j * n / m)] = static_cast<std::int32_t>(j);
    }
    std::vector<std::int64_t> others;
    others.reserve(static_cast<std::size_t>(n - m));
    for (std::int64_t i = 0; i < n; ++i)
        if (sampleIndexOf[static_cast<std::size_t>(i)] < 0)
            others.push_back(i);
    const std::vector<std::int32_t> nearest =
        nearestSampled(unitRowsOf(rows, others), unitRowsOf(rows, sampled), threads, control);

    // Every row from the sample's positions: sampled rows as laid out, the others at the mean of
    // their nearest sampled rows.
    auto expand = [&](const RowMatrixXf& samplePositions) {
        RowMatrixXf positions(n, samplePositions.cols());
        for (std::int64_t j = 0; j < m; ++j)
            positions.row(sampled[static_cast<std::size_t>(j)]) = samplePositions.row(j);
        for (std::size_t r = 0; r < others.size(); ++r) {
            Eigen::RowVectorXf sum = Eigen::RowVectorXf::Zero(samplePositions.cols());
            for (int j = 0; j < kPlacementNeighbours; ++j)
                sum +=
                    samplePositions.row(nearest[r * static_cast<std::size_t>(kPlacementNeighbours) +
                                                static_cast<std::size_t>(j)]);
            positions.row(others[r]) = sum / float(kPlacementNeighbours);
        }
        return positions;
    };

    RowMatrixXf sampleRows(m, rows.cols());
    for (std::int64_t j = 0; j < m; ++j)
        sampleRows.row(j) = rows.row(sampled[static_cast<std::size_t>(j)]);
    RowMatrixXf sampleInitial;
    if (initial.rows() == n) {
        sampleInitial.resize(m, initial.cols());
        for (std::int64_t j = 0; j < m; ++j)
            sampleInitial.row(j) = initial.row(sampled[static_cast<std::size_t>(j)]);
    }
    LayoutSink sampleSink;
    if (sink)
        sampleSink = [&](const RowMatrixXf& positions, const LayoutProgress& progress) {
            sink(expand(positions), progress);
        };
    LayoutResult result = layout.run(sampleRows, sampleInitial, control, sampleSink);
    result.positions = expand(result.positions);
    result.sampledRows = m;
    return result;
}

}  // namespace embedscope
