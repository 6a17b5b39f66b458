// t-SNE's repulsive forces and normalisation in 2-D by FFT-accelerated interpolation (FIt-SNE,
// Linderman et al. 2019, Nature Methods 16: 243), for core/TsneLayout.
//
// Wanted, for every point i of n, with w_ij = 1 / (1 + |y_i - y_j|^2):
//   Z_i = sum_{j != i} w_ij                      (Z = sum_i Z_i)
//   F_i = sum_j w_ij^2 (y_i - y_j) = (sum_j Kx(y_i - y_j), sum_j Ky(y_i - y_j))
// with the smooth kernels K1(d) = 1 / (1 + |d|^2), Kx(d) = K1(d)^2 d_x and Ky(d) = K1(d)^2 d_y:
// Z_i = sum_j K1(y_i - y_j) - 1 (the j = i term is w_ii = 1); the j = i term of F_i is 0 (Kx and
// Ky are odd). Exact sums cost O(n^2); here they cost O(n + M log M) for an M-node grid:
//
//  1. The square [lo, lo + L]^2 around all points is cut into B x B boxes of width h = L / B with
//     B = clamp(L * kBoxesPerUnit, kMinBoxes, kMaxBoxes), rounded up to a size whose factors are
//     2, 3, 5 and 7 (FFTW is fastest there). Each box has p = 3 equispaced interpolation nodes per
//     axis at (0.5, 1.5, 2.5) h / 3 from its corner, so the nodes form one uniform m x m grid,
//     m = 3B, spacing delta = h / 3.
//  2. The kernel, seen from a point in a box, is replaced by its Lagrange interpolant through the
//     box's 3 x 3 nodes: K(y_i, y_j) ~= sum_{a,b} L_a(y_i) K(node_a, node_b) L_b(y_j). So each
//     point's charge is spread onto its box's 9 nodes with weights L_b(y_j) = l(x) l(y) (quadratic
//     Lagrange polynomials per axis),
//  3. the node potentials sum_b K(node_a, node_b) charge_b are a 2-D discrete convolution (K
//     depends only on the node offset), done exactly by embedding the m x m Toeplitz-block
//     matrix into a 2m x 2m circulant one and multiplying in Fourier space (zero padding), and
//  4. every point reads its potential back from its box's 9 nodes with the same weights.
// All charges are 1: one charge grid C, one forward transform; F needs the potentials Kx * C and
// Ky * C (two inverse transforms), and Z = C . (K1 * C) - n comes from C's spectrum by Parseval
// (FftRepulsion.cpp). Before, F was y_i phi(1) - phi(y) with w^2 and three charges 1, x, y: twice
// the transforms, and a difference of two large float numbers.
// With n <= P = 2m points the n^2 pairs cost less than the grid's transforms (O(P^2 log P)):
// then the sums are computed exactly (a few-row layout can swing to a wide spread).
// The error is that of quadratic interpolation of K over one box: it grows with h, so B grows
// with the spread L (about one box per unit, openTSNE's default) up to kMaxBoxes (memory and
// FFT time grow as B^2: at 300 boxes the grid is 1800 x 1800 single-precision values, six
// buffers of 13 MB and three of 6.5 MB); wider layouts get wider boxes and a larger error
// (tst_tsnelayout measures it).
//
// Determinism: FFTW plans are made with FFTW_ESTIMATE (the same algorithm every time; FFTW_MEASURE
// could pick a different, differently rounded one per run); each transform is split into parts
// fixed by the grid size, each part computed by one thread, and each point's values are written by
// one thread, so the results do not depend on the number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace embedscope {

class FftRepulsion {
public:
    static constexpr int kNodesPerBox = 3;
    static constexpr int kMinBoxes = 50;
    static constexpr int kMaxBoxes = 300;
    static constexpr double kBoxesPerUnit = 1.0;

    FftRepulsion();
    ~FftRepulsion();
    FftRepulsion(const FftRepulsion&) = delete;
    FftRepulsion& operator=(const FftRepulsion&) = delete;

    // y: n points (x, y), row-major. Writes force[2i], force[2i + 1] = F_i and returns Z.
    double compute(const double* y, std::int64_t n, int threads, double* force);

    // Boxes per axis of the last compute().
    int boxes() const;

private:
    static double exactSums(const double* y, std::int64_t n, int threads, double* force);

    struct Grid;
    std::unique_ptr<Grid> grid_;
    // Per point, kept between steps (compute runs once per iteration): each point's first node
    // per axis and its 3 + 3 Lagrange weights.
    std::vector<std::int32_t> firstNode_;
    std::vector<double> weight_;
};

}  // namespace embedscope
