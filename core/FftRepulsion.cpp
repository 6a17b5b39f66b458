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
// read back, so only those need the inverse row transform. This saves a quarter of every
// transform. The column transforms go out of place into a transposed spectrum (one column's P
// values contiguous) and back: FFTW's in-place transform of P / 2 + 1 columns at a stride of
// P / 2 + 1 copied them through buffers and took 1.8x as long (360 x 720 grid, FFTW 3.3.10).
//
// Every transform is split into two parts (rows 0 .. s - 1 and s .. m - 1 with s on a box
// boundary, columns 0 .. c - 1 and c .. P / 2), each with its own plan, so that two threads share
// the work evenly; the split does not depend on the number of threads, so neither do the results.
struct FftRepulsion::Grid {
    static constexpr int kParts = 2;
    static constexpr int kPotentials = 2;  // Kx * C and Ky * C

    int boxes = 0;
    int m = 0;                                  // nodes per axis
    int padded = 0;                             // P = 2m
    int half = 0;                               // P / 2 + 1: r2c's non-redundant columns
    int spectrum = 0;                           // P (P / 2 + 1)
    std::array<int, kParts + 1> rowSplit{};     // rows of part h: rowSplit[h] .. rowSplit[h + 1]
    std::array<int, kParts + 1> columnSplit{};  // likewise, columns of the spectrum
    // grid[0]: the charge grid C, row-major P x P (rows m .. P - 1 unused); grid[1 + p]: the
    // potential p. The same memory holds the transposed spectra in between (column j's P values
    // at j P; 2 spectrum floats >= P^2): C's, then C's times the kernel's.
    // Before the charges are spread, grid[k] holds kernel k.
    std::array<RealBuffer, 1 + kPotentials> grid;
    // The row spectra (P x (P / 2 + 1), row-major) of grid[k].
    std::array<ComplexBuffer, 1 + kPotentials> rowSpectrum;
    // Transposed as above: the real spectrum of the even K1 and the imaginary spectra of the odd
    // Kx and Ky.
    std::array<RealBuffer, 1 + kPotentials> kernelSpectrum;
    std::array<fftwf_plan, kParts> rowsForward{};     // r2c, part of rows 0 .. m - 1
    std::array<fftwf_plan, kParts> columnsForward{};  // row spectrum -> transposed, part
    std::array<fftwf_plan, kParts> columnsInverse{};  // transposed -> row spectrum, part
    std::array<fftwf_plan, kParts> rowsInverse{};     // c2r, part of rows 0 .. m - 1
    fftwf_plan kernelRows = nullptr;                  // r2c of all P rows
    double kernelSpacing = -1.0;  // the node spacing kernelSpectrum was computed for

    explicit Grid(int boxCount)
        : boxes(boxCount), m(kNodesPerBox * boxCount), padded(2 * m), half(padded / 2 + 1) {
        spectrum = padded * half;
        rowSplit = {0, kNodesPerBox * (boxCount / 2), m};
        columnSplit = {0, (half + 1) / 2, half};
        for (auto& buffer : grid)
            buffer.reset(fftwf_alloc_real(2 * static_cast<std::size_t>(spectrum)));
        for (auto& buffer : rowSpectrum)
            buffer.reset(fftwf_alloc_complex(static_cast<std::size_t>(spectrum)));
        for (auto& buffer : kernelSpectrum)
            buffer.reset(fftwf_alloc_real(static_cast<std::size_t>(spectrum)));
        std::lock_guard<std::mutex> lock(plannerMutex());
        // Each part's plan is made on the arrays at that part's offset, so that FFTW sees the
        // alignment the new-array executes will have.
        float* const real = grid[0].get();
        fftwf_complex* const rows = rowSpectrum[0].get();
        fftwf_complex* const transposed = transposedSpectrum(0);
        for (int h = 0; h < kParts; ++h) {
            const int rowCount = rowSplit[h + 1] - rowSplit[h];
            const int columnCount = columnSplit[h + 1] - columnSplit[h];
            float* const realRows = real + realAt(rowSplit[h]);
            fftwf_complex* const spectrumRows = rows + spectrumAt(rowSplit[h]);
            rowsForward[h] =
                fftwf_plan_many_dft_r2c(1, &padded, rowCount, realRows, nullptr, 1, padded,
                                        spectrumRows, nullptr, 1, half, FFTW_ESTIMATE);
            rowsInverse[h] =
                fftwf_plan_many_dft_c2r(1, &padded, rowCount, spectrumRows, nullptr, 1, half,
                                        realRows, nullptr, 1, padded, FFTW_ESTIMATE);
            fftwf_complex* const columns = rows + columnSplit[h];
            fftwf_complex* const transposedColumns = transposed + transposedAt(columnSplit[h]);
            columnsForward[h] = fftwf_plan_many_dft(1, &padded, columnCount, columns, nullptr, half,
                                                    1, transposedColumns, nullptr, 1, padded,
                                                    FFTW_FORWARD, FFTW_ESTIMATE);
            columnsInverse[h] =
                fftwf_plan_many_dft(1, &padded, columnCount, transposedColumns, nullptr, 1, padded,
                                    columns, nullptr, half, 1, FFTW_BACKWARD, FFTW_ESTIMATE);
        }
        kernelRows = fftwf_plan_many_dft_r2c(1, &padded, padded, real, nullptr, 1, padded, rows,
                                             nullptr, 1, half, FFTW_ESTIMATE);
    }
    ~Grid() {
        std::lock_guard<std::mutex> lock(plannerMutex());
        for (int h = 0; h < kParts; ++h)
            for (fftwf_plan plan :
                 {rowsForward[h], columnsForward[h], columnsInverse[h], rowsInverse[h]})
                fftwf_destroy_plan(plan);
        fftwf_destroy_plan(kernelRows);
    }
    Grid(const Grid&) = delete;
    Grid& operator=(const Grid&) = delete;

