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
//
// The 2-D transforms are done as FFTW's would be, rows then columns, but skip the zero padding:
// the charges fill only rows 0 .. m - 1 of the P x P grid, so only those m rows need the
// row transform (the other rows' spectra are zero), and only rows 0 .. m - 1 of the potentials are
// read back, so only those need the inverse row transform. The column transforms stay whole. This
// saves a quarter of every charge's transforms.
struct FftRepulsion::Grid {
    int boxes = 0;
    int m = 0;         // nodes per axis
    int padded = 0;    // P = 2m
    int half = 0;      // P / 2 + 1: r2c's non-redundant columns
    int spectrum = 0;  // P (P / 2 + 1)
    // real[0..2]: charges 1, x, y, then (after the transforms) phi2(1), phi2(x), phi2(y).
    // real[0..1] hold the two kernels before the charges are spread.
    std::array<RealBuffer, 3> real;
    // complex[0..2]: the charges' spectra, then their products with K2's; complex[3..4]: the
    // spectra of K1 and K2.
    std::array<ComplexBuffer, 5> complex;
    fftwf_plan chargeRows = nullptr;      // r2c of rows 0 .. m - 1
    fftwf_plan kernelRows = nullptr;      // r2c of all P rows
    fftwf_plan columnsForward = nullptr;  // in place, all P / 2 + 1 columns
    fftwf_plan columnsInverse = nullptr;
    fftwf_plan potentialRows = nullptr;  // c2r of rows 0 .. m - 1
    double kernelSpacing = -1.0;         // the node spacing complex[3..4] were computed for

    explicit Grid(int boxCount)
        : boxes(boxCount), m(kNodesPerBox * boxCount), padded(2 * m), half(padded / 2 + 1) {
        spectrum = padded * half;
        const auto realSize = static_cast<std::size_t>(padded) * static_cast<std::size_t>(padded);
        for (auto& buffer : real)
            buffer.reset(fftwf_alloc_real(realSize));
        for (auto& buffer : complex)
            buffer.reset(fftwf_alloc_complex(static_cast<std::size_t>(spectrum)));
        std::lock_guard<std::mutex> lock(plannerMutex());
        const auto rows = [&](int count) {
            return fftwf_plan_many_dft_r2c(1, &padded, count, real[0].get(), nullptr, 1, padded,
                                           complex[0].get(), nullptr, 1, half, FFTW_ESTIMATE);
        };
        chargeRows = rows(m);
        kernelRows = rows(padded);
        const auto columns = [&](int sign) {
            return fftwf_plan_many_dft(1, &padded, half, complex[0].get(), nullptr, half, 1,
                                       complex[0].get(), nullptr, half, 1, sign, FFTW_ESTIMATE);
        };
        columnsForward = columns(FFTW_FORWARD);
        columnsInverse = columns(FFTW_BACKWARD);
        potentialRows = fftwf_plan_many_dft_c2r(1, &padded, m, complex[0].get(), nullptr, 1, half,
                                                real[0].get(), nullptr, 1, padded, FFTW_ESTIMATE);
    }
    ~Grid() {
        std::lock_guard<std::mutex> lock(plannerMutex());
        for (fftwf_plan plan :
             {chargeRows, kernelRows, columnsForward, columnsInverse, potentialRows})
            fftwf_destroy_plan(plan);
    }
    Grid(const Grid&) = delete;
    Grid& operator=(const Grid&) = delete;

