#include "TrainingKernel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>

#include "FastSigmoid.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define EMBEDSCOPE_HAVE_AVX2_KERNEL 1
#include <immintrin.h>
#else
#define EMBEDSCOPE_HAVE_AVX2_KERNEL 0
#endif

namespace embedscope {

KernelScratch::KernelScratch(int dim, int maxInputs, int maxOutputs, int maxContexts)
    : inputGrad(maxInputs, dim),
      hidden(maxInputs, dim),
      gradient(maxInputs, maxOutputs),
      inputRows(std::size_t(std::max({maxInputs, maxOutputs, maxContexts}))),
      outputRows(std::size_t(maxOutputs)),
      coefficients(std::size_t(std::max({maxInputs, maxOutputs, maxContexts}))) {}

double sgnsLossAndGradient(const float* input, const std::vector<const float*>& outputs, int dim,
                           double* gradInput, double* gradOutputs) {
    double loss = 0;
    for (int d = 0; d < dim; ++d)
        gradInput[d] = 0;
    for (std::size_t j = 0; j < outputs.size(); ++j) {
        const double label = j == 0 ? 1.0 : 0.0;
        double logit = 0;
        for (int d = 0; d < dim; ++d)
            logit += double(input[d]) * double(outputs[j][d]);
        const double s = 1.0 / (1.0 + std::exp(-logit));
        // -log s(f) = log(1 + e^-f); -log s(-f) = log(1 + e^f)
        loss += j == 0 ? std::log1p(std::exp(-logit)) : std::log1p(std::exp(logit));
        const double coefficient = -(label - s);
        for (int d = 0; d < dim; ++d) {
            gradInput[d] += coefficient * outputs[j][d];
            gradOutputs[j * dim + d] = coefficient * input[d];
        }
    }
    return loss;
}

// The baseline build: row operations with Eigen (SSE2 on x86-64).
namespace generic_kernel {

using RowView = Eigen::Map<Eigen::RowVectorXf>;
using ConstRowView = Eigen::Map<const Eigen::RowVectorXf>;

inline float dot(const float* a, const float* b, int n) {
    return ConstRowView(a, n).dot(ConstRowView(b, n));
}
inline void axpy(float* y, float a, const float* x, int n) {
    RowView(y, n) += a * ConstRowView(x, n);
}
inline void add(float* y, const float* x, int n) {
    RowView(y, n) += ConstRowView(x, n);
}
inline void combine(float* y, const float* c, const float* const* rows, int count, int n) {
    RowView target(y, n);
    target = c[0] * ConstRowView(rows[0], n);
    for (int j = 1; j < count; ++j)
        target += c[j] * ConstRowView(rows[j], n);
}
inline void combineAdd(float* y, const float* c, const float* const* rows, int count, int n) {
    for (int j = 0; j < count; ++j)
        axpy(y, c[j], rows[j], n);
}

#include "TrainingKernelBody.inc"

}  // namespace generic_kernel

#if EMBEDSCOPE_HAVE_AVX2_KERNEL
// The same kernels for CPUs with AVX2 and FMA: 8 floats an instruction, fused multiply-add, and
// combine() keeps its sums in registers across all rows of a block (one store per 8 floats
// instead of one per row). Compiled for that target here only; used only when the CPU has it.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
namespace avx2_kernel {

inline float horizontalSum(__m128 sum) {
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_shuffle_ps(sum, sum, 1));
    return _mm_cvtss_f32(sum);
}

inline float dot(const float* a, const float* b, int n) {
    __m256 sum0 = _mm256_setzero_ps();
    __m256 sum1 = _mm256_setzero_ps();
    int d = 0;
    for (; d + 16 <= n; d += 16) {
        sum0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + d), _mm256_loadu_ps(b + d), sum0);
        sum1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + d + 8), _mm256_loadu_ps(b + d + 8), sum1);
    }
    for (; d + 8 <= n; d += 8)
        sum0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + d), _mm256_loadu_ps(b + d), sum0);
    sum0 = _mm256_add_ps(sum0, sum1);
    __m128 sum4 = _mm_add_ps(_mm256_castps256_ps128(sum0), _mm256_extractf128_ps(sum0, 1));
    if (d + 4 <= n) {  // e.g. the last 4 of dim 100
        sum4 = _mm_fmadd_ps(_mm_loadu_ps(a + d), _mm_loadu_ps(b + d), sum4);
        d += 4;
    }
    float sum = horizontalSum(sum4);
    for (; d < n; ++d)
        sum += a[d] * b[d];
    return sum;
}

