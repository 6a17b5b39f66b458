#include "PaddedTable.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "HugePages.h"

namespace embedscope {

void PaddedTable::Free::operator()(float* p) const {
    std::free(p);
}

PaddedTable::PaddedTable(std::int64_t rows, int dim)
    : rows_(rows), dim_(dim), stride_(strideFor(dim)) {
    allocate();
}

PaddedTable::PaddedTable(const RowMatrixXf& rows)
    : rows_(rows.rows()), dim_(static_cast<int>(rows.cols())), stride_(strideFor(dim_)) {
    allocate();
    float* out = storage_.get();
    for (std::int64_t r = 0; r < rows_; ++r)
        std::copy(rows.data() + r * dim_, rows.data() + (r + 1) * dim_, out + r * stride_);
}

void PaddedTable::allocate() {
    const std::size_t bytes = std::size_t(rows_) * std::size_t(stride_) * sizeof(float);
    // 2 MB alignment for tables of a huge page or more, so that all of it can be collapsed into
    // huge pages; 64 bytes (a cache line) below that. aligned_alloc wants a multiple of it.
    constexpr std::size_t kHugePage = std::size_t(2) << 20;
    const std::size_t alignment = bytes >= kHugePage ? kHugePage : 64;
    const std::size_t allocated =
        std::max<std::size_t>(alignment, (bytes + alignment - 1) / alignment * alignment);
    storage_.reset(static_cast<float*>(std::aligned_alloc(alignment, allocated)));
    if (!storage_)
        throw std::bad_alloc();
    // Advised before the first touch, so that the zeroing faults in huge pages directly.
    adviseHugePages(storage_.get(), allocated);
    std::fill(storage_.get(), storage_.get() + allocated / sizeof(float), 0.0f);
}

}  // namespace embedscope
