#include "KMeans.h"

#include <algorithm>
#include <numeric>
#include <thread>

#include "Error.h"
#include "ParallelRanges.h"
#include "Random.h"

namespace embedscope {

namespace {

constexpr Eigen::Index kBlockRows = 2048;  // rows per matrix product: 2048 x k floats of scratch

struct Best {
    float similarity;
    std::int32_t row;
};

// Keeps the kCentralRows best (largest similarity) of a cluster, best first.
void offerCentral(std::vector<Best>& best, float similarity, std::int32_t row) {
    if (int(best.size()) == KMeansResult::kCentralRows && similarity <= best.back().similarity)
        return;
    if (int(best.size()) == KMeansResult::kCentralRows)
        best.pop_back();
    auto at = std::find_if(best.begin(), best.end(),
                           [&](const Best& b) { return similarity > b.similarity; });
    best.insert(at, {similarity, row});
}

// For each row of x (any length), the centre of largest dot product, and that product divided by
// the row's norm (its cosine to the centre). Rows that are all zero go to centre 0.
void assignBlocks(const Eigen::Ref<const RowMatrixXf>& x, const RowMatrixXf& centres, int threads,
                  std::vector<std::int32_t>& cluster, std::vector<float>& cosine) {
    const Eigen::Index n = x.rows();
    cluster.resize(std::size_t(n));
    cosine.resize(std::size_t(n));
    const std::int64_t blocks = (n + kBlockRows - 1) / kBlockRows;
    parallelRanges(threads, blocks, [&](std::int64_t firstBlock, std::int64_t endBlock) {
        RowMatrixXf products;
        for (std::int64_t b = firstBlock; b < endBlock; ++b) {
            const Eigen::Index begin = b * kBlockRows;
            const Eigen::Index count = std::min(kBlockRows, n - begin);
            products.noalias() = x.middleRows(begin, count) * centres.transpose();
            for (Eigen::Index i = 0; i < count; ++i) {
                Eigen::Index best = 0;
                const float top = products.row(i).maxCoeff(&best);
                const float norm = x.row(begin + i).norm();
                cluster[std::size_t(begin + i)] = std::int32_t(best);
                cosine[std::size_t(begin + i)] = norm > 0 ? top / norm : -1.0f;
            }
        }
    });
}

void normaliseRows(RowMatrixXf& m) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        const float norm = m.row(i).norm();
        if (norm > 0)
            m.row(i) /= norm;
    }
}

}  // namespace