    // The spectrum of a real grid whose rows from `rows` on are zero (rowPlan transforms the
    // others).
    void forward(fftwf_plan rowPlan, int rows, float* grid, fftwf_complex* out) const {
        fftwf_execute_dft_r2c(rowPlan, grid, out);
        std::fill_n(&out[static_cast<std::size_t>(rows) * static_cast<std::size_t>(half)][0],
                    2 * static_cast<std::size_t>(padded - rows) * static_cast<std::size_t>(half),
                    0.0f);
        fftwf_execute_dft(columnsForward, out, out);
    }
    // Rows 0 .. m - 1 of the (unnormalised) inverse transform; destroys in.
    void inverse(fftwf_complex* in, float* grid) const {
        fftwf_execute_dft(columnsInverse, in, in);
        fftwf_execute_dft_c2r(potentialRows, in, grid);
    }
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
                g.forward(g.kernelRows, padded, g.real[static_cast<std::size_t>(k)].get(),
                          g.complex[static_cast<std::size_t>(3 + k)].get());
        });
        g.kernelSpacing = spacing;
    }

    // Each point's box (first node per axis) and its 3 + 3 Lagrange weights.
    firstNode_.resize(static_cast<std::size_t>(2 * n));
    weight_.resize(static_cast<std::size_t>(6 * n));
    std::int32_t* const firstNode = firstNode_.data();
    double* const weight = weight_.data();
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
    // it, multiply by K2's spectrum (the convolution theorem), scaled by FFTW's missing 1 / P^2,
    // and transform back.
    //
    // Z needs no potential grid of its own: with C the spread charge-1 grid and W_ia point i's
    // weight at node a (C_a = sum_i W_ia), Z + n = sum_i phi1_i(1) = sum_i sum_a W_ia (K1 * C)_a =
    // C . (K1 * C), which by Parseval is (1 / P^2) sum_s |C^_s|^2 K1^_s over the spectrum (K1 is
    // even, so K1^ is real). In r2c's half spectrum the columns other than 0 and P / 2 stand for
    // two entries each. One inverse transform and one grid read per point fewer.
    const float scale = 1.0f / (float(padded) * float(padded));
    double chargeEnergy = 0.0;  // C . (K1 * C)
    parallelRanges(threads, 3, [&](std::int64_t begin, std::int64_t end) {
        for (auto channel = begin; channel < end; ++channel) {
            float* grid = g.real[static_cast<std::size_t>(channel)].get();
            std::fill(grid, grid + at(m, 0), 0.0f);
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
            g.forward(g.chargeRows, m, grid, spectrum);
            if (channel == 0) {
                const fftwf_complex* k1 = g.complex[3].get();
                double energy = 0.0;
                for (int row = 0; row < padded; ++row)
                    for (int col = 0; col < g.half; ++col) {
                        const auto s = static_cast<std::size_t>(row) * std::size_t(g.half) +
                                       static_cast<std::size_t>(col);
                        const double power = double(spectrum[s][0]) * spectrum[s][0] +
                                             double(spectrum[s][1]) * spectrum[s][1];
                        energy += (col == 0 || 2 * col == padded ? 1.0 : 2.0) * power * k1[s][0];
                    }
                chargeEnergy = energy / (double(padded) * double(padded));
            }
            const fftwf_complex* k2 = g.complex[4].get();
            for (int s = 0; s < g.spectrum; ++s) {
                // K2 is even too: its spectrum is real.
                const float factor = scale * k2[s][0];
                spectrum[s][0] *= factor;
                spectrum[s][1] *= factor;
            }
            g.inverse(spectrum, grid);
        }
    });

    // Read the potentials back at the points.
    parallelRanges(threads, n, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            const int col0 = firstNode[static_cast<std::size_t>(2 * i)];
            const int row0 = firstNode[static_cast<std::size_t>(2 * i + 1)];
            const double* wx = &weight[static_cast<std::size_t>(6 * i)];
            const double* wy = wx + 3;
            double phi[3] = {};
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b) {
                    const double w = wy[a] * wx[b];
                    const std::size_t node = at(row0 + a, col0 + b);
                    for (std::size_t c = 0; c < 3; ++c)
                        phi[c] += w * g.real[c][node];
                }
            // phi = phi2(1), phi2(x), phi2(y).
            force[2 * i] = (y[2 * i] - centre) * phi[0] - phi[1];
            force[2 * i + 1] = (y[2 * i + 1] - centre) * phi[0] - phi[2];
        }
    });
    const double z = chargeEnergy - double(n);
    return z;
}

}  // namespace embedscope
