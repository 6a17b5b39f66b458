#include "TsneLayout.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "BarnesHutTree.h"
#include "FftRepulsion.h"
#include "KnnGraph.h"
#include "ParallelRanges.h"
#include "PrincipalComponents.h"
#include "Random.h"

namespace embedscope {

namespace {

// One non-zero of P: 8 bytes, column and value together, because the attractive sum streams all
// of P every step (100k rows at perplexity 30: about 14M entries, 112 MB a step) and is bound by
// memory there; double values and separate arrays took 12 bytes in two streams. p_ij ~ 1 / (n k)
// keeps float's 24-bit relative precision; the 2-D sum adds four float partial sums (attraction2),
// the others accumulate in double.
struct AffinityEntry {
    std::int32_t column;
    float value;
};

// P in compressed rows: row i's entries are entries[start[i] .. start[i+1]), columns ascending.
// columns and values are the construction's arrays, emptied once entries is built.
struct SparseAffinities {
    std::vector<std::int64_t> start;
    std::vector<std::int32_t> columns;
    std::vector<double> values;
    std::vector<AffinityEntry> entries;
};

// p_{j|i} over row i's neighbours, with beta_i bisected so that the entropy is log(perplexity).
// Distances are shifted by the nearest one before exp(), which cancels in the normalisation and
// keeps exp() from underflowing for far-off rows.
void conditionalRow(const float* distances, int k, double perplexity, double* p) {
    const double target = std::log(perplexity);
    std::vector<double> d2(static_cast<std::size_t>(k));
    for (int j = 0; j < k; ++j)
        d2[static_cast<std::size_t>(j)] = double(distances[j]) * distances[j];
    const double nearest = *std::min_element(d2.begin(), d2.end());
    for (double& v : d2)
        v -= nearest;
    double beta = 1.0, low = 0.0, high = HUGE_VAL;
    for (int step = 0; step < 200; ++step) {
        double sum = 0.0, weighted = 0.0;
        for (int j = 0; j < k; ++j) {
            p[j] = std::exp(-beta * d2[static_cast<std::size_t>(j)]);
            sum += p[j];
            weighted += p[j] * d2[static_cast<std::size_t>(j)];
        }
        // H = log(sum) + beta * E[d^2] (natural log).
        const double entropy = std::log(sum) + beta * weighted / sum;
        for (int j = 0; j < k; ++j)
            p[j] /= sum;
        if (std::abs(entropy - target) < 1e-5)
            break;
        if (entropy > target) {  // too flat: a narrower kernel
            low = beta;
            beta = std::isinf(high) ? beta * 2.0 : 0.5 * (beta + high);
        } else {
            high = beta;
            beta = 0.5 * (beta + low);
        }
    }
}

// Takes the graph, and frees it as soon as P's entries are placed: the packed entries are built
// later, while the construction's arrays are still alive, and would otherwise raise the peak.
SparseAffinities affinities(KnnGraph graph, double perplexity, int threads,
                            const JobControl& control) {
    const std::int64_t n = graph.rows;
    const int k = graph.k;
    // More neighbours than the perplexity asks for are needed; with fewer the widest kernel
    // (uniform) is the best one can do.
    perplexity = std::clamp(perplexity, 1.0, std::max(1.0, double(k)));
    std::vector<double> conditional(static_cast<std::size_t>(n * k));
    parallelRanges(threads, n, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            conditionalRow(graph.distancesOf(i), k, perplexity,
                           &conditional[static_cast<std::size_t>(i * k)]);
    });
    control.throwIfCancelled();
    // Symmetrise: each (i, j, p_{j|i}) goes to row i and, transposed, to row j; duplicates merge.
    // The 2nk entries are written straight into the result's arrays (12 bytes each) and each row
    // is then sorted and merged in place, moving left: no second copy of the entries exists, so
    // the peak is the graph, the conditionals and these arrays (100k rows at perplexity 30: about
    // 360 MB instead of 650 MB with a separate list of (column, value) pairs).
    std::vector<std::int64_t> fill(static_cast<std::size_t>(n + 1), 0);
    for (std::int64_t i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j) {
            ++fill[static_cast<std::size_t>(i + 1)];
            ++fill[static_cast<std::size_t>(graph.neighboursOf(i)[j]) + 1];
        }
    for (std::int64_t i = 0; i < n; ++i)
        fill[static_cast<std::size_t>(i + 1)] += fill[static_cast<std::size_t>(i)];
    SparseAffinities result;
    result.columns.resize(static_cast<std::size_t>(fill[static_cast<std::size_t>(n)]));
    result.values.resize(result.columns.size());
    {
        std::vector<std::int64_t> next(fill.begin(), fill.end() - 1);
        const auto put = [&](std::int64_t row, std::int32_t column, double p) {
            const auto at = static_cast<std::size_t>(next[static_cast<std::size_t>(row)]++);
            result.columns[at] = column;
            result.values[at] = p;
        };
        for (std::int64_t i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j) {
                const std::int32_t col = graph.neighboursOf(i)[j];
                const double p = conditional[static_cast<std::size_t>(i * k + j)];
                put(i, col, p);
                put(col, static_cast<std::int32_t>(i), p);
            }
    }
    std::vector<double>().swap(conditional);
    graph = KnnGraph();
    result.start.assign(static_cast<std::size_t>(n + 1), 0);
    std::vector<std::pair<std::int32_t, double>> row;  // one row's entries, sorted
    std::size_t written = 0;
    double total = 0.0;
    for (std::int64_t i = 0; i < n; ++i) {
        const auto first = static_cast<std::size_t>(fill[static_cast<std::size_t>(i)]);
        const auto last = static_cast<std::size_t>(fill[static_cast<std::size_t>(i + 1)]);
        row.clear();
        for (std::size_t at = first; at < last; ++at)
            row.emplace_back(result.columns[at], result.values[at]);
        std::sort(row.begin(), row.end());
        const std::size_t rowStart = written;  // <= first: the merged rows only shrink
        for (const auto& [column, p] : row) {
            if (written > rowStart && result.columns[written - 1] == column) {
                result.values[written - 1] += p;
            } else {
                result.columns[written] = column;
                result.values[written] = p;
                ++written;
            }
            total += p;
        }
        result.start[static_cast<std::size_t>(i + 1)] = static_cast<std::int64_t>(written);
    }
    result.columns.resize(written);  // keeps the capacity: a shrink would copy
    result.values.resize(written);
    result.entries.resize(written);
    for (std::size_t e = 0; e < written; ++e)  // total = 2n up to rounding: sum_ij p_ij = 1
        result.entries[e] = {result.columns[e], static_cast<float>(result.values[e] / total)};
    std::vector<std::int32_t>().swap(result.columns);
    std::vector<double>().swap(result.values);
    return result;
}

// The rows' top principal components, scaled so that the first has standard deviation 1e-4
// (sklearn's and openTSNE's PCA initialisation: small, so the early steps are not dominated by
// the initial distances). Fewer rows than dims + 1: Gaussian noise of the same scale.
std::vector<double> pcaInitialisation(const Eigen::Ref<const RowMatrixXf>& rows, int dims,
                                      std::uint64_t seed) {
    const std::int64_t n = rows.rows();
    std::vector<double> y(static_cast<std::size_t>(n * dims), 0.0);
    if (n > dims && rows.cols() >= dims) {
        const PrincipalComponents pca = exactPrincipalComponents(rows, dims);
        if (pca.scores.cols() == dims) {
            const double sd = std::sqrt(pca.scores.col(0).cast<double>().squaredNorm() /
                                        std::max<double>(1.0, double(n - 1)));
            const double scale = sd > 0.0 ? 1e-4 / sd : 0.0;
            for (std::int64_t i = 0; i < n; ++i)
                for (int d = 0; d < dims; ++d)
                    y[static_cast<std::size_t>(i * dims + d)] = pca.scores(i, d) * scale;
            if (scale > 0.0)
                return y;
        }
    }
    SplitMix64 random(seed);
    for (double& v : y) {  // Box-Muller
        const double u1 = (double(random.next() >> 11) + 1.0) * 0x1.0p-53;
        const double u2 = double(random.next() >> 11) * 0x1.0p-53;
        v = 1e-4 * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
    return y;
}

// Row i's attractive sum sum_j p_ij w_ij (y_i - y_j) in 2-D, four entries at a time in SSE2
// (baseline x86-64; other CPUs take the scalar loop): the neighbours' coordinates are loaded one by
// one, the rest (differences, w_ij = 1 / (1 + d^2), one division for four, the products) is vector
// arithmetic. Four float partial sums, added in a fixed order, so the result does not depend on the
// thread.
void attraction2(const AffinityEntry* entries, std::int64_t first, std::int64_t last,
                 const float* y, const float* yi, double* out) {
    std::int64_t e = first;
    double ax = 0.0, ay = 0.0;
#if defined(__SSE2__)
    const __m128 xi = _mm_set1_ps(yi[0]), yiy = _mm_set1_ps(yi[1]), one = _mm_set1_ps(1.0f);
    __m128 sumX = _mm_setzero_ps(), sumY = _mm_setzero_ps();
    for (; e + 4 <= last; e += 4) {
        const float* a = &y[2 * std::int64_t(entries[e].column)];
        const float* b = &y[2 * std::int64_t(entries[e + 1].column)];
        const float* c = &y[2 * std::int64_t(entries[e + 2].column)];
        const float* d = &y[2 * std::int64_t(entries[e + 3].column)];
        const __m128 dx = _mm_sub_ps(xi, _mm_setr_ps(a[0], b[0], c[0], d[0]));
        const __m128 dy = _mm_sub_ps(yiy, _mm_setr_ps(a[1], b[1], c[1], d[1]));
        const __m128 p = _mm_setr_ps(entries[e].value, entries[e + 1].value, entries[e + 2].value,
                                     entries[e + 3].value);
        const __m128 d2 = _mm_add_ps(_mm_mul_ps(dx, dx), _mm_mul_ps(dy, dy));
        const __m128 pw = _mm_div_ps(p, _mm_add_ps(one, d2));
        sumX = _mm_add_ps(sumX, _mm_mul_ps(pw, dx));
        sumY = _mm_add_ps(sumY, _mm_mul_ps(pw, dy));
    }
    alignas(16) float lanesX[4], lanesY[4];
    _mm_store_ps(lanesX, sumX);
    _mm_store_ps(lanesY, sumY);
    ax = double(lanesX[0]) + lanesX[1] + lanesX[2] + lanesX[3];
    ay = double(lanesY[0]) + lanesY[1] + lanesY[2] + lanesY[3];
#endif
    // The tail (and everything without SSE2, e.g. on ARM).
    for (; e < last; ++e) {
        const float* j = &y[2 * std::int64_t(entries[e].column)];
        const float dx = yi[0] - j[0], dy = yi[1] - j[1];
        const float pw = entries[e].value / (1.0f + dx * dx + dy * dy);
        ax += double(pw * dx);
        ay += double(pw * dy);
    }
    out[0] = ax;
    out[1] = ay;
}

template <int Dim>
class Optimiser {
public:
    Optimiser(const SparseAffinities& p, std::vector<double> y, int threads, bool fft)
        : p_(p),
          y_(std::move(y)),
          n_(static_cast<std::int64_t>(y_.size()) / Dim),
          threads_(threads),
          gradient_(y_.size()),
          update_(y_.size(), 0.0),
          gains_(y_.size(), 1.0),
          repulsion_(y_.size()),
          yFloat_(y_.size()),
          z_(static_cast<std::size_t>(n_)) {
        if (fft && Dim == 2)
            fft_ = std::make_unique<FftRepulsion>();
    }

    // Forget the momentum and gains (sklearn and openTSNE restart them after early exaggeration).
    void restart() {
        std::fill(update_.begin(), update_.end(), 0.0);
        std::fill(gains_.begin(), gains_.end(), 1.0);
    }

    void step(double exaggeration, double momentum, double learningRate) {
        computeGradient(exaggeration);
        for (std::size_t c = 0; c < y_.size(); ++c) {
            const double g = gradient_[c];
            double& gain = gains_[c];
            // The step is -learningRate * gain * g: a gradient of the step's sign means the last
            // step overshot.
            gain = (g > 0.0) == (update_[c] > 0.0) ? std::max(gain * 0.8, 0.01) : gain + 0.2;
            update_[c] = momentum * update_[c] - learningRate * gain * g;
            y_[c] += update_[c];
        }
        // Centre (the objective is translation invariant; this keeps the numbers small).
        double mean[Dim] = {};
        for (std::int64_t i = 0; i < n_; ++i)
            for (int d = 0; d < Dim; ++d)
                mean[d] += y_[static_cast<std::size_t>(i * Dim + d)];
        for (std::int64_t i = 0; i < n_; ++i)
            for (int d = 0; d < Dim; ++d)
                y_[static_cast<std::size_t>(i * Dim + d)] -= mean[d] / double(n_);
    }

    const std::vector<double>& positions() const { return y_; }

private:
    // gradient_ = exaggeration * attraction - repulsion / Z (the factor 4 is in the learning
    // rate, see TsneLayout.h).
    void computeGradient(double exaggeration) {
        double z = 0.0;
        if (fft_) {
            z = fft_->compute(y_.data(), n_, threads_, repulsion_.data());
        } else {
            tree_.build(y_.data(), n_);
            // In tree order, so that a thread's points share the cells they visit.
            parallelRanges(threads_, n_, [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t at = begin; at < end; ++at) {
                    const std::int64_t i = tree_.order()[static_cast<std::size_t>(at)];
                    std::fill_n(&repulsion_[static_cast<std::size_t>(i * Dim)], Dim, 0.0);
                    z_[static_cast<std::size_t>(i)] = tree_.repulsion(
                        &y_[static_cast<std::size_t>(i * Dim)], static_cast<std::int32_t>(i),
                        TsneLayout::kTheta, &repulsion_[static_cast<std::size_t>(i * Dim)]);
                }
            });
            for (double v : z_)  // in index order, whatever the threads
                z += v;
        }
        // The attractive sum reads its neighbours' positions from a float copy (half the bytes
        // in cache; the differences need no more than float's precision), accumulating in double.
        for (std::size_t c = 0; c < y_.size(); ++c)
            yFloat_[c] = static_cast<float>(y_[c]);
        parallelRanges(threads_, n_, [&](std::int64_t begin, std::int64_t end) {
            const AffinityEntry* entries = p_.entries.data();
            const float* y = yFloat_.data();
            for (std::int64_t i = begin; i < end; ++i) {
                const float* yi = &y[i * Dim];
                if constexpr (Dim == 2) {
                    attraction2(entries, p_.start[static_cast<std::size_t>(i)],
                                p_.start[static_cast<std::size_t>(i + 1)], y, yi,
                                &gradient_[static_cast<std::size_t>(i * 2)]);
                    gradient_[static_cast<std::size_t>(i * 2)] *= exaggeration;
                    gradient_[static_cast<std::size_t>(i * 2 + 1)] *= exaggeration;
                    continue;
                }
                double attraction[Dim] = {};
                const std::int64_t last = p_.start[static_cast<std::size_t>(i + 1)];
                for (std::int64_t e = p_.start[static_cast<std::size_t>(i)]; e < last; ++e) {
                    const float* yj = &y[std::int64_t(entries[e].column) * Dim];
                    float diff[Dim];
                    float d2 = 0.0f;
                    for (int d = 0; d < Dim; ++d) {
                        diff[d] = yi[d] - yj[d];
                        d2 += diff[d] * diff[d];
                    }
                    const float pw = entries[e].value / (1.0f + d2);
                    for (int d = 0; d < Dim; ++d)
                        attraction[d] += double(pw * diff[d]);
                }
                for (int d = 0; d < Dim; ++d)
                    gradient_[static_cast<std::size_t>(i * Dim + d)] = exaggeration * attraction[d];
            }
        });
        const double inverseZ = z > 0.0 ? 1.0 / z : 0.0;
        for (std::size_t c = 0; c < y_.size(); ++c)
            gradient_[c] -= repulsion_[c] * inverseZ;
    }

    const SparseAffinities& p_;
    std::vector<double> y_;
    std::int64_t n_;
    int threads_;
    std::vector<double> gradient_, update_, gains_;
    std::vector<double> repulsion_;  // sum_j w_ij^2 (y_i - y_j), before dividing by Z
    std::vector<float> yFloat_;      // y_ in float, for the attractive sum
    std::vector<double> z_;          // sum_j w_ij per point (Barnes-Hut), summed in index order
    BarnesHutTree<Dim> tree_;
    std::unique_ptr<FftRepulsion> fft_;  // set: FFT interpolation instead of the tree (2-D)
};

RowMatrixXf toMatrix(const std::vector<double>& y, std::int64_t n, int dims) {
    RowMatrixXf positions(n, dims);
    for (std::int64_t i = 0; i < n; ++i)
        for (int d = 0; d < dims; ++d)
            positions(i, d) = static_cast<float>(y[static_cast<std::size_t>(i * dims + d)]);
    return positions;
}

template <int Dim>
LayoutResult optimise(const SparseAffinities& p, std::vector<double> y, bool warm,
                      const LayoutOptions& options, const JobControl& control,
                      const LayoutSink& sink) {
    const std::int64_t n = static_cast<std::int64_t>(y.size()) / Dim;
    const int iterations =
        options.iterations > 0
            ? options.iterations
            : (warm ? TsneLayout::kDefaultIterations - TsneLayout::kExaggerationIterations
                    : TsneLayout::kDefaultIterations);
    const int exaggerated = warm ? 0 : std::min(iterations, TsneLayout::kExaggerationIterations);
    const double learningRate = std::max(double(n) / 12.0, 50.0);
    const bool fft =
        Dim == 2 &&
        (options.tsneRepulsion == TsneRepulsion::Fft ||
         (options.tsneRepulsion == TsneRepulsion::Automatic && n >= TsneLayout::kFftMinimumRows));
    Optimiser<Dim> optimiser(p, std::move(y), std::max(1, options.threads), fft);
    LayoutProgress progress{0, iterations};
    auto lastSink = std::chrono::steady_clock::now();
    for (int iteration = 0; iteration < iterations; ++iteration) {
        control.waitWhilePaused();
        if (iteration == exaggerated && exaggerated > 0)
            optimiser.restart();
        const bool early = iteration < exaggerated;
        optimiser.step(early ? TsneLayout::kEarlyExaggeration : 1.0, early ? 0.5 : 0.8,
                       learningRate);
        progress.iteration = iteration + 1;
        const auto now = std::chrono::steady_clock::now();
        if (now - lastSink >= std::chrono::milliseconds(TsneLayout::kSinkIntervalMs)) {
            lastSink = now;
            control.report(static_cast<std::uint64_t>(progress.iteration),
                           static_cast<std::uint64_t>(iterations));
            if (sink)
                sink(toMatrix(optimiser.positions(), n, Dim), progress);
        }
    }
    control.report(static_cast<std::uint64_t>(iterations), static_cast<std::uint64_t>(iterations));
    LayoutResult result;
    result.positions = toMatrix(optimiser.positions(), n, Dim);
    result.sampledRows = n;
    result.progress = progress;
    return result;
}

}  // namespace