inline void axpy(float* y, float a, const float* x, int n) {
    const __m256 scale = _mm256_set1_ps(a);
    int d = 0;
    for (; d + 8 <= n; d += 8)
        _mm256_storeu_ps(y + d,
                         _mm256_fmadd_ps(scale, _mm256_loadu_ps(x + d), _mm256_loadu_ps(y + d)));
    if (d + 4 <= n) {
        _mm_storeu_ps(y + d, _mm_fmadd_ps(_mm256_castps256_ps128(scale), _mm_loadu_ps(x + d),
                                          _mm_loadu_ps(y + d)));
        d += 4;
    }
    for (; d < n; ++d)
        y[d] += a * x[d];
}

inline void add(float* y, const float* x, int n) {
    int d = 0;
    for (; d + 8 <= n; d += 8)
        _mm256_storeu_ps(y + d, _mm256_add_ps(_mm256_loadu_ps(y + d), _mm256_loadu_ps(x + d)));
    if (d + 4 <= n) {
        _mm_storeu_ps(y + d, _mm_add_ps(_mm_loadu_ps(y + d), _mm_loadu_ps(x + d)));
        d += 4;
    }
    for (; d < n; ++d)
        y[d] += x[d];
}

// y = (accumulate ? y : 0) + sum_j c[j] rows[j], 8 columns at a time.
inline void combineInto(float* y, const float* c, const float* const* rows, int count, int n,
                        bool accumulate) {
    int d = 0;
    for (; d + 8 <= n; d += 8) {
        __m256 sum = accumulate ? _mm256_loadu_ps(y + d) : _mm256_setzero_ps();
        for (int j = 0; j < count; ++j)
            sum = _mm256_fmadd_ps(_mm256_set1_ps(c[j]), _mm256_loadu_ps(rows[j] + d), sum);
        _mm256_storeu_ps(y + d, sum);
    }
    if (d + 4 <= n) {
        __m128 sum = accumulate ? _mm_loadu_ps(y + d) : _mm_setzero_ps();
        for (int j = 0; j < count; ++j)
            sum = _mm_fmadd_ps(_mm_set1_ps(c[j]), _mm_loadu_ps(rows[j] + d), sum);
        _mm_storeu_ps(y + d, sum);
        d += 4;
    }
    for (; d < n; ++d) {
        float sum = accumulate ? y[d] : 0.0f;
        for (int j = 0; j < count; ++j)
            sum += c[j] * rows[j][d];
        y[d] = sum;
    }
}
inline void combine(float* y, const float* c, const float* const* rows, int count, int n) {
    combineInto(y, c, rows, count, n, false);
}
inline void combineAdd(float* y, const float* c, const float* const* rows, int count, int n) {
    combineInto(y, c, rows, count, n, true);
}

#include "TrainingKernelBody.inc"

}  // namespace avx2_kernel
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif  // EMBEDSCOPE_HAVE_AVX2_KERNEL

namespace {

KernelIsa detectKernelIsa() {
#if EMBEDSCOPE_HAVE_AVX2_KERNEL
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return KernelIsa::Avx2Fma;
#endif
    return KernelIsa::Generic;
}

// Chosen once at start-up; tests may switch it (selectKernelIsa) while no trainer runs.
KernelIsa activeIsa = detectKernelIsa();

}  // namespace

