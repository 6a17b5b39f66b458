#include "NnDescent.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "ParallelRanges.h"
#include "Random.h"

namespace embedscope {

namespace {

constexpr float kNone = std::numeric_limits<float>::infinity();
constexpr double kStopFraction = 0.001;  // pynndescent's delta
constexpr std::int64_t kPairsPerBatch = 1 << 20;
// Candidates sampled per row and round when k exceeds kWideK (see joinRound).
constexpr int kWideK = 60;
constexpr int kWideSample = 30;

// A 64-bit mix of the seed and three numbers (SplitMix64's finaliser).
std::uint64_t hash(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    std::uint64_t z = seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL) ^
                      (c * 0x165667B19E3779F9ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// For every row a bounded max-heap of (key, id, fresh): the root is the worst kept, so a
// candidate that does not beat it is rejected at once.
class BoundedHeaps {
public:
    BoundedHeaps(std::int64_t rows, int size)
        : size_(size),
          keys_(static_cast<std::size_t>(rows * size), kNone),
          ids_(static_cast<std::size_t>(rows * size), -1),
          fresh_(static_cast<std::size_t>(rows * size), 0) {}

    int size() const { return size_; }
    float worst(std::int64_t row) const { return keys_[at(row)]; }
    const std::int32_t* ids(std::int64_t row) const { return &ids_[at(row)]; }
    const float* keys(std::int64_t row) const { return &keys_[at(row)]; }
    std::uint8_t* fresh(std::int64_t row) { return &fresh_[at(row)]; }
    bool isFresh(std::int64_t row, int slot) const { return fresh_[at(row) + slot] != 0; }

    // Keeps id at key when it beats the worst and is not kept already; true if kept.
    bool push(std::int64_t row, float key, std::int32_t id, bool fresh) {
        float* keys = &keys_[at(row)];
        std::int32_t* ids = &ids_[at(row)];
        std::uint8_t* flags = &fresh_[at(row)];
        if (!(key < keys[0]))
            return false;
        for (int j = 0; j < size_; ++j)
            if (ids[j] == id)
                return false;
        // Replace the root, then sift it down.
        int pos = 0;
        for (;;) {
            const int left = 2 * pos + 1, right = left + 1;
            int largest = pos;
            float largestKey = key;
            if (left < size_ && keys[left] > largestKey) {
                largest = left;
                largestKey = keys[left];
            }
            if (right < size_ && keys[right] > largestKey)
                largest = right;
            if (largest == pos)
                break;
            keys[pos] = keys[largest];
            ids[pos] = ids[largest];
            flags[pos] = flags[largest];
            pos = largest;
        }
        keys[pos] = key;
        ids[pos] = id;
        flags[pos] = fresh ? 1 : 0;
        return true;
    }

    void clear() {
        std::fill(keys_.begin(), keys_.end(), kNone);
        std::fill(ids_.begin(), ids_.end(), -1);
    }

private:
    std::size_t at(std::int64_t row) const { return static_cast<std::size_t>(row * size_); }
    int size_;
    std::vector<float> keys_;
    std::vector<std::int32_t> ids_;
    std::vector<std::uint8_t> fresh_;
};

struct Pair {
    std::int32_t a, b;
    float distance;
};

class NnDescent {
public:
    NnDescent(const Eigen::Ref<const RowMatrixXf>& rows, int k, const KnnOptions& options,
              const JobControl& control)
        : unit_(unitRows(rows)),
          n_(rows.rows()),
          k_(k),
          threads_(std::max(1, options.threads)),
          seed_(options.seed),
          control_(control),
          heaps_(n_, k),
          buffers_(static_cast<std::size_t>(threads_)) {}

    KnnGraph run() {
        seedFromTrees();
        fillRandomly();
        const int rounds = std::max(5, static_cast<int>(std::lround(std::log2(double(n_)))));
        for (int round = 0; round < rounds; ++round) {
            const std::int64_t changed = joinRound(round);
            control_.report(static_cast<std::uint64_t>(round + 1),
                            static_cast<std::uint64_t>(rounds));
            if (double(changed) <= kStopFraction * double(n_) * k_)
                break;
        }
        return graph();
    }

private:
    float distance(std::int32_t a, std::int32_t b) const {
        return 1.0f - unit_.row(a).dot(unit_.row(b));
    }

    // Generates candidate pairs for items [first, last) with generate(item, emit) on all threads,
    // then applies them: thread t pushes the pairs whose endpoints lie in its range of rows, in
    // the order generated. Returns the number of entries changed.
    template <typename Generate>
    std::int64_t join(std::int64_t first, std::int64_t last, Generate generate) {
        for (auto& buffer : buffers_)
            buffer.clear();
        parallelRangesIndexed(
            threads_, last - first, [&](int t, std::int64_t begin, std::int64_t end) {
                auto& buffer = buffers_[static_cast<std::size_t>(t)];
                auto emit = [&](std::int32_t a, std::int32_t b) {
                    const float d = distance(a, b);
                    if (d < heaps_.worst(a) || d < heaps_.worst(b))
                        buffer.push_back({a, b, d});
                };
                for (std::int64_t item = first + begin; item < first + end; ++item)
                    generate(item, emit);
            });
        std::vector<std::int64_t> changed(static_cast<std::size_t>(threads_), 0);
        parallelRangesIndexed(threads_, n_, [&](int t, std::int64_t begin, std::int64_t end) {
            std::int64_t count = 0;
            for (const auto& buffer : buffers_)
                for (const Pair& pair : buffer) {
                    if (pair.a >= begin && pair.a < end)
                        count += heaps_.push(pair.a, pair.distance, pair.b, true);
                    if (pair.b >= begin && pair.b < end)
                        count += heaps_.push(pair.b, pair.distance, pair.a, true);
                }
            changed[static_cast<std::size_t>(t)] = count;
        });
        control_.throwIfCancelled();
        return std::accumulate(changed.begin(), changed.end(), std::int64_t(0));
    }

    // The random projection forest's leaves: every pair in a leaf is a candidate.
    void seedFromTrees() {
        const int trees = std::min(32, 5 + static_cast<int>(std::lround(std::pow(n_, 0.25))));
        const int leafSize = std::max(30, k_ + 1);
        std::vector<std::vector<std::int32_t>> orders(static_cast<std::size_t>(trees));
        std::vector<std::vector<std::int64_t>> bounds(static_cast<std::size_t>(trees));
        parallelRangesIndexed(threads_, trees, [&](int, std::int64_t begin, std::int64_t end) {
            for (std::int64_t t = begin; t < end; ++t)
                buildTree(static_cast<std::uint64_t>(t), leafSize,
                          orders[static_cast<std::size_t>(t)], bounds[static_cast<std::size_t>(t)]);
        });
        control_.throwIfCancelled();
        // All leaves of all trees, as (tree, leaf) in order.
        std::vector<std::pair<int, std::int64_t>> leaves;
        for (int t = 0; t < trees; ++t)
            for (std::size_t l = 0; l + 1 < bounds[std::size_t(t)].size(); ++l)
                leaves.emplace_back(t, static_cast<std::int64_t>(l));
        const std::int64_t leavesPerBatch =
            std::max<std::int64_t>(1, kPairsPerBatch / (std::int64_t(leafSize) * leafSize / 2));
        for (std::int64_t first = 0; first < std::int64_t(leaves.size()); first += leavesPerBatch)
            join(first, std::min<std::int64_t>(first + leavesPerBatch, leaves.size()),
                 [&](std::int64_t item, auto& emit) {
                     const auto [tree, leaf] = leaves[static_cast<std::size_t>(item)];
                     const auto& order = orders[std::size_t(tree)];
                     const auto& bound = bounds[std::size_t(tree)];
                     const std::int64_t begin = bound[std::size_t(leaf)];
                     const std::int64_t end = bound[std::size_t(leaf) + 1];
                     for (std::int64_t i = begin; i < end; ++i)
                         for (std::int64_t j = i + 1; j < end; ++j)
                             emit(order[std::size_t(i)], order[std::size_t(j)]);
                 });
    }

    // One tree: order holds the rows leaf by leaf, bounds the leaves' boundaries.
    void buildTree(std::uint64_t tree, int leafSize, std::vector<std::int32_t>& order,
                   std::vector<std::int64_t>& bounds) const {
        SplitMix64 random(hash(seed_, tree, 0x7265657300ULL, 0));
        order.resize(static_cast<std::size_t>(n_));
        std::iota(order.begin(), order.end(), 0);
        std::vector<std::uint8_t> left(static_cast<std::size_t>(n_));
        std::vector<std::pair<std::int64_t, std::int64_t>> stack{{0, n_}};
        std::vector<std::pair<std::int64_t, std::int64_t>> leafRanges;
        Eigen::RowVectorXf normal(unit_.cols());
        while (!stack.empty()) {
            const auto [begin, end] = stack.back();
            stack.pop_back();
            const std::int64_t size = end - begin;
            if (size <= leafSize) {
                leafRanges.emplace_back(begin, end);
                continue;
            }
            const auto a = order[std::size_t(begin + std::int64_t(random.next() % size))];
            auto b = order[std::size_t(begin + std::int64_t(random.next() % (size - 1)))];
            if (b == a)
                b = order[std::size_t(end - 1)];
            normal = unit_.row(a) - unit_.row(b);
            for (std::int64_t i = begin; i < end; ++i) {
                const float margin = normal.dot(unit_.row(order[std::size_t(i)]));
                left[std::size_t(i)] = margin > 0 || (margin == 0 && (random.next() & 1)) ? 1 : 0;
            }
            // Stable partition by the side, through a scratch copy.
            std::vector<std::int32_t> scratch;
            scratch.reserve(std::size_t(size));
            for (std::int64_t i = begin; i < end; ++i)
                if (left[std::size_t(i)])
                    scratch.push_back(order[std::size_t(i)]);
            std::int64_t middle = begin + std::int64_t(scratch.size());
            for (std::int64_t i = begin; i < end; ++i)
                if (!left[std::size_t(i)])
                    scratch.push_back(order[std::size_t(i)]);
            std::copy(scratch.begin(), scratch.end(), order.begin() + begin);
            // A split that separates nothing (identical rows): halve the node instead.
            if (middle == begin || middle == end)
                middle = begin + size / 2;
            stack.emplace_back(middle, end);
            stack.emplace_back(begin, middle);
        }
        std::sort(leafRanges.begin(), leafRanges.end());
        bounds.clear();
        for (const auto& range : leafRanges)
            bounds.push_back(range.first);
        bounds.push_back(n_);
    }

    // Rows with empty slots (a small leaf) get random other rows.
    void fillRandomly() {
        parallelRangesIndexed(threads_, n_, [&](int, std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                SplitMix64 random(hash(seed_, std::uint64_t(i), 0x66696c6cULL, 1));
                while (heaps_.worst(i) == kNone) {
                    const auto j = static_cast<std::int32_t>(random.next() % std::uint64_t(n_));
                    if (j != i)
                        heaps_.push(i, distance(std::int32_t(i), j), j, true);
                }
            }
        });
    }

    // One round of local joins; returns the entries changed.
    std::int64_t joinRound(int round) {
        // pynndescent's clamp(k, 24, 60) candidates up to k = 60; above it (t-SNE's k = 90) 30:
        // at 100k x 100 synthetic rows and k = 90 that took NN-descent from 58.7 to 41.1 CPU s
        // (7 rounds instead of 5), recall@90 from 0.996 to 0.985 (bench/README.md, knn).
        const int sample = k_ > kWideK ? kWideSample : std::clamp(k_, 24, 60);
        BoundedHeaps fresh(n_, sample), old(n_, sample);
        // Sample every row's new and old neighbours and reverse neighbours by a hashed random
        // priority (the lowest kept): thread t fills the rows of its range.
        parallelRangesIndexed(threads_, n_, [&](int, std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = 0; i < n_; ++i) {
                const std::int32_t* ids = heaps_.ids(i);
                for (int s = 0; s < k_; ++s) {
                    const std::int32_t j = ids[s];
                    if (j < 0)
                        continue;
                    const float priority = float(hash(seed_, std::uint64_t(round), std::uint64_t(i),
                                                      std::uint64_t(j)) >>
                                                 40) *
                                           0x1.0p-24f;
                    BoundedHeaps& target = heaps_.isFresh(i, s) ? fresh : old;
                    if (i >= begin && i < end)
                        target.push(i, priority, j, false);
                    if (j >= begin && j < end)
                        target.push(j, priority, std::int32_t(i), false);
                }
            }
        });
        // The sampled new neighbours are joined in this round: mark them old.
        parallelRangesIndexed(threads_, n_, [&](int, std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                const std::int32_t* ids = heaps_.ids(i);
                std::uint8_t* flags = heaps_.fresh(i);
                const std::int32_t* sampled = fresh.ids(i);
                for (int s = 0; s < k_; ++s)
                    if (flags[s] &&
                        std::find(sampled, sampled + sample, ids[s]) != sampled + sample)
                        flags[s] = 0;
            }
        });
        const std::int64_t rowsPerBatch =
            std::max<std::int64_t>(1, kPairsPerBatch / (std::int64_t(sample) * sample * 3 / 2));
        std::int64_t changed = 0;
        for (std::int64_t first = 0; first < n_; first += rowsPerBatch)
            changed +=
                join(first, std::min(first + rowsPerBatch, n_), [&](std::int64_t v, auto& emit) {
                    const std::int32_t* news = fresh.ids(v);
                    const std::int32_t* olds = old.ids(v);
                    for (int x = 0; x < sample; ++x) {
                        const std::int32_t a = news[x];
                        if (a < 0)
                            continue;
                        for (int y = x + 1; y < sample; ++y)
                            if (news[y] >= 0)
                                emit(a, news[y]);
                        for (int y = 0; y < sample; ++y)
                            if (olds[y] >= 0 && olds[y] != a)
                                emit(a, olds[y]);
                    }
                });
        return changed;
    }

