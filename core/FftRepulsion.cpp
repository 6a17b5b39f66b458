#include "FftRepulsion.h"

#include <fftw3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <mutex>
#include <vector>

#include "ParallelRanges.h"

namespace embedscope {

namespace {

// FFTW's planner is not thread-safe (fftw_execute_* on new arrays is): two layouts may run at once.
std::mutex& plannerMutex() {
    static std::mutex mutex;
    return mutex;
}

struct FftwFree {
    void operator()(void* p) const { fftwf_free(p); }
};
using RealBuffer = std::unique_ptr<float[], FftwFree>;
using ComplexBuffer = std::unique_ptr<fftwf_complex[], FftwFree>;

// The smallest b >= at whose prime factors are all 2, 3, 5 or 7.
int smoothSize(int at) {
    for (int b = std::max(1, at);; ++b) {
        int rest = b;
        for (int f : {2, 3, 5, 7})
            while (rest % f == 0)
                rest /= f;
        if (rest == 1)
            return b;
    }
}

// The quadratic Lagrange weights at t (in node spacings from the box's corner, 0 <= t <= 3) of
// the nodes at 0.5, 1.5 and 2.5.
std::array<double, 3> lagrangeWeights(double t) {
    const double a = t - 0.5, b = t - 1.5, c = t - 2.5;
    return {0.5 * b * c, -a * c, 0.5 * a * b};
}

}  // namespace

double FftRepulsion::exactSums(const double* y, std::int64_t n, int threads, double* force) {
    std::vector<double> zOf(static_cast<std::size_t>(n));
    parallelRanges(threads, n, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            double fx = 0.0, fy = 0.0, zi = 0.0;
            for (std::int64_t j = 0; j < n; ++j) {
                if (j == i)
                    continue;
                const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                const double w = 1.0 / (1.0 + dx * dx + dy * dy);
                zi += w;
                fx += w * w * dx;
                fy += w * w * dy;
            }
            force[2 * i] = fx;
            force[2 * i + 1] = fy;
            zOf[static_cast<std::size_t>(i)] = zi;
        }
    });
    double z = 0.0;  // in index order, whatever the threads
    for (double v : zOf)
        z += v;
    return z;
}

// The node grid (single precision: twice the SIMD width of double, and its rounding, ~1e-7, is far
// below the interpolation's error) and FFTW's plans for one padded size P = 2m; rebuilt when the
// box count changes.
struct FftRepulsion::Grid {
    int boxes = 0;
    int m = 0;         // nodes per axis
    int padded = 0;    // P = 2m
    int spectrum = 0;  // P (P / 2 + 1): r2c's non-redundant half
    // real[0..2]: charges 1, x, y, then (after the transforms) phi2(1), phi2(x), phi2(y);
    // real[3]: phi1(1). real[0..1] hold the two kernels before the charges are spread.
    std::array<RealBuffer, 4> real;
    // complex[0..2]: the charges' spectra, then the products with K2's; complex[3]: the product
    // of charge 1's with K1's; complex[4..5]: the spectra of K1 and K2.
    std::array<ComplexBuffer, 6> complex;
    fftwf_plan forward = nullptr, inverse = nullptr;
    double kernelSpacing = -1.0;  // the node spacing complex[4..5] were computed for

    explicit Grid(int boxCount) : boxes(boxCount), m(kNodesPerBox * boxCount), padded(2 * m) {
        spectrum = padded * (padded / 2 + 1);
        const auto realSize = static_cast<std::size_t>(padded) * static_cast<std::size_t>(padded);
        for (auto& buffer : real)
            buffer.reset(fftwf_alloc_real(realSize));
        for (auto& buffer : complex)
            buffer.reset(fftwf_alloc_complex(static_cast<std::size_t>(spectrum)));
        std::lock_guard<std::mutex> lock(plannerMutex());
        forward =
            fftwf_plan_dft_r2c_2d(padded, padded, real[0].get(), complex[0].get(), FFTW_ESTIMATE);
        inverse =
            fftwf_plan_dft_c2r_2d(padded, padded, complex[0].get(), real[0].get(), FFTW_ESTIMATE);
    }
    ~Grid() {
        std::lock_guard<std::mutex> lock(plannerMutex());
        fftwf_destroy_plan(forward);
        fftwf_destroy_plan(inverse);
    }
    Grid(const Grid&) = delete;
    Grid& operator=(const Grid&) = delete;
};

