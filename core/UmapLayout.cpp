#include "UmapLayout.h"

#include <Eigen/Dense>
#include <Eigen/Sparse>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "Error.h"
#include "ParallelRanges.h"
#include "PrincipalComponents.h"
#include "Random.h"

namespace embedscope {

namespace {

using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;

// umap-learn's smooth_knn_dist constants: 64 bisection steps to a tolerance of 1e-5 on the sum,
// and sigma never below 1e-3 times the mean neighbour distance.
constexpr int kBisectionSteps = 64;
constexpr double kSumTolerance = 1e-5;
constexpr double kMinSigmaScale = 1e-3;
constexpr int kNegativeSamples = 5;  // negative_sample_rate
constexpr float kGradientClip = 4.0f;
constexpr auto kSinkInterval = std::chrono::milliseconds(40);

// A standard normal number (Box-Muller) from two uniform ones.
double normal(SplitMix64& random) {
    const double u = (static_cast<double>(random.next() >> 11) + 0.5) * 0x1.0p-53;
    const double v = static_cast<double>(random.next() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

// The membership strengths of the fuzzy simplicial set, before the union. For row i with
// neighbour distances d_1 <= ... <= d_k: rho_i = the smallest non-zero d (every row is at
// distance 0 from its nearest point: local connectivity 1), and sigma_i solves
//   sum_j exp(-max(0, d_j - rho_i) / sigma_i) = log2(k + 1)
// by bisection (the sum grows with sigma). p_ij = exp(-max(0, d_ij - rho_i) / sigma_i).
// Returns P as a sparse matrix (row i, column neighbour).
SparseRows memberships(const KnnGraph& graph, int neighbors) {
    const std::int64_t n = graph.rows;
    const int k = graph.k;
    const double target = std::log2(static_cast<double>(neighbors));
    double meanAll = 0;
    for (const float d : graph.distances)
        meanAll += d;
    meanAll /= std::max<double>(1.0, static_cast<double>(n) * (k + 1));

    std::vector<Eigen::Triplet<double, std::int64_t>> triplets;
    triplets.reserve(static_cast<std::size_t>(n * k));
    for (std::int64_t i = 0; i < n; ++i) {
        const float* d = graph.distancesOf(i);
        double rho = 0;
        for (int j = 0; j < k; ++j)
            if (d[j] > 0) {
                rho = d[j];
                break;
            }
        double lo = 0, hi = std::numeric_limits<double>::infinity(), sigma = 1.0;
        for (int step = 0; step < kBisectionSteps; ++step) {
            double sum = 0;
            for (int j = 0; j < k; ++j) {
                const double excess = d[j] - rho;
                sum += excess > 0 ? std::exp(-excess / sigma) : 1.0;
            }
            if (std::abs(sum - target) < kSumTolerance)
                break;
            if (sum > target) {
                hi = sigma;
                sigma = (lo + hi) / 2;
            } else {
                lo = sigma;
                sigma = std::isinf(hi) ? sigma * 2 : (lo + hi) / 2;
            }
        }
        // umap-learn's mean includes the row's own distance 0.
        const double meanRow = std::accumulate(d, d + k, 0.0) / (k + 1);
        sigma = std::max(sigma, kMinSigmaScale * (rho > 0 ? meanRow : meanAll));
        for (int j = 0; j < k; ++j) {
            const double excess = d[j] - rho;
            const double p = excess <= 0 || sigma == 0 ? 1.0 : std::exp(-excess / sigma);
            triplets.emplace_back(i, graph.neighboursOf(i)[j], p);
        }
    }
    SparseRows p(n, n);
    p.setFromTriplets(triplets.begin(), triplets.end());
    return p;
}

// The number of connected components of the symmetric graph w (union-find).
std::int64_t components(const SparseRows& w) {
    std::vector<std::int64_t> parent(static_cast<std::size_t>(w.rows()));
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&](std::int64_t x) {
        while (parent[std::size_t(x)] != x)
            x = parent[std::size_t(x)] = parent[std::size_t(parent[std::size_t(x)])];
        return x;
    };
    std::int64_t count = w.rows();
    for (std::int64_t i = 0; i < w.outerSize(); ++i)
        for (SparseRows::InnerIterator it(w, i); it; ++it) {
            const std::int64_t a = root(i), b = root(it.col());
            if (a != b) {
                parent[std::size_t(a)] = b;
                --count;
            }
        }
    return count;
}

// The spectral embedding of the connected graph w: the eigenvectors of the normalised Laplacian
// L = I - D^-1/2 W D^-1/2 (D the degrees) for its smallest eigenvalues after the trivial 0, whose
// eigenvector is D^1/2 1. They are the largest of M = D^-1/2 W D^-1/2 (eigenvalues in [-1, 1]),
// found by block power iteration on (I + M) / 2 (eigenvalues in [0, 1], so the wanted ones are
// the largest in magnitude) with the trivial vector projected out, an orthonormalisation per
// step and Rayleigh-Ritz at the end. The block carries 4 extra vectors, which speeds the
// convergence of the wanted ones (rate lambda_{m+1} / lambda_i). umap-learn asks ARPACK for a
// tolerance of 1e-4; a starting layout needs no more.
Eigen::MatrixXd spectralEmbedding(const SparseRows& w, int dims, std::uint64_t seed,
                                  const JobControl& control) {
    const std::int64_t n = w.rows();
    Eigen::VectorXd degree = Eigen::VectorXd::Zero(n);
    for (std::int64_t i = 0; i < n; ++i)
        for (SparseRows::InnerIterator it(w, i); it; ++it)
            degree(i) += it.value();
    const Eigen::VectorXd invSqrt = degree.cwiseMax(1e-300).cwiseSqrt().cwiseInverse();
    SparseRows m = w;
    for (std::int64_t i = 0; i < n; ++i)
        for (SparseRows::InnerIterator it(m, i); it; ++it)
            it.valueRef() *= invSqrt(i) * invSqrt(it.col());
    const Eigen::VectorXd trivial = degree.cwiseSqrt().normalized();

    const int block = std::min<int>(dims + 4, static_cast<int>(n) - 1);
    SplitMix64 random(seed ^ 0x5bd1e995ULL);
    Eigen::MatrixXd y(n, block);
    for (Eigen::Index i = 0; i < y.size(); ++i)
        y.data()[i] = normal(random);
    // Cholesky QR, twice (CholQR2: the second pass repairs the first's loss of orthogonality):
    // X^T X = R^T R, X <- X R^-1. Cheaper than Householder's explicit Q for n >> m.
    auto orthonormalise = [&](Eigen::MatrixXd& x) {
        x -= trivial * (trivial.transpose() * x);
        for (int pass = 0; pass < 2; ++pass) {
            const Eigen::MatrixXd gram = x.transpose() * x;
            const Eigen::LLT<Eigen::MatrixXd> cholesky(gram);
            if (cholesky.info() != Eigen::Success) {
                Eigen::HouseholderQR<Eigen::MatrixXd> qr(x);
                x = qr.householderQ() * Eigen::MatrixXd::Identity(n, block);
                return;
            }
            const Eigen::MatrixXd r = cholesky.matrixU();
            x = r.triangularView<Eigen::Upper>().solve<Eigen::OnTheRight>(x);
        }
    };
    orthonormalise(y);
    constexpr int kMaxSteps = 600;
    constexpr int kCheckEvery = 10;
    Eigen::VectorXd lastRitz = Eigen::VectorXd::Zero(block);
    Eigen::MatrixXd my(n, block);
    for (int step = 1; step <= kMaxSteps; ++step) {
        my.noalias() = m * y;
        y = 0.5 * (y + my);
        orthonormalise(y);
        if (step % kCheckEvery == 0) {
            control.throwIfCancelled();
            my.noalias() = m * y;
            const Eigen::MatrixXd t = y.transpose() * my;
            Eigen::VectorXd ritz = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(t).eigenvalues();
            // The wanted values are near 1: judge their change relative to their distance from 1
            // (the Laplacian's eigenvalues), where the embedding's shape is decided.
            const double change = (ritz - lastRitz).tail(dims).cwiseAbs().maxCoeff();
            const double scale = std::max(1e-12, 1.0 - ritz(block - dims));
            lastRitz = ritz;
            if (change < 3e-4 * scale)
                break;
        }
    }
    my.noalias() = m * y;
    const Eigen::MatrixXd t = y.transpose() * my;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ritz(t);
    // Eigenvalues ascending: the last dims are the largest, the wanted ones; nearest 1 first.
    Eigen::MatrixXd result(n, dims);
    for (int c = 0; c < dims; ++c)
        result.col(c) = y * ritz.eigenvectors().col(block - 1 - c);
    return result;
}

// Every column mapped linearly onto [0, 10] (umap-learn rescales every initialisation so); a
// constant column becomes 5.
void scaleToTen(RowMatrixXf& positions) {
    for (Eigen::Index c = 0; c < positions.cols(); ++c) {
        const float lo = positions.col(c).minCoeff();
        const float hi = positions.col(c).maxCoeff();
        if (hi > lo)
            positions.col(c) = (positions.col(c).array() - lo) * (10.0f / (hi - lo));
        else
            positions.col(c).setConstant(5.0f);
    }
}

// 2^p and log2(x) to a relative error of about 1e-4 (Mineiro's fastapprox): d2^b = 2^(b log2 d2)
// at a fraction of std::exp + std::log, which were a quarter of the epochs' time. The gradient's
// own noise (one sampled edge at a time) is far larger.
inline float fastLog2(float x) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const std::uint32_t mantissaBits = (bits & 0x007FFFFFu) | 0x3f000000u;
    float mantissa;
    std::memcpy(&mantissa, &mantissaBits, sizeof mantissa);
    const float y = static_cast<float>(bits) * 1.1920928955078125e-7f;
    return y - 124.22551499f - 1.498030302f * mantissa - 1.72587999f / (0.3520887068f + mantissa);
}

inline float fastPow2(float p) {
    const float clipped = std::max(p, -126.0f);
    const float offset = clipped < 0 ? 1.0f : 0.0f;
    const float z = clipped - static_cast<float>(static_cast<int>(clipped)) + offset;
    const auto bits = static_cast<std::uint32_t>(
        (1 << 23) * (clipped + 121.2740575f + 27.7280233f / (4.84252568f - z) - 1.49012907f * z));
    float result;
    std::memcpy(&result, &bits, sizeof result);
    return result;
}

// x^b for x > 0.
inline float fastPow(float x, float b) {
    return fastPow2(b * fastLog2(x));
}

// The graph's directed edges (both directions of every pair) with their sampling schedule.
struct Edges {
    std::vector<std::int32_t> head, tail;
    std::vector<float> epochsPerSample;
};

}  // namespace

// One epoch's stochastic gradient steps over edges [first, last). With y_i, y_j the endpoints and
// d2 = |y_i - y_j|^2, the low-dimensional membership is q = 1 / (1 + a d2^b); the cross-entropy's
// attraction moves y_i by
//   alpha * clip(-2ab d2^(b-1) / (1 + a d2^b) * (y_i - y_j))
// and y_j by the opposite, and each of the kNegativeSamples random rows k pushes y_i by
//   alpha * clip(2b / ((0.001 + d2) (1 + a d2^b)) * (y_i - y_k))
// (gamma = 1), clip limiting every coordinate to [-4, 4]. An edge of weight w is sampled every
// w_max / w epochs, and its negatives every w_max / (5 w): umap-learn's
// _optimize_layout_euclidean_single_epoch.
struct UmapEpoch {
    float* y;
    int dims;
    std::int32_t n;
    float a, b;
    const Edges& edges;
    std::vector<float>& nextSample;
    std::vector<float>& nextNegative;