    // Offsets: of a row in a real grid, of a row in a row spectrum, of a column in a transposed
    // spectrum.
    std::size_t realAt(int row) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(padded);
    }
    std::size_t spectrumAt(int row) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(half);
    }
    std::size_t transposedAt(int column) const {
        return static_cast<std::size_t>(column) * static_cast<std::size_t>(padded);
    }
    float* realGrid(int k) const { return grid[static_cast<std::size_t>(k)].get(); }
    fftwf_complex* rows(int k) const { return rowSpectrum[static_cast<std::size_t>(k)].get(); }
    fftwf_complex* transposedSpectrum(int k) const {
        return reinterpret_cast<fftwf_complex*>(realGrid(k));
    }

    // Part h of the row transform of rows 0 .. m - 1 of grid k, and zeros in part h of its row
    // spectrum's rows m .. P - 1 (the zero padding; inverse column transforms overwrite them).
    void forwardRows(int k, int h) const {
        fftwf_execute_dft_r2c(rowsForward[h], realGrid(k) + realAt(rowSplit[h]),
                              rows(k) + spectrumAt(rowSplit[h]));
        const int padRows = padded - m;
        const int first = m + padRows * h / kParts, last = m + padRows * (h + 1) / kParts;
        std::fill_n(&rows(k)[spectrumAt(first)][0], 2 * spectrumAt(last - first), 0.0f);
    }
    void forwardColumns(int k, int h) const {
        fftwf_execute_dft(columnsForward[h], rows(k) + columnSplit[h],
                          transposedSpectrum(k) + transposedAt(columnSplit[h]));
    }
    void inverseColumns(int k, int h) const {
        fftwf_execute_dft(columnsInverse[h], transposedSpectrum(k) + transposedAt(columnSplit[h]),
                          rows(k) + columnSplit[h]);
    }
    // Part h of rows 0 .. m - 1 of the (unnormalised) inverse transform; destroys that part of
    // the row spectrum.
    void inverseRows(int k, int h) const {
        fftwf_execute_dft_c2r(rowsInverse[h], rows(k) + spectrumAt(rowSplit[h]),
                              realGrid(k) + realAt(rowSplit[h]));
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
    // Narrower or wider layouts get kMinBoxes or kMaxBoxes boxes of a width rounded up to a power
    // of 2^(1/4), so the grid covers the points with some room, and the kernels' spectra (three
    // transforms, twice a step's) are recomputed when the width crosses a step: about 60 times
    // while the layout grows from 1e-4 to 50 units, not at each of the ~300 steps it takes.
    const double unit = 1.0 / kBoxesPerUnit;
    const auto roundedUp = [](double w) { return std::exp2(std::ceil(4.0 * std::log2(w)) / 4.0); };
    double width = unit;
    int boxCount = smoothSize(static_cast<int>(std::ceil(length / unit)));
    if (boxCount < kMinBoxes) {
        boxCount = kMinBoxes;
        width = std::min(roundedUp(length / kMinBoxes), unit);
    } else if (boxCount > kMaxBoxes) {
        boxCount = kMaxBoxes;
        width = roundedUp(length / kMaxBoxes);
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

    if (g.kernelSpacing != spacing) {
        // The kernels on the circulant grid: offset r (0 <= r < P) stands for r or r - P nodes.
        // Node offsets between grid nodes lie within +-(m - 1), so offset m is never used: the
        // odd kernels are 0 there, which keeps them odd on the circulant grid (their spectra
        // imaginary).
        parallelRanges(threads, padded, [&](std::int64_t begin, std::int64_t end) {
            for (auto row = static_cast<int>(begin); row < end; ++row) {
                const double dy = spacing * (row <= m ? row : row - padded);
                for (int col = 0; col < padded; ++col) {
                    const double dx = spacing * (col <= m ? col : col - padded);
                    const double w = 1.0 / (1.0 + dx * dx + dy * dy);
                    const bool edge = row == m || col == m;
                    g.grid[0][at(row, col)] = static_cast<float>(w);
                    g.grid[1][at(row, col)] = edge ? 0.0f : static_cast<float>(w * w * dx);
                    g.grid[2][at(row, col)] = edge ? 0.0f : static_cast<float>(w * w * dy);
                }
            }
        });
        parallelRanges(threads, 1 + Grid::kPotentials, [&](std::int64_t begin, std::int64_t end) {
            for (auto k = static_cast<int>(begin); k < end; ++k) {
                fftwf_execute_dft_r2c(g.kernelRows, g.realGrid(k), g.rows(k));
                for (int h = 0; h < Grid::kParts; ++h)
                    g.forwardColumns(k, h);
                const fftwf_complex* transposed = g.transposedSpectrum(k);
                float* kernel = g.kernelSpectrum[static_cast<std::size_t>(k)].get();
                const int part = k == 0 ? 0 : 1;  // K1: real; Kx, Ky: imaginary
                for (int s = 0; s < g.spectrum; ++s)
                    kernel[s] = transposed[s][part];
            }
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

    // Runs body(part) or body(potential, part) for each part, split over the threads in a fixed
    // way.
    const auto eachPart = [&](int count, const auto& body) {
        parallelRanges(threads, count * Grid::kParts, [&](std::int64_t begin, std::int64_t end) {
            for (auto task = static_cast<int>(begin); task < end; ++task)
                body(task % count, task / count);
        });
    };
    // Spread the unit charges onto part h's rows (whole boxes, so each point's 3 rows are in one
    // part; points in index order) and transform those rows.
    eachPart(1, [&](int, int h) {
        float* grid = g.realGrid(0);
        const int firstRow = g.rowSplit[h], lastRow = g.rowSplit[h + 1];
        std::fill(grid + at(firstRow, 0), grid + at(lastRow, 0), 0.0f);
        for (std::int64_t i = 0; i < n; ++i) {
            const int row0 = firstNode[static_cast<std::size_t>(2 * i + 1)];
            if (row0 < firstRow || row0 >= lastRow)
                continue;
            const int col0 = firstNode[static_cast<std::size_t>(2 * i)];
            const double* wx = &weight[static_cast<std::size_t>(6 * i)];
            const double* wy = wx + 3;
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b)
                    grid[at(row0 + a, col0 + b)] += static_cast<float>(wy[a] * wx[b]);
        }
        g.forwardRows(0, h);
    });
    // Part h's columns: transform C, its part of C . (K1 * C), and for Kx and Ky the product of
    // the spectra, scaled by FFTW's missing 1 / P^2, transformed back.
    const float scale = 1.0f / (float(padded) * float(padded));
    std::array<double, Grid::kParts> energyOfPart{};  // C . (K1 * C) over each part's columns
    eachPart(1, [&](int, int h) {
        g.forwardColumns(0, h);
        const fftwf_complex* charge = g.transposedSpectrum(0);
        const auto first = g.transposedAt(g.columnSplit[h]);
        const auto last = g.transposedAt(g.columnSplit[h + 1]);
        const float* k1 = g.kernelSpectrum[0].get();
        double energy = 0.0;
        for (int col = g.columnSplit[h]; col < g.columnSplit[h + 1]; ++col) {
            const double twice = col == 0 || 2 * col == padded ? 1.0 : 2.0;
            for (auto s = g.transposedAt(col); s < g.transposedAt(col + 1); ++s) {
                const double power =
                    double(charge[s][0]) * charge[s][0] + double(charge[s][1]) * charge[s][1];
                energy += twice * power * k1[s];
            }
        }
        energyOfPart[static_cast<std::size_t>(h)] = energy;
        for (int p = 0; p < Grid::kPotentials; ++p) {
            // C^ times i K^ (K^ the stored imaginary part).
            const float* kernel = g.kernelSpectrum[static_cast<std::size_t>(1 + p)].get();
            fftwf_complex* product = g.transposedSpectrum(1 + p);
            for (auto s = first; s < last; ++s) {
                const float factor = scale * kernel[s];
                product[s][0] = -charge[s][1] * factor;
                product[s][1] = charge[s][0] * factor;
            }
            g.inverseColumns(1 + p, h);
        }
    });
    double chargeEnergy = 0.0;  // in part order, whatever the threads
    for (double energy : energyOfPart)
        chargeEnergy += energy;
    chargeEnergy /= double(padded) * double(padded);
    eachPart(Grid::kPotentials, [&](int p, int h) { g.inverseRows(1 + p, h); });

    // Read the potentials back at the points: F_i = (Kx * C, Ky * C) interpolated at y_i.
    const float* potentialX = g.realGrid(1);
    const float* potentialY = g.realGrid(2);
    parallelRanges(threads, n, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            const int col0 = firstNode[static_cast<std::size_t>(2 * i)];
            const int row0 = firstNode[static_cast<std::size_t>(2 * i + 1)];
            const double* wx = &weight[static_cast<std::size_t>(6 * i)];
            const double* wy = wx + 3;
            double fx = 0.0, fy = 0.0;
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b) {
                    const double w = wy[a] * wx[b];
                    const std::size_t node = at(row0 + a, col0 + b);
                    fx += w * potentialX[node];
                    fy += w * potentialY[node];
                }
            force[2 * i] = fx;
            force[2 * i + 1] = fy;
        }
    });
    const double z = chargeEnergy - double(n);
    return z;
}

}  // namespace embedscope
