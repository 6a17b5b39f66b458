#include "HugePages.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace embedscope {

std::size_t adviseHugePages(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHugePage = std::uintptr_t(2) << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
    if (last <= first)
        return 0;
    void* aligned = reinterpret_cast<void*>(first);  // madvise leaves the contents alone
    const std::size_t length = last - first;
    madvise(aligned, length, MADV_HUGEPAGE);
#ifndef MADV_COLLAPSE
    constexpr int MADV_COLLAPSE = 25;  // Linux 6.1; older headers lack the name
#endif
    // Refused (EINVAL) by kernels before 6.1 and where THP is disabled: the pages stay small.
    return madvise(aligned, length, MADV_COLLAPSE) == 0 ? length : 0;
#else
    (void)data;
    (void)bytes;
    return 0;
#endif
}

}  // namespace embedscope
