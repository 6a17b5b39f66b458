// The trainer's working copy of an embedding table: V rows of dim floats, each row starting on a
// 64-byte cache line (rows padded with zeros to a multiple of 16 floats), on 2 MB pages where the
// kernel allows (HugePages.h).
//
// Why (issue 20): with dim 100 a dense row is 400 bytes, so three rows in four start inside a
// cache line and every 64-byte AVX-512 load or store of them spans two lines (and one in four
// 32-byte AVX2 accesses does). With a 448-byte stride each access is one line. Measured on the
// skip-gram and CBOW batched kernels at 1 thread: about 11-13% less training CPU time. The public
// tables stay dense (EmbeddingTable, Trainer::inputVectors and the rest copy rows out); only the
// kernels and the trainer's racy readers (TrainingKernel.h) see the stride. The padding stays zero:
// the kernels touch columns [0, dim) only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "Types.h"

namespace embedscope {

class PaddedTable {
public:
    PaddedTable() = default;
    // rows by dim zeros.
    PaddedTable(std::int64_t rows, int dim);
    // A copy of `rows` (V by dim, dense).
    explicit PaddedTable(const RowMatrixXf& rows);

    std::int64_t rows() const { return rows_; }
    int dim() const { return dim_; }
    // Floats from the start of one row to the start of the next: dim rounded up to 16.
    int stride() const { return stride_; }
    float* data() { return storage_.get(); }
    const float* data() const { return storage_.get(); }

    static int strideFor(int dim) { return (dim + kLineFloats - 1) / kLineFloats * kLineFloats; }

private:
    static constexpr int kLineFloats = 16;  // 64 bytes
    // Allocates zeroed storage for rows_ rows of stride_ floats.
    void allocate();
    struct Free {
        void operator()(float* p) const;
    };
    std::unique_ptr<float[], Free> storage_;
    std::int64_t rows_ = 0;
    int dim_ = 0;
    int stride_ = 0;
};

}  // namespace embedscope
