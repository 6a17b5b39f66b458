// The k nearest neighbours of every row by cosine similarity: the graph that t-SNE's affinities
// and UMAP's fuzzy simplicial set are built from.
#pragma once

#include <cstdint>
#include <vector>

#include "JobControl.h"
#include "Types.h"

namespace embedscope {

struct KnnGraph {
    std::int64_t rows = 0;
    int k = 0;
    // Row i's neighbours are neighbours[i*k .. i*k + k - 1], nearest first, never i itself.
    std::vector<std::int32_t> neighbours;
    // Their cosine distances 1 - cos, in [0, 2], ascending per row.
    std::vector<float> distances;

    const std::int32_t* neighboursOf(std::int64_t row) const { return &neighbours[row * k]; }
    const float* distancesOf(std::int64_t row) const { return &distances[row * k]; }
};

struct KnnOptions {
    int threads = 1;
    std::uint64_t seed = 1;  // for approximate methods
    // buildKnnGraph is exact up to this many rows and approximate (NN-descent) above: see
    // bench/README.md for the measurement that chose it. Tests lower it.
    std::int64_t exactUpToRows = 20000;
};

// Rows scaled to unit length; zero rows stay zero (their cosine with anything is 0).
RowMatrixXf unitRows(const Eigen::Ref<const RowMatrixXf>& rows);

// Exact: every pair's cosine, by blocks of unit rows (a matrix product per block), O(n^2 D).
// k is clamped to n - 1. Zero rows have cosine 0 with everything. Ties go to the lower row.
KnnGraph exactKnnGraph(const Eigen::Ref<const RowMatrixXf>& rows, int k, const KnnOptions& options,
                       const JobControl& control = {});

// The graph the layouts use: exact up to options.exactUpToRows rows, NN-descent above
// (core/NnDescent.h), whose recall is measured in bench/README.md.
KnnGraph buildKnnGraph(const Eigen::Ref<const RowMatrixXf>& rows, int k, const KnnOptions& options,
                       const JobControl& control = {});

}  // namespace embedscope