KernelIsa kernelIsa() {
    return activeIsa;
}

bool selectKernelIsa(KernelIsa isa) {
    if (isa == KernelIsa::Avx2Fma && detectKernelIsa() != KernelIsa::Avx2Fma)
        return false;
    activeIsa = isa;
    return true;
}

const char* kernelIsaName(KernelIsa isa) {
    return isa == KernelIsa::Avx2Fma ? "avx2-fma" : "generic";
}

#if EMBEDSCOPE_HAVE_AVX2_KERNEL
#define EMBEDSCOPE_DISPATCH(function, ...)                                \
    (activeIsa == KernelIsa::Avx2Fma ? avx2_kernel::function(__VA_ARGS__) \
                                     : generic_kernel::function(__VA_ARGS__))
#else
#define EMBEDSCOPE_DISPATCH(function, ...) generic_kernel::function(__VA_ARGS__)
#endif

void hogwildSkipGramClassic(const KernelTables& tables, std::int32_t context, std::int32_t target,
                            const std::int32_t* negatives, int negativeCount, float lr,
                            KernelScratch& scratch, KernelLoss& loss) {
    EMBEDSCOPE_DISPATCH(hogwildSkipGramClassic, tables, context, target, negatives, negativeCount,
                        lr, scratch, loss);
}

void hogwildSkipGramBatched(const KernelTables& tables, const std::int32_t* contexts,
                            int contextCount, std::int32_t target, const std::int32_t* negatives,
                            int negativeCount, float lr, KernelScratch& scratch, KernelLoss& loss) {
    EMBEDSCOPE_DISPATCH(hogwildSkipGramBatched, tables, contexts, contextCount, target, negatives,
                        negativeCount, lr, scratch, loss);
}

void hogwildCbowClassic(const KernelTables& tables, const std::int32_t* contexts, int contextCount,
                        std::int32_t target, const std::int32_t* negatives, int negativeCount,
                        float lr, KernelScratch& scratch, KernelLoss& loss) {
    EMBEDSCOPE_DISPATCH(hogwildCbowClassic, tables, contexts, contextCount, target, negatives,
                        negativeCount, lr, scratch, loss);
}

void hogwildCbowBatched(const KernelTables& tables, const CbowExample* examples, int exampleCount,
                        const std::int32_t* contexts, const std::int32_t* negatives,
                        int negativeCount, float lr, KernelScratch& scratch, KernelLoss& loss) {
    EMBEDSCOPE_DISPATCH(hogwildCbowBatched, tables, examples, exampleCount, contexts, negatives,
                        negativeCount, lr, scratch, loss);
}

#undef EMBEDSCOPE_DISPATCH

namespace {
std::atomic<std::uint64_t> hogwildReads{0};
}  // namespace

std::uint64_t hogwildReadCount() {
    return hogwildReads.load(std::memory_order_relaxed);
}

void hogwildCopyRows(const float* table, int dim, const std::int32_t* rows, std::size_t rowCount,
                     float* out) {
    hogwildReads.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < rowCount; ++i)
        std::memcpy(out + i * std::size_t(dim), table + std::size_t(rows[i]) * std::size_t(dim),
                    sizeof(float) * std::size_t(dim));
}

void hogwildCopy(const float* table, std::size_t count, float* out) {
    hogwildReads.fetch_add(1, std::memory_order_relaxed);
    std::memcpy(out, table, sizeof(float) * count);
}

float hogwildLargestMagnitude(const float* table, std::size_t count) {
    hogwildReads.fetch_add(1, std::memory_order_relaxed);
    if (count == 0)
        return 0;
    const Eigen::Map<const Eigen::ArrayXf> values(table, static_cast<Eigen::Index>(count));
    if (!values.isFinite().all())
        return std::numeric_limits<float>::quiet_NaN();
    return values.abs().maxCoeff();
}

}  // namespace embedscope
