// Backs a large, randomly accessed buffer with 2 MB pages where the kernel allows it.
//
// Why: the training kernels read and write random rows of two V x dim tables (20 MB each for a
// 46k-word vocabulary at dim 100, rows padded to 112 floats). With 4 KB pages that is 5,100 pages
// a table, more than the CPU's second-level TLB holds, so most random rows also cost a page walk
// (two-dimensional, and so several times dearer, under a hypervisor). `perf` showed it as time
// on the prefetch instructions of the next window's rows. With 2 MB pages both tables fit in 20
// TLB entries.
#pragma once

#include <cstddef>

namespace embedscope {

// Asks Linux to back the whole 2 MB pages inside [data, data + bytes) with huge pages: now, by
// collapsing what is mapped (MADV_COLLAPSE, Linux 6.1+; memory already written is copied), and
// for later faults (MADV_HUGEPAGE: best called before the first touch). The contents do not
// change. Returns the bytes now on huge pages as far as the call can tell (0 when refused, on
// other systems, or when the buffer is smaller than one huge page). A hint: never fails.
std::size_t adviseHugePages(const void* data, std::size_t bytes);

// Hands the whole pages inside [data, data + bytes) back to the system (MADV_DONTNEED): for the
// unused tail of a buffer, instead of copying what is kept into a smaller one. The pages read as
// zeros if touched again. Does nothing on other systems.
void releasePages(void* data, std::size_t bytes);

}  // namespace embedscope
