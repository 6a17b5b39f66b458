// The per-instruction-set builds of the SGNS kernels (TrainingKernel.h), defined in
// TrainingKernelAvx2.cpp and TrainingKernelAvx512.cpp and called only by the dispatch in
// TrainingKernel.cpp, once the CPU is known to have that instruction set. Internal to core/.
#pragma once

#include <cstdint>

#include "TrainingKernel.h"

// x86-64 with GCC or Clang: intrinsics and per-function target attributes are available.
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define EMBEDSCOPE_HAVE_SIMD_KERNELS 1
#else
#define EMBEDSCOPE_HAVE_SIMD_KERNELS 0
#endif

#define EMBEDSCOPE_DECLARE_KERNELS                                                                \
    void hogwildSkipGramClassic(const KernelTables& tables, std::int32_t context,                 \
                                std::int32_t target, const std::int32_t* negatives,               \
                                int negativeCount, float lr, KernelScratch& scratch,              \
                                KernelLoss& loss);                                                \
    void hogwildSkipGramBatched(const KernelTables& tables, const std::int32_t* contexts,         \
                                int contextCount, std::int32_t target,                            \
                                const std::int32_t* negatives, int negativeCount, float lr,       \
                                KernelScratch& scratch, KernelLoss& loss);                        \
    void hogwildCbowClassic(const KernelTables& tables, const std::int32_t* contexts,             \
                            int contextCount, std::int32_t target, const std::int32_t* negatives, \
                            int negativeCount, float lr, KernelScratch& scratch,                  \
                            KernelLoss& loss);                                                    \
    void hogwildCbowBatched(const KernelTables& tables, const CbowExample* examples,              \
                            int exampleCount, const std::int32_t* contexts,                       \
                            const std::int32_t* negatives, int negativeCount, float lr,           \
                            KernelScratch& scratch, KernelLoss& loss);

#if EMBEDSCOPE_HAVE_SIMD_KERNELS
namespace embedscope::avx2_kernel {
EMBEDSCOPE_DECLARE_KERNELS
}
namespace embedscope::avx512_kernel {
EMBEDSCOPE_DECLARE_KERNELS
}
#endif
#undef EMBEDSCOPE_DECLARE_KERNELS