KMeansResult kMeans(const Eigen::Ref<const RowMatrixXf>& rows, const KMeansOptions& options,
                    const JobControl& control) {
    const Eigen::Index n = rows.rows();
    const Eigen::Index dim = rows.cols();
    if (n < 1 || dim < 1)
        throw Error("k-means: no vectors to cluster");
    if (options.k < 1)
        throw Error("k-means: k must be at least 1, got " + std::to_string(options.k));
    const int k = int(std::min<Eigen::Index>(options.k, n));
    const int threads = options.threads > 0
                            ? options.threads
                            : int(std::max(1u, std::thread::hardware_concurrency()));
    const int steps = options.maxIterations + 2;  // progress: seeding, iterations, assigning all
    SplitMix64 random(options.seed);

    // A uniform sample without replacement (a partial Fisher-Yates shuffle), in row order.
    const Eigen::Index m = std::min<Eigen::Index>(n, std::max<std::int64_t>(options.sampleRows, k));
    std::vector<std::int32_t> sample(static_cast<std::size_t>(n));
    std::iota(sample.begin(), sample.end(), 0);
    if (m < n) {
        for (Eigen::Index i = 0; i < m; ++i)
            std::swap(sample[std::size_t(i)],
                      sample[std::size_t(i + Eigen::Index(random.next() % std::uint64_t(n - i)))]);
        sample.resize(std::size_t(m));
        std::sort(sample.begin(), sample.end());
    }
    RowMatrixXf unit(m, dim);
    for (Eigen::Index i = 0; i < m; ++i)
        unit.row(i) = rows.row(sample[std::size_t(i)]);
    normaliseRows(unit);

    // k-means++ seeding. For unit rows the squared distance to a centre c is 2 - 2 x.c.
    RowMatrixXf centres(k, dim);
    centres.row(0) = unit.row(Eigen::Index(random.next() % std::uint64_t(m)));
    std::vector<double> nearest(static_cast<std::size_t>(m));
    auto updateNearest = [&](int c, bool first) {
        parallelRanges(threads, m, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                const double d2 =
                    std::max(0.0, 2.0 - 2.0 * double(unit.row(i).dot(centres.row(c))));
                nearest[std::size_t(i)] = first ? d2 : std::min(nearest[std::size_t(i)], d2);
            }
        });
    };
    updateNearest(0, true);
    for (int c = 1; c < k; ++c) {
        control.throwIfCancelled();
        const double total = std::accumulate(nearest.begin(), nearest.end(), 0.0);
        Eigen::Index pick = Eigen::Index(random.next() % std::uint64_t(m));
        if (total > 0) {
            double target = double(random.next() >> 11) * 0x1.0p-53 * total;
            for (Eigen::Index i = 0; i < m; ++i) {
                target -= nearest[std::size_t(i)];
                if (target < 0 || i == m - 1) {
                    pick = i;
                    break;
                }
            }
        }
        centres.row(c) = unit.row(pick);
        updateNearest(c, false);
    }
    control.report(1, std::uint64_t(steps));

    // Lloyd iterations on the sample.
    KMeansResult result;
    std::vector<std::int32_t> cluster, previous;
    std::vector<float> cosine;
    for (int iteration = 0; iteration < options.maxIterations; ++iteration) {
        control.throwIfCancelled();
        assignBlocks(unit, centres, threads, cluster, cosine);
        result.iterations = iteration + 1;
        control.report(std::uint64_t(2 + iteration), std::uint64_t(steps));
        if (cluster == previous)
            break;
        previous = cluster;
        RowMatrixXf sums = RowMatrixXf::Zero(k, dim);
        std::vector<std::int64_t> counts(static_cast<std::size_t>(k), 0);
        for (Eigen::Index i = 0; i < m; ++i) {
            sums.row(cluster[std::size_t(i)]) += unit.row(i);
            ++counts[std::size_t(cluster[std::size_t(i)])];
        }
        // An empty cluster restarts at the row that fits its own centre worst.
        for (int c = 0; c < k; ++c) {
            if (counts[std::size_t(c)] > 0)
                continue;
            const auto worst = std::min_element(cosine.begin(), cosine.end()) - cosine.begin();
            sums.row(c) = unit.row(worst);
            cosine[std::size_t(worst)] = 2.0f;  // not chosen twice
        }
        centres = sums;
        normaliseRows(centres);
    }

    // Every row to its nearest final centre, and each cluster's most central rows.
    control.throwIfCancelled();
    std::vector<float> cosineOfRow;
    assignBlocks(rows, centres, threads, result.clusterOfRow, cosineOfRow);
    // Clusters renumbered by size, largest first: the palette's first colours go to the largest.
    std::vector<std::int64_t> sizes(static_cast<std::size_t>(k), 0);
    for (std::int32_t c : result.clusterOfRow)
        ++sizes[std::size_t(c)];
    std::vector<int> order(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return sizes[std::size_t(a)] > sizes[std::size_t(b)]; });
    std::vector<std::int32_t> renumbered(static_cast<std::size_t>(k));
    result.centres.resize(k, dim);
    result.sizes.resize(std::size_t(k));
    for (int i = 0; i < k; ++i) {
        renumbered[std::size_t(order[std::size_t(i)])] = i;
        result.centres.row(i) = centres.row(order[std::size_t(i)]);
        result.sizes[std::size_t(i)] = sizes[std::size_t(order[std::size_t(i)])];
    }
    std::vector<std::vector<Best>> central(static_cast<std::size_t>(k));
    for (std::size_t r = 0; r < result.clusterOfRow.size(); ++r) {
        std::int32_t& c = result.clusterOfRow[r];
        c = renumbered[std::size_t(c)];
        offerCentral(central[std::size_t(c)], cosineOfRow[r], std::int32_t(r));
    }
    result.centralRows.resize(std::size_t(k));
    for (int c = 0; c < k; ++c)
        for (const Best& b : central[std::size_t(c)])
            result.centralRows[std::size_t(c)].push_back(b.row);
    control.report(std::uint64_t(steps), std::uint64_t(steps));
    return result;
}

MetadataColumn kMeansColumn(const KMeansResult& result) {
    MetadataColumn column;
    const int k = int(result.centres.rows());
    column.name = "k-means (k=" + std::to_string(k) + ")";
    column.kind = MetadataColumn::Kind::Categorical;
    for (int c = 0; c < k; ++c)
        column.categories.push_back("cluster " + std::to_string(c + 1));
    column.categoryOfRow = result.clusterOfRow;
    return column;
}

}  // namespace embedscope
