// The SGNS kernels for CPUs with AVX-512 (F, DQ, VL; chosen at run time, TrainingKernel.cpp): 16
// floats an instruction, 32 vector registers, and masked loads and stores, so a row whose length
// is not a multiple of 16 (dim 100 = 6 x 16 + 4) ends with one masked step instead of a scalar
// tail. Only the functions of this file are compiled for AVX-512 (the target pragma below); the
// headers are included before it so that their inline functions stay baseline code.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "FastSigmoid.h"
#include "TrainingKernel.h"
#include "TrainingKernelVariants.h"

#if EMBEDSCOPE_HAVE_SIMD_KERNELS
#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512vl,avx2,fma")
// GCC 12's AVX-512 extract intrinsics pass _mm256_undefined_pd() as their unused merge source,
// which -Wuninitialized reports in the caller (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace embedscope::avx512_kernel {

// The vector type of TrainingKernelBlocked.inc.
struct Vec {
    using V = __m512;
    using Mask = __mmask16;
    static constexpr int kWidth = 16;
    // Logit blocks of 2 x kLogitColumns: 16 accumulators + 2 input chunks + 1 output chunk: 19 of
    // 32 registers.
    static constexpr int kLogitColumns = 8;
    // 2 kMaxGroup + 3 registers in the fused update: 19 of the 32 zmm registers.
    static constexpr int kMaxGroup = 8;
    static Mask tailMask(int count) { return static_cast<Mask>((1u << count) - 1u); }  // 0..16
    static V load(const float* p) { return _mm512_loadu_ps(p); }
    static V loadTail(const float* p, Mask mask) { return _mm512_maskz_loadu_ps(mask, p); }
    static void store(float* p, V value) { _mm512_storeu_ps(p, value); }
    static void storeTail(float* p, Mask mask, V value) { _mm512_mask_storeu_ps(p, mask, value); }
    static V zero() { return _mm512_setzero_ps(); }
    static V set1(float value) { return _mm512_set1_ps(value); }
    static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
    static V add(V a, V b) { return _mm512_add_ps(a, b); }
    // out[k] = the lane sum of acc[k]: each folded to 8 lanes (its two halves added), then the
    // transposing tree of horizontal adds reduces all 8 together.
    static void sum8(const V* acc, float* out) {
        __m256 half[8];
        for (int k = 0; k < 8; ++k)
            half[k] =
                _mm256_add_ps(_mm512_castps512_ps256(acc[k]), _mm512_extractf32x8_ps(acc[k], 1));
        const __m256 a01 = _mm256_hadd_ps(half[0], half[1]);
        const __m256 a23 = _mm256_hadd_ps(half[2], half[3]);
        const __m256 a45 = _mm256_hadd_ps(half[4], half[5]);
        const __m256 a67 = _mm256_hadd_ps(half[6], half[7]);
        const __m256 a0123 = _mm256_hadd_ps(a01, a23);
        const __m256 a4567 = _mm256_hadd_ps(a45, a67);
        const __m256 low = _mm256_permute2f128_ps(a0123, a4567, 0x20);
        const __m256 high = _mm256_permute2f128_ps(a0123, a4567, 0x31);
        _mm256_storeu_ps(out, _mm256_add_ps(low, high));
    }
};

// The row operations of TrainingKernelBody.inc (classic kernels, CBOW hidden vectors), 16
// columns at a time with a masked last step.
inline float dot(const float* a, const float* b, int n) {
    __m512 sum0 = _mm512_setzero_ps();
    __m512 sum1 = _mm512_setzero_ps();
    int d = 0;
    for (; d + 32 <= n; d += 32) {
        sum0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + d), _mm512_loadu_ps(b + d), sum0);
        sum1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + d + 16), _mm512_loadu_ps(b + d + 16), sum1);
    }
    for (; d + 16 <= n; d += 16)
        sum0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + d), _mm512_loadu_ps(b + d), sum0);
    if (d < n) {
        const Vec::Mask mask = Vec::tailMask(n - d);
        sum1 = _mm512_fmadd_ps(Vec::loadTail(a + d, mask), Vec::loadTail(b + d, mask), sum1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(sum0, sum1));
}

inline void axpy(float* y, float a, const float* x, int n) {
    const __m512 scale = _mm512_set1_ps(a);
    int d = 0;
    for (; d + 16 <= n; d += 16)
        _mm512_storeu_ps(y + d,
                         _mm512_fmadd_ps(scale, _mm512_loadu_ps(x + d), _mm512_loadu_ps(y + d)));
    if (d < n) {
        const Vec::Mask mask = Vec::tailMask(n - d);
        Vec::storeTail(
            y + d, mask,
            _mm512_fmadd_ps(scale, Vec::loadTail(x + d, mask), Vec::loadTail(y + d, mask)));
    }
}

inline void add(float* y, const float* x, int n) {
    int d = 0;
    for (; d + 16 <= n; d += 16)
        _mm512_storeu_ps(y + d, _mm512_add_ps(_mm512_loadu_ps(y + d), _mm512_loadu_ps(x + d)));
    if (d < n) {
        const Vec::Mask mask = Vec::tailMask(n - d);
        Vec::storeTail(y + d, mask,
                       _mm512_add_ps(Vec::loadTail(y + d, mask), Vec::loadTail(x + d, mask)));
    }
}

// y = (accumulate ? y : 0) + sum_j c[j] rows[j], 64 columns (4 vectors) at a time: the sum over
// the rows is a chain of dependent multiply-adds, so 4 independent chains run side by side (one
// chain per 16 columns would wait 4 cycles per row; this was the CBOW kernel's hidden-vector
// bottleneck). Masked loads cover the columns past the end (a zero mask reads nothing); each
// column's sum keeps the order of the rows.
inline void combineInto(float* y, const float* c, const float* const* rows, int count, int n,
                        bool accumulate) {
    for (int d = 0; d < n; d += 64) {
        Vec::Mask mask[4];
        __m512 sum[4];
        for (int k = 0; k < 4; ++k) {
            mask[k] = Vec::tailMask(std::clamp(n - d - 16 * k, 0, 16));
            sum[k] = accumulate ? Vec::loadTail(y + d + 16 * k, mask[k]) : Vec::zero();
        }
        for (int j = 0; j < count; ++j) {
            const __m512 scale = _mm512_set1_ps(c[j]);
            for (int k = 0; k < 4; ++k)
                sum[k] =
                    _mm512_fmadd_ps(scale, Vec::loadTail(rows[j] + d + 16 * k, mask[k]), sum[k]);
        }
        for (int k = 0; k < 4; ++k)
            Vec::storeTail(y + d + 16 * k, mask[k], sum[k]);
    }
}
inline void combine(float* y, const float* c, const float* const* rows, int count, int n) {
    combineInto(y, c, rows, count, n, false);
}
inline void combineAdd(float* y, const float* c, const float* const* rows, int count, int n) {
    combineInto(y, c, rows, count, n, true);
}

#define EMBEDSCOPE_KERNEL_BATCHED_BLOCKED 1
#include "TrainingKernelBody.inc"
// After the body: the blocked kernels use its helpers (kernelRow, kernelInputLearns).
#include "TrainingKernelBlocked.inc"
#undef EMBEDSCOPE_KERNEL_BATCHED_BLOCKED

}  // namespace embedscope::avx512_kernel

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC diagnostic pop
#pragma GCC pop_options
#endif
#endif  // EMBEDSCOPE_HAVE_SIMD_KERNELS
