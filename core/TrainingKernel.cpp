#include "TrainingKernel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>

#include "FastSigmoid.h"
#include "TrainingKernelVariants.h"

namespace embedscope {

KernelScratch::KernelScratch(int dim, int maxInputs, int maxOutputs, int maxContexts)
    : inputGrad(maxInputs, dim),
      hidden(maxInputs, dim),
      gradient(maxInputs, maxOutputs),
      inputRows(std::size_t(std::max({maxInputs, maxOutputs, maxContexts}))),
      outputRows(std::size_t(maxOutputs)),
      coefficients(std::size_t(std::max({maxInputs, maxOutputs, maxContexts}))),
      mutableInputRows(std::size_t(std::max({maxInputs, maxOutputs, maxContexts}))),
      mutableOutputRows(std::size_t(maxOutputs)),
      inputIds(std::size_t(maxInputs)),
      outputIds(std::size_t(maxOutputs)),
      inputMultiplicity(std::size_t(maxInputs)),
      outputMultiplicity(std::size_t(maxOutputs)),
      inputLearns(std::size_t(maxInputs)) {}

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

namespace {

// The best instruction set this CPU has. AVX-512 needs F (512-bit float arithmetic, masks), DQ
// (the 256-bit halves used by the reductions) and VL (masked 256-bit operations); every CPU with
// these has AVX2 and FMA too.
KernelIsa detectKernelIsa() {
#if EMBEDSCOPE_HAVE_SIMD_KERNELS
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl"))
        return KernelIsa::Avx512;
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
    // The enumerators are ordered by capability: a CPU runs its own and every one before it.
    if (static_cast<int>(isa) > static_cast<int>(detectKernelIsa()))
        return false;
    activeIsa = isa;
    return true;
}

const char* kernelIsaName(KernelIsa isa) {
    switch (isa) {
        case KernelIsa::Avx512:
            return "avx512";
        case KernelIsa::Avx2Fma:
            return "avx2-fma";
        case KernelIsa::Generic:
            break;
    }
    return "generic";
}

#if EMBEDSCOPE_HAVE_SIMD_KERNELS
#define EMBEDSCOPE_DISPATCH(function, ...)                                    \
    (activeIsa == KernelIsa::Avx512    ? avx512_kernel::function(__VA_ARGS__) \
     : activeIsa == KernelIsa::Avx2Fma ? avx2_kernel::function(__VA_ARGS__)   \
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

void hogwildCopyRows(const float* table, int dim, int stride, const std::int32_t* rows,
                     std::size_t rowCount, float* out) {
    hogwildReads.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < rowCount; ++i)
        std::memcpy(out + i * std::size_t(dim), table + std::size_t(rows[i]) * std::size_t(stride),
                    sizeof(float) * std::size_t(dim));
}

void hogwildCopy(const float* table, std::size_t rowCount, int dim, int stride, float* out) {
    hogwildReads.fetch_add(1, std::memory_order_relaxed);
    if (stride == dim) {
        std::memcpy(out, table, sizeof(float) * rowCount * std::size_t(dim));
        return;
    }
    for (std::size_t i = 0; i < rowCount; ++i)
        std::memcpy(out + i * std::size_t(dim), table + i * std::size_t(stride),
                    sizeof(float) * std::size_t(dim));
}

float hogwildLargestMagnitude(const float* table, std::size_t count) {
    hogwildReads.fetch_add(1, std::memory_order_relaxed);
    // One pass over the bits: with the sign cleared, a float's bits order as its magnitude, and
    // every NaN and infinity lies at or above the infinity's (a vectorised integer max, where
    // isFinite().all() then abs().maxCoeff() made two passes of scalar work).
    constexpr std::uint32_t kInfinityBits = 0x7f800000u;
    std::uint32_t largestBits = 0;
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, table + i, sizeof bits);
        largestBits = std::max(largestBits, bits & 0x7fffffffu);
    }
    if (largestBits >= kInfinityBits)
        return std::numeric_limits<float>::quiet_NaN();
    float largest;
    std::memcpy(&largest, &largestBits, sizeof largest);
    return largest;
}

}  // namespace embedscope