FftRepulsion::FftRepulsion() = default;
FftRepulsion::~FftRepulsion() = default;

int FftRepulsion::boxes() const {
    return grid_ ? grid_->boxes : 0;
}

double FftRepulsion::compute(const double* y, std::int64_t n, int threads, double* force) {
    if (n <= 0)
        return 0.0;
    threads = std::max(1, threads);
    double lo = y[0], hi = y[0];
    for (std::int64_t c = 0; c < 2 * n; ++c) {
        lo = std::min(lo, y[c]);
        hi = std::max(hi, y[c]);
    }
    // Coincident points still need a box of positive width.
    const double length = std::max(hi - lo, 1e-9 * std::max(1.0, std::abs(lo)));
    // Boxes of width 1 / kBoxesPerUnit while there are kMinBoxes to kMaxBoxes of them: then the
    // kernels' spectra stay the same from step to step (only the box count changes, rarely).
    double width = std::min(length / kMinBoxes, 1.0 / kBoxesPerUnit);
    int boxCount = smoothSize(static_cast<int>(std::ceil(length / width)));
    if (boxCount > kMaxBoxes) {
        boxCount = kMaxBoxes;
        width = length / kMaxBoxes;
    }
    if (n <= 2 * kNodesPerBox * boxCount)
        return exactSums(y, n, threads, force);
    if (!grid_ || grid_->boxes != boxCount)
        grid_ = std::make_unique<Grid>(boxCount);
    Grid& g = *grid_;
    const int m = g.m, padded = g.padded;
    const double spacing = width / kNodesPerBox;  // delta
    const auto at = [padded](int row, int col) {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(padded) +
               static_cast<std::size_t>(col);
    };
    // The charges x and y are taken from the grid's centre: F_i = y_i phi2(1) - phi2(y) cancels
    // less there (the grid is in single precision).
    const double centre = lo + 0.5 * width * boxCount;

    if (g.kernelSpacing != spacing) {
        // The kernels on the circulant grid: offset r (0 <= r < P) stands for r or r - P nodes.
        parallelRanges(threads, padded, [&](std::int64_t begin, std::int64_t end) {
            for (auto row = static_cast<int>(begin); row < end; ++row) {
                const double dy = spacing * (row <= m ? row : row - padded);
                for (int col = 0; col < padded; ++col) {
                    const double dx = spacing * (col <= m ? col : col - padded);
                    const double w = 1.0 / (1.0 + dx * dx + dy * dy);
                    g.real[0][at(row, col)] = static_cast<float>(w);
                    g.real[1][at(row, col)] = static_cast<float>(w * w);
                }
            }
        });
        parallelRanges(threads, 2, [&](std::int64_t begin, std::int64_t end) {
            for (auto k = begin; k < end; ++k)
                fftwf_execute_dft_r2c(g.forward, g.real[static_cast<std::size_t>(k)].get(),
                                      g.complex[static_cast<std::size_t>(4 + k)].get());
        });
        g.kernelSpacing = spacing;
    }

    // Each point's box (first node per axis) and its 3 + 3 Lagrange weights.
    firstNode_.resize(static_cast<std::size_t>(2 * n));
    weight_.resize(static_cast<std::size_t>(6 * n));
    zOf_.resize(static_cast<std::size_t>(n));
    std::int32_t* const firstNode = firstNode_.data();
    double* const weight = weight_.data();
    double* const zOf = zOf_.data();
    parallelRanges(threads, n, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            for (int d = 0; d < 2; ++d) {
                const double t = (y[2 * i + d] - lo) / spacing;
                const int box = std::min(static_cast<int>(t / kNodesPerBox), g.boxes - 1);
                firstNode[static_cast<std::size_t>(2 * i + d)] = kNodesPerBox * box;
                const auto w = lagrangeWeights(t - kNodesPerBox * box);
                std::copy(w.begin(), w.end(), &weight[static_cast<std::size_t>(6 * i + 3 * d)]);
            }
    });

    // Per charge 1, x, y (one whole grid per thread, points in index order): spread it, transform
    // it and multiply by the kernels' spectra (the convolution theorem), scaled by FFTW's missing
    // 1 / P^2. Charge 1 meets both kernels: its K1 product goes to complex[3].
    const float scale = 1.0f / (float(padded) * float(padded));
    parallelRanges(threads, 3, [&](std::int64_t begin, std::int64_t end) {
        for (auto channel = begin; channel < end; ++channel) {
            float* grid = g.real[static_cast<std::size_t>(channel)].get();
            std::fill(grid, grid + at(padded, 0), 0.0f);
            for (std::int64_t i = 0; i < n; ++i) {
                const float charge =
                    static_cast<float>(channel == 0 ? 1.0 : y[2 * i + channel - 1] - centre);
                const int col0 = firstNode[static_cast<std::size_t>(2 * i)];
                const int row0 = firstNode[static_cast<std::size_t>(2 * i + 1)];
                const double* wx = &weight[static_cast<std::size_t>(6 * i)];
                const double* wy = wx + 3;
                for (int a = 0; a < 3; ++a)
                    for (int b = 0; b < 3; ++b)
                        grid[at(row0 + a, col0 + b)] += charge * static_cast<float>(wy[a] * wx[b]);
            }
            fftwf_complex* spectrum = g.complex[static_cast<std::size_t>(channel)].get();
            fftwf_execute_dft_r2c(g.forward, grid, spectrum);
            const auto value = [](const fftwf_complex& c) {
                return std::complex<float>(c[0], c[1]);
            };
            const auto store = [](fftwf_complex& c, std::complex<float> v) {
                c[0] = v.real();
                c[1] = v.imag();
            };
            for (int s = 0; s < g.spectrum; ++s) {
                const std::complex<float> charges = value(spectrum[s]) * scale;
                if (channel == 0)
                    store(g.complex[3][s], charges * value(g.complex[4][s]));
                store(spectrum[s], charges * value(g.complex[5][s]));
            }
        }
    });
    parallelRanges(threads, 4, [&](std::int64_t begin, std::int64_t end) {
        for (auto k = begin; k < end; ++k)
            fftwf_execute_dft_c2r(g.inverse, g.complex[static_cast<std::size_t>(k)].get(),
                                  g.real[static_cast<std::size_t>(k)].get());
    });

    // Read the potentials back at the points.
    parallelRanges(threads, n, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            const int col0 = firstNode[static_cast<std::size_t>(2 * i)];
            const int row0 = firstNode[static_cast<std::size_t>(2 * i + 1)];
            const double* wx = &weight[static_cast<std::size_t>(6 * i)];
            const double* wy = wx + 3;
            double phi[4] = {};
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b) {
                    const double w = wy[a] * wx[b];
                    const std::size_t node = at(row0 + a, col0 + b);
                    for (std::size_t c = 0; c < 4; ++c)
                        phi[c] += w * g.real[c][node];
                }
            // phi = phi2(1), phi2(x), phi2(y), phi1(1).
            force[2 * i] = (y[2 * i] - centre) * phi[0] - phi[1];
            force[2 * i + 1] = (y[2 * i + 1] - centre) * phi[0] - phi[2];
            zOf[static_cast<std::size_t>(i)] = phi[3] - 1.0;
        }
    });
    double z = 0.0;  // in index order, whatever the threads
    for (double v : zOf_)
        z += v;
    return z;
}

}  // namespace embedscope