    void steps(std::size_t first, std::size_t last, int epoch, float alpha,
               SplitMix64& random) const;
};

void UmapEpoch::steps(std::size_t first, std::size_t last, int epoch, float alpha,
                      SplitMix64& random) const {
    const auto now = static_cast<float>(epoch);
    for (std::size_t e = first; e < last; ++e) {
        if (nextSample[e] > now)
            continue;
        const std::int32_t i = edges.head[e];
        float* yi = y + static_cast<std::ptrdiff_t>(i) * dims;
        float* yj = y + static_cast<std::ptrdiff_t>(edges.tail[e]) * dims;
        float d2 = 0;
        for (int c = 0; c < dims; ++c)
            d2 += (yi[c] - yj[c]) * (yi[c] - yj[c]);
        if (d2 > 0) {
            // d2^b, and d2^(b-1) = d2^b / d2.
            const float powB = fastPow(d2, b);
            const float coeff = -2.0f * a * b * (powB / d2) / (a * powB + 1.0f);
            for (int c = 0; c < dims; ++c) {
                const float g =
                    std::clamp(coeff * (yi[c] - yj[c]), -kGradientClip, kGradientClip) * alpha;
                yi[c] += g;
                yj[c] -= g;
            }
        }
        const float perSample = edges.epochsPerSample[e];
        nextSample[e] += perSample;
        const float perNegative = perSample / kNegativeSamples;
        const int negatives = static_cast<int>((now - nextNegative[e]) / perNegative);
        // The negatives' pushes are summed against y_i as it stands and applied together
        // (umap-learn applies each at once). Each step is small (clipped, times alpha <= 1),
        // and the sum frees the negatives from waiting on one another: the chain of three
        // divisions per negative was the epochs' critical path.
        float push[3] = {0, 0, 0};
        for (int s = 0; s < negatives; ++s) {
            // A uniform row in [0, n) by a multiply-shift (no 64-bit division).
            const auto k =
                static_cast<std::int32_t>(((random.next() >> 32) * std::uint64_t(n)) >> 32);
            if (k == i)
                continue;
            const float* yk = y + static_cast<std::ptrdiff_t>(k) * dims;
            float dk = 0;
            for (int c = 0; c < dims; ++c)
                dk += (yi[c] - yk[c]) * (yi[c] - yk[c]);
            if (dk > 0) {
                const float powB = fastPow(dk, b);
                const float coeff = 2.0f * b / ((0.001f + dk) * (a * powB + 1.0f));
                for (int c = 0; c < dims; ++c)
                    push[c] += std::clamp(coeff * (yi[c] - yk[c]), -kGradientClip, kGradientClip);
            } else {
                // Two rows on the same spot: umap-learn pushes by the clip in every axis.
                for (int c = 0; c < dims; ++c)
                    push[c] += kGradientClip;
            }
        }
        for (int c = 0; c < dims; ++c)
            yi[c] += push[c] * alpha;
        nextNegative[e] += static_cast<float>(negatives) * perNegative;
    }
}

// The threads' unlocked updates of shared rows race by design: tests/sanitizers/tsan.supp
// suppresses races under this frame (by its name).
static void hogwildUmapSteps(const UmapEpoch& step, std::size_t first, std::size_t last, int epoch,
                             float alpha, SplitMix64& random) {
    step.steps(first, last, epoch, alpha, random);
}

UmapCurve fitUmapCurve(double minDist, double spread) {
    // Levenberg-Marquardt on the two parameters from a = b = 1 (scipy's curve_fit default).
    constexpr int kPoints = 300;
    std::vector<double> x(kPoints), target(kPoints);
    for (int i = 0; i < kPoints; ++i) {
        x[std::size_t(i)] = 3.0 * spread * i / (kPoints - 1);
        target[std::size_t(i)] =
            x[std::size_t(i)] < minDist ? 1.0 : std::exp(-(x[std::size_t(i)] - minDist) / spread);
    }
    auto residuals = [&](double a, double b, Eigen::VectorXd* r, Eigen::MatrixXd* jacobian) {
        double cost = 0;
        for (int i = 0; i < kPoints; ++i) {
            const double xi = x[std::size_t(i)];
            const double p = xi > 0 ? std::pow(xi, 2 * b) : 0.0;  // x^(2b)
            const double f = 1.0 / (1.0 + a * p);
            const double ri = f - target[std::size_t(i)];
            cost += ri * ri;
            if (r)
                (*r)(i) = ri;
            if (jacobian) {
                // df/da = -x^(2b) f^2, df/db = -2 a x^(2b) ln x f^2 (0 at x = 0).
                (*jacobian)(i, 0) = -p * f * f;
                (*jacobian)(i, 1) = xi > 0 ? -2.0 * a * p * std::log(xi) * f * f : 0.0;
            }
        }
        return cost;
    };
    double a = 1, b = 1, lambda = 1e-3;
    Eigen::VectorXd r(kPoints);
    Eigen::MatrixXd jacobian(kPoints, 2);
    double cost = residuals(a, b, &r, &jacobian);
    for (int step = 0; step < 200; ++step) {
        const Eigen::Matrix2d normal = jacobian.transpose() * jacobian;
        const Eigen::Vector2d gradient = jacobian.transpose() * r;
        Eigen::Matrix2d damped = normal;
        damped.diagonal() *= 1.0 + lambda;
        const Eigen::Vector2d delta = damped.ldlt().solve(-gradient);
        const double trial = residuals(a + delta(0), b + delta(1), nullptr, nullptr);
        if (trial < cost) {
            a += delta(0);
            b += delta(1);
            const double improvement = cost - trial;
            cost = residuals(a, b, &r, &jacobian);
            lambda = std::max(lambda / 10, 1e-12);
            if (improvement < 1e-15 * std::max(1.0, cost))
                break;
        } else {
            lambda *= 10;
            if (lambda > 1e12)
                break;
        }
    }
    return {a, b};
}

int UmapLayout::epochsFor(std::int64_t rows) const {
    if (options_.iterations > 0)
        return options_.iterations;
    return rows <= 10000 ? 500 : 200;
}

LayoutResult UmapLayout::run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                             const JobControl& control, const LayoutSink& sink) {
    if (options_.dims != 2 && options_.dims != 3)
        throw Error("UMAP: the layout has 2 or 3 dimensions, not " + std::to_string(options_.dims));
    if (options_.neighbors < 2)
        throw Error("UMAP: n_neighbors must be at least 2, not " +
                    std::to_string(options_.neighbors));
    const std::int64_t n = rows.rows();
    const int dims = options_.dims;
    const int epochs = epochsFor(n);
    LayoutResult result;
    result.sampledRows = n;
    result.progress = {0, epochs};
    result.positions = RowMatrixXf::Zero(n, dims);
    if (n < 3) {
        // Nothing to lay out: a point, or two points a unit apart.
        if (n == 2)
            result.positions(1, 0) = 1.0f;
        result.progress.iteration = epochs;
        return result;
    }

    KnnOptions knn = knn_.value_or(KnnOptions{});
    if (!knn_) {
        knn.threads = options_.threads;
        knn.seed = options_.seed;
    }
    // The layout's progress is its epochs: the graph build only hears about cancellation.
    JobControl graphControl;
    graphControl.cancel = control.cancel;
    const KnnGraph graph = buildKnnGraph(rows, options_.neighbors - 1, knn, graphControl);

    // The fuzzy union W = P + P^T - P o P^T (the probabilistic t-conorm: an edge exists when
    // either endpoint's local view says so).
    SparseRows w;
    {
        const SparseRows p = memberships(graph, std::min<int>(options_.neighbors, graph.k + 1));
        const SparseRows pt = p.transpose();
        w = SparseRows(p + pt) - SparseRows(p.cwiseProduct(pt));
    }
    // umap-learn drops the edges too weak to be sampled even once in the run: w < w_max / epochs.
    double maxWeight = 0;
    for (std::int64_t i = 0; i < w.outerSize(); ++i)
        for (SparseRows::InnerIterator it(w, i); it; ++it)
            maxWeight = std::max(maxWeight, it.value());
    w.prune([&](std::int64_t, std::int64_t, double value) { return value >= maxWeight / epochs; });
    control.throwIfCancelled();

    // Initial positions.
    RowMatrixXf& y = result.positions;
    if (initial.rows() == n && initial.cols() == dims) {
        y = initial;
    } else if (components(w) == 1) {
        const Eigen::MatrixXd spectral = spectralEmbedding(w, dims, options_.seed, control);
        // umap-learn: scale to a maximum magnitude of 10 and add noise of 1e-4 (which breaks
        // exact ties) before the [0, 10] rescaling below.
        const double expansion = 10.0 / std::max(1e-300, spectral.cwiseAbs().maxCoeff());
        SplitMix64 noise(options_.seed ^ 0x9e3779b97f4a7c15ULL);
        for (std::int64_t i = 0; i < n; ++i)
            for (int c = 0; c < dims; ++c)
                y(i, c) = static_cast<float>(spectral(i, c) * expansion + 1e-4 * normal(noise));
    } else {
        // Several components: their spectral embeddings would collapse each component onto a
        // point, so start from the principal components instead.
        y = exactPrincipalComponents(rows, dims).scores;
        if (y.cols() < dims)
            y.conservativeResize(n, dims);
    }
    scaleToTen(y);

    // The edges, row by row (deterministic order), with their sampling periods w_max / w.
    Edges edges;
    edges.head.reserve(static_cast<std::size_t>(w.nonZeros()));
    edges.tail.reserve(static_cast<std::size_t>(w.nonZeros()));
    edges.epochsPerSample.reserve(static_cast<std::size_t>(w.nonZeros()));
    for (std::int64_t i = 0; i < w.outerSize(); ++i)
        for (SparseRows::InnerIterator it(w, i); it; ++it) {
            edges.head.push_back(static_cast<std::int32_t>(i));
            edges.tail.push_back(static_cast<std::int32_t>(it.col()));
            edges.epochsPerSample.push_back(static_cast<float>(maxWeight / it.value()));
        }
    std::vector<float> nextSample = edges.epochsPerSample;
    std::vector<float> nextNegative(edges.epochsPerSample.size());
    for (std::size_t e = 0; e < nextNegative.size(); ++e)
        nextNegative[e] = edges.epochsPerSample[e] / kNegativeSamples;

    const UmapCurve curve = fitUmapCurve(options_.minDist);
    const UmapEpoch step{y.data(),
                         dims,
                         static_cast<std::int32_t>(n),
                         static_cast<float>(curve.a),
                         static_cast<float>(curve.b),
                         edges,
                         nextSample,
                         nextNegative};

    // Threads: umap-learn's parallel mode, "hogwild": every thread takes a contiguous share of
    // the edges and updates the shared positions without locks. Two threads seldom touch one row
    // at once, and a lost update is one more bit of the noise SGD lives with. One thread gives
    // the same layout on every run for a seed.
    const int threads =
        std::max(1, std::min<int>(options_.threads, static_cast<int>(edges.head.size() / 4096)));
    std::vector<SplitMix64> randoms;
    for (int t = 0; t < threads; ++t)
        randoms.emplace_back(options_.seed * 0x9E3779B97F4A7C15ULL + std::uint64_t(t) + 1);
    const std::size_t edgeCount = edges.head.size();
    auto lastSink = std::chrono::steady_clock::now();
    for (int epoch = 0; epoch < epochs; ++epoch) {
        control.waitWhilePaused();
        // alpha = 1 - epoch / epochs: the learning rate decays linearly to 0.
        const float alpha = 1.0f - static_cast<float>(epoch) / static_cast<float>(epochs);
        parallelRangesIndexed(threads, std::int64_t(edgeCount),
                              [&](int t, std::int64_t begin, std::int64_t end) {
                                  hogwildUmapSteps(step, std::size_t(begin), std::size_t(end),
                                                   epoch, alpha, randoms[std::size_t(t)]);
                              });
        result.progress.iteration = epoch + 1;
        control.report(static_cast<std::uint64_t>(epoch + 1), static_cast<std::uint64_t>(epochs));
        const auto now = std::chrono::steady_clock::now();
        if (sink && now - lastSink >= kSinkInterval) {
            sink(y, result.progress);
            lastSink = now;
        }
    }
    control.throwIfCancelled();
    return result;
}

}  // namespace embedscope
