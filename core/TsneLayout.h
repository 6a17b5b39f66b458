// t-SNE (van der Maaten & Hinton 2008) in 2-D or 3-D, with the repulsion by FFT-accelerated
// interpolation (Linderman et al. 2019, core/FftRepulsion.h; 2-D) or Barnes-Hut (van der Maaten
// 2014; 3-D, and 2-D below kFftMinimumRows rows).
//
// Input affinities. The k = min(n - 1, 3 perplexity) nearest neighbours of every row by cosine
// distance d (buildKnnGraph). For row i a Gaussian kernel on those distances,
//   p_{j|i} = exp(-beta_i d_ij^2) / sum_l exp(-beta_i d_il^2),
// with beta_i found by bisection so that the entropy H_i = -sum_j p_{j|i} log p_{j|i} equals
// log(perplexity). Then P is symmetrised, p_ij = (p_{j|i} + p_{i|j}) / 2n, so that sum_ij p_ij = 1.
//
// Output similarities: the Student-t kernel w_ij = 1 / (1 + |y_i - y_j|^2), q_ij = w_ij / Z with
// Z = sum_{k != l} w_kl. The gradient of KL(P || Q) is
//   dC/dy_i = 4 sum_j (p_ij - q_ij) w_ij (y_i - y_j)
//           = 4 [ sum_j p_ij w_ij (y_i - y_j)  -  (1/Z) sum_j w_ij^2 (y_i - y_j) ].
// The first (attractive) sum runs over P's non-zeros only. The second (repulsive) sum and Z run
// over all pairs. Barnes-Hut approximates them with a quadtree (2-D) or octree (3-D): a cell of
// width w whose centre of mass c is at distance r from y_i with w / r < theta = 0.5 counts as
// count(cell) points at c; its cost is O(n log n) per step with a large constant (a tree walk per
// point). The FFT interpolation spreads the points onto a grid of at least 150 x 150 nodes (about
// 3 per unit of the layout's width, which grows with n) and convolves it: O(n) per step plus a
// grid cost that does not depend on n directly. Measured on wiki vectors (bench/README.md,
// `embedscope-bench tsne`, 1 thread, CPU time): Barnes-Hut is cheaper below about 7,000 rows
// (1,000: 1.1 s against 2.9 s; 4,000: 5.1 s against 6.7 s), even at 7,000 (10.3 s, 10.4 s) and
// 1.3x dearer at 10,000 (16.7 s, 12.4 s); hence kFftMinimumRows.
//
// Optimisation as in sklearn and openTSNE: PCA initialisation scaled so the first axis has
// standard deviation 1e-4; gradient descent with momentum 0.5 for the first 250 iterations, under
// early exaggeration (P multiplied by 12), then momentum 0.8 without it; per-coordinate gains
// (+0.2 when the gradient changes sign against the step, x0.8 otherwise, at least 0.01). The factor
// 4 is left out of the gradient and the learning rate is max(n / 12, 50), which is
// sklearn's learning_rate='auto' (n / 48 with the factor 4 kept; Belkina et al. 2019).
//
// Determinism: the gradient of each point is computed by one thread from the same tree or grid,
// and Z is summed over the points in index order, so a fixed seed gives the same layout with any
// number of threads.
#pragma once

#include "Layout.h"

namespace embedscope {

class TsneLayout : public Layout {
public:
    static constexpr int kDefaultIterations = 1000;
    static constexpr int kExaggerationIterations = 250;
    static constexpr double kEarlyExaggeration = 12.0;
    static constexpr double kTheta = 0.5;
    // From this many rows, 2-D layouts use the FFT repulsion (LayoutOptions::tsneRepulsion
    // Automatic).
    static constexpr std::int64_t kFftMinimumRows = 7000;
    // The sink is called at most this often (wall time).
    static constexpr int kSinkIntervalMs = 40;

    // Throws std::invalid_argument for dims other than 2 or 3, or a perplexity <= 0.
    explicit TsneLayout(const LayoutOptions& options);

    // initial (n by dims) is a warm start: no early exaggeration, and by default
    // kDefaultIterations - kExaggerationIterations steps.
    LayoutResult run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                     const JobControl& control, const LayoutSink& sink) override;

private:
    LayoutOptions options_;
};

}  // namespace embedscope