TsneLayout::TsneLayout(const LayoutOptions& options) : options_(options) {
    if (options.dims != 2 && options.dims != 3)
        throw std::invalid_argument("t-SNE lays out in 2 or 3 dimensions, not " +
                                    std::to_string(options.dims));
    if (!(options.perplexity > 0.0))
        throw std::invalid_argument("t-SNE's perplexity must be positive");
}

LayoutResult TsneLayout::run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                             const JobControl& control, const LayoutSink& sink) {
    const std::int64_t n = rows.rows();
    const int dims = options_.dims;
    if (n < 2) {
        LayoutResult result;
        result.positions = RowMatrixXf::Zero(n, dims);
        result.sampledRows = n;
        return result;
    }
    const bool warm = initial.rows() == n && initial.cols() == dims;
    const int k = static_cast<int>(std::min<std::int64_t>(
        n - 1, static_cast<std::int64_t>(std::ceil(3 * options_.perplexity))));
    KnnOptions knnOptions;
    knnOptions.threads = std::max(1, options_.threads);
    knnOptions.seed = options_.seed;
    const SparseAffinities p = affinities(buildKnnGraph(rows, k, knnOptions, control),
                                          options_.perplexity, knnOptions.threads, control);

    std::vector<double> y;
    if (warm) {
        y.resize(static_cast<std::size_t>(n * dims));
        for (std::int64_t i = 0; i < n; ++i)
            for (int d = 0; d < dims; ++d)
                y[static_cast<std::size_t>(i * dims + d)] = initial(i, d);
    } else {
        y = pcaInitialisation(rows, dims, options_.seed);
    }
    return dims == 2 ? optimise<2>(p, std::move(y), warm, options_, control, sink)
                     : optimise<3>(p, std::move(y), warm, options_, control, sink);
}

}  // namespace embedscope
