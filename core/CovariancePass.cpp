#include "CovariancePass.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EMBEDSCOPE_FUSED_PASS 1
#include <immintrin.h>
#endif

namespace embedscope {

namespace {

constexpr Eigen::Index kMaxFusedColumns = 8;

void portablePass(const Eigen::Ref<const RowMatrixXf>& rows, const Eigen::MatrixXf& basis,
                  bool withMoments, CovariancePass& out) {
    out.projected.noalias() = rows * basis;
    out.gramTransposed.noalias() = out.projected.transpose() * rows;
    if (withMoments) {
        // The column sums as one product streams the row-major rows once.
        out.columnSums = (Eigen::RowVectorXf::Ones(rows.rows()) * rows).cast<double>();
        out.squaredNorm = double(rows.squaredNorm());
    }
}

#ifdef EMBEDSCOPE_FUSED_PASS

__attribute__((target("avx2,fma"))) inline float horizontalSum(__m256 v) {
    __m128 sum = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    sum = _mm_hadd_ps(sum, sum);
    sum = _mm_hadd_ps(sum, sum);
    return _mm_cvtss_f32(sum);
}

// Per row x (D floats, in L1 after the first loop): y = x Q by M dot products, then
// X^T X Q += x^T y by M axpys into the m by D accumulator (a few KB, also in L1). The column
// sums and the squared norm ride along the first loop. M is a template parameter so that the M
// accumulators live in registers.
template <int M, bool Moments>
__attribute__((target("avx2,fma"))) void fusedPass(const float* data, Eigen::Index n,
                                                   Eigen::Index d, Eigen::Index stride,
                                                   const float* basisRows, float* projected,
                                                   float* gram, float* sums, double& squares) {
    const Eigen::Index vectorEnd = d - d % 8;
    double squareSum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const float* x = data + i * stride;
        __m256 dots[M];
        for (int j = 0; j < M; ++j)
            dots[j] = _mm256_setzero_ps();
        __m256 rowSquares = _mm256_setzero_ps();
        for (Eigen::Index k = 0; k < vectorEnd; k += 8) {
            const __m256 xv = _mm256_loadu_ps(x + k);
            for (int j = 0; j < M; ++j)
                dots[j] = _mm256_fmadd_ps(xv, _mm256_loadu_ps(basisRows + j * d + k), dots[j]);
            if (Moments) {
                rowSquares = _mm256_fmadd_ps(xv, xv, rowSquares);
                _mm256_storeu_ps(sums + k, _mm256_add_ps(_mm256_loadu_ps(sums + k), xv));
            }
        }
        float y[M];
        for (int j = 0; j < M; ++j)
            y[j] = horizontalSum(dots[j]);
        float tailSquares = 0.0f;
        for (Eigen::Index k = vectorEnd; k < d; ++k) {
            for (int j = 0; j < M; ++j)
                y[j] += x[k] * basisRows[j * d + k];
            if (Moments) {
                tailSquares += x[k] * x[k];
                sums[k] += x[k];
            }
        }
        if (Moments)
            squareSum += double(horizontalSum(rowSquares) + tailSquares);

        __m256 broadcast[M];
        for (int j = 0; j < M; ++j) {
            projected[i * M + j] = y[j];
            broadcast[j] = _mm256_set1_ps(y[j]);
        }
        for (Eigen::Index k = 0; k < vectorEnd; k += 8) {
            const __m256 xv = _mm256_loadu_ps(x + k);
            for (int j = 0; j < M; ++j) {
                float* g = gram + j * d + k;
                _mm256_storeu_ps(g, _mm256_fmadd_ps(xv, broadcast[j], _mm256_loadu_ps(g)));
            }
        }
        for (Eigen::Index k = vectorEnd; k < d; ++k)
            for (int j = 0; j < M; ++j)
                gram[j * d + k] += y[j] * x[k];
    }
    squares = squareSum;
}

template <int M>
void fusedPassFor(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& basisRows,
                  bool withMoments, CovariancePass& out) {
    const Eigen::Index n = rows.rows(), d = rows.cols();
    out.projected.resize(n, M);
    out.gramTransposed.setZero(M, d);
    Eigen::RowVectorXf sums = Eigen::RowVectorXf::Zero(d);
    double squares = 0.0;
    if (withMoments)
        fusedPass<M, true>(rows.data(), n, d, rows.outerStride(), basisRows.data(),
                           out.projected.data(), out.gramTransposed.data(), sums.data(), squares);
    else
        fusedPass<M, false>(rows.data(), n, d, rows.outerStride(), basisRows.data(),
                            out.projected.data(), out.gramTransposed.data(), sums.data(), squares);
    if (withMoments) {
        out.columnSums = sums.cast<double>();
        out.squaredNorm = squares;
    }
}

bool cpuHasAvx2Fma() {
    static const bool available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return available;
}

#endif

}  // namespace

bool fusedCovariancePassAvailable(Eigen::Index columns) {
#ifdef EMBEDSCOPE_FUSED_PASS
    return columns >= 1 && columns <= kMaxFusedColumns && cpuHasAvx2Fma();
#else
    (void)columns;
    return false;
#endif
}

void covariancePass(const Eigen::Ref<const RowMatrixXf>& rows, const Eigen::MatrixXf& basis,
                    bool withMoments, CovariancePass& out, PassKernel kernel) {
#ifdef EMBEDSCOPE_FUSED_PASS
    if (kernel == PassKernel::Fastest && fusedCovariancePassAvailable(basis.cols())) {
        const RowMatrixXf basisRows = basis.transpose();  // m by D: each column contiguous
        switch (basis.cols()) {
            case 1:
                return fusedPassFor<1>(rows, basisRows, withMoments, out);
            case 2:
                return fusedPassFor<2>(rows, basisRows, withMoments, out);
            case 3:
                return fusedPassFor<3>(rows, basisRows, withMoments, out);
            case 4:
                return fusedPassFor<4>(rows, basisRows, withMoments, out);
            case 5:
                return fusedPassFor<5>(rows, basisRows, withMoments, out);
            case 6:
                return fusedPassFor<6>(rows, basisRows, withMoments, out);
            case 7:
                return fusedPassFor<7>(rows, basisRows, withMoments, out);
            case 8:
                return fusedPassFor<8>(rows, basisRows, withMoments, out);
            default:
                break;
        }
    }
#else
    (void)kernel;
#endif
    portablePass(rows, basis, withMoments, out);
}

}  // namespace embedscope
