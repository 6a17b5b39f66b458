// UMAP (McInnes, Healy, Melville 2018) with umap-learn 0.5.3's defaults, as a Layout.
//
// 1. The kNN graph (KnnGraph, cosine) with k = n_neighbors - 1 other rows (umap-learn counts the
//    row itself among its n_neighbors).
// 2. The fuzzy simplicial set: per row, rho = the distance to the nearest neighbour and sigma such
//    that sum_j exp(-(d_j - rho) / sigma) = log2(n_neighbors); p_ij = exp(-(d_ij - rho_i) /
//    sigma_i); then the fuzzy union W = P + P^T - P o P^T.
// 3. Initial positions: the spectral embedding of W (the normalised Laplacian's smallest
//    non-trivial eigenvectors), or the rows' principal components when the graph is not
//    connected; scaled to [0, 10] per axis.
// 4. Stochastic gradient descent on the fuzzy cross-entropy with negative sampling, the low-
//    dimensional similarity being 1 / (1 + a |y_i - y_j|^(2b)).
#pragma once

#include "KnnGraph.h"
#include "Layout.h"

namespace embedscope {

// The curve 1 / (1 + a x^(2b)) fitted by least squares to the target membership
// 1 for x < minDist, exp(-(x - minDist) / spread) beyond, at 300 points of [0, 3 spread]
// (umap-learn's find_ab_params).
struct UmapCurve {
    double a = 0;
    double b = 0;
};
UmapCurve fitUmapCurve(double minDist, double spread = 1.0);

class UmapLayout : public Layout {
public:
    explicit UmapLayout(const LayoutOptions& options) : options_(options) {}

    // Throws Error when options.dims is not 2 or 3, or neighbors < 2.
    LayoutResult run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                     const JobControl& control, const LayoutSink& sink) override;

    // The epochs a run makes: options.iterations, or 500 up to 10,000 rows and 200 above.
    int epochsFor(std::int64_t rows) const;

    // For the tests and the benchmark: the graph build's options (threshold of the approximate
    // kNN graph). Defaults to KnnOptions with the layout's seed and threads.
    void setKnnOptions(const KnnOptions& knn) { knn_ = knn; }

private:
    LayoutOptions options_;
    std::optional<KnnOptions> knn_;
};

}  // namespace embedscope
