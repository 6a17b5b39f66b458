#include "HugePages.h"

#include <cstdint>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace embedscope {

namespace {
#if defined(__linux__)
constexpr std::uintptr_t kHugePage = std::uintptr_t(2) << 20;

// The whole pages of `page` bytes inside [data, data + bytes), as [first, last).
std::pair<std::uintptr_t, std::uintptr_t> wholePages(const void* data, std::size_t bytes,
                                                     std::uintptr_t page) {
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    return {(begin + page - 1) & ~(page - 1), (begin + bytes) & ~(page - 1)};
}
#endif
}  // namespace

std::size_t adviseHugePages(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const auto [first, last] = wholePages(data, bytes, kHugePage);
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

void releasePages(void* data, std::size_t bytes) {
#if defined(__linux__)
    const auto [first, last] = wholePages(data, bytes, std::uintptr_t(sysconf(_SC_PAGESIZE)));
    if (last > first)
        madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
#else
    (void)data;
    (void)bytes;
#endif
}

}  // namespace embedscope
