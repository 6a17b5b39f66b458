// The SGNS kernels for CPUs with AVX2 and FMA (chosen at run time, TrainingKernel.cpp): 8 floats
// an instruction and fused multiply-add. The library is built for the baseline x86-64; only the
// functions of this file are compiled for AVX2 (the target pragma below), and they run only when
// the CPU has it. Headers are included before the pragma so that their inline functions stay
// baseline code.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "FastSigmoid.h"
#include "TrainingKernel.h"
#include "TrainingKernelVariants.h"

#if EMBEDSCOPE_HAVE_SIMD_KERNELS
#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif

namespace embedscope::avx2_kernel {

// The row operations of TrainingKernelBody.inc (classic kernels, CBOW hidden vectors);
// combine() keeps its sums in registers across all rows of a block (one store per 8 floats).
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

// The vector type of TrainingKernelBlocked.inc. Tails use maskload/maskstore (AVX): lanes past
// the row's end are neither read nor written.
struct Vec {
    using V = __m256;
    using Mask = __m256i;
    static constexpr int kWidth = 8;
    // Logit blocks of 2 x kLogitColumns: 8 accumulators + 2 input chunks + 1 output chunk: 11 of 16
    // registers.
    static constexpr int kLogitColumns = 4;
    // 2 kMaxGroup + 3 registers in the fused update: 15 of the 16 ymm registers.
    static constexpr int kMaxGroup = 6;
    static Mask tailMask(int count) {
        return _mm256_cmpgt_epi32(_mm256_set1_epi32(count),
                                  _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    }
    static V load(const float* p) { return _mm256_loadu_ps(p); }
    static V loadTail(const float* p, Mask mask) { return _mm256_maskload_ps(p, mask); }
    static void store(float* p, V value) { _mm256_storeu_ps(p, value); }
    static void storeTail(float* p, Mask mask, V value) { _mm256_maskstore_ps(p, mask, value); }
    static V zero() { return _mm256_setzero_ps(); }
    static V set1(float value) { return _mm256_set1_ps(value); }
    static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
    static V add(V a, V b) { return _mm256_add_ps(a, b); }
    // out[k] = the lane sum of acc[k]: a transposing tree of 4 + 2 horizontal adds and one
    // 128-bit exchange for all 8 (instead of 8 separate reductions).
    static void sum8(const V* acc, float* out) {
        const __m256 a01 = _mm256_hadd_ps(acc[0], acc[1]);
        const __m256 a23 = _mm256_hadd_ps(acc[2], acc[3]);
        const __m256 a45 = _mm256_hadd_ps(acc[4], acc[5]);
        const __m256 a67 = _mm256_hadd_ps(acc[6], acc[7]);
        const __m256 a0123 = _mm256_hadd_ps(a01, a23);  // per 128-bit half: sums of 0, 1, 2, 3
        const __m256 a4567 = _mm256_hadd_ps(a45, a67);
        const __m256 low = _mm256_permute2f128_ps(a0123, a4567, 0x20);
        const __m256 high = _mm256_permute2f128_ps(a0123, a4567, 0x31);
        _mm256_storeu_ps(out, _mm256_add_ps(low, high));
    }
};

#define EMBEDSCOPE_KERNEL_BATCHED_BLOCKED 1
#include "TrainingKernelBody.inc"
// After the body: the blocked kernels use its helpers (kernelRow, kernelInputLearns).
#include "TrainingKernelBlocked.inc"
#undef EMBEDSCOPE_KERNEL_BATCHED_BLOCKED

}  // namespace embedscope::avx2_kernel

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif  // EMBEDSCOPE_HAVE_SIMD_KERNELS