    KnnGraph graph() const {
        KnnGraph graph;
        graph.rows = n_;
        graph.k = k_;
        graph.neighbours.resize(static_cast<std::size_t>(n_ * k_));
        graph.distances.resize(static_cast<std::size_t>(n_ * k_));
        std::vector<std::pair<float, std::int32_t>> row(static_cast<std::size_t>(k_));
        for (std::int64_t i = 0; i < n_; ++i) {
            for (int s = 0; s < k_; ++s)
                row[std::size_t(s)] = {heaps_.keys(i)[s], heaps_.ids(i)[s]};
            std::sort(row.begin(), row.end());
            for (int s = 0; s < k_; ++s) {
                graph.neighbours[std::size_t(i * k_ + s)] = row[std::size_t(s)].second;
                graph.distances[std::size_t(i * k_ + s)] =
                    std::clamp(row[std::size_t(s)].first, 0.0f, 2.0f);
            }
        }
        return graph;
    }

    RowMatrixXf unit_;
    std::int64_t n_;
    int k_;
    int threads_;
    std::uint64_t seed_;
    const JobControl& control_;
    BoundedHeaps heaps_;
    std::vector<std::vector<Pair>> buffers_;
};

}  // namespace

KnnGraph nnDescentKnnGraph(const Eigen::Ref<const RowMatrixXf>& rows, int k,
                           const KnnOptions& options, const JobControl& control) {
    const int kk =
        static_cast<int>(std::max<std::int64_t>(0, std::min<std::int64_t>(k, rows.rows() - 1)));
    if (kk == 0 || rows.rows() < 2) {
        KnnGraph graph;
        graph.rows = rows.rows();
        graph.k = kk;
        graph.neighbours.assign(static_cast<std::size_t>(graph.rows * kk), 0);
        graph.distances.assign(static_cast<std::size_t>(graph.rows * kk), 0.0f);
        return graph;
    }
    control.throwIfCancelled();
    return NnDescent(rows, kk, options, control).run();
}

}  // namespace embedscope
