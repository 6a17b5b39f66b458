// One-hot vectors: the identity behind an embedding lookup. Word i of a V-word vocabulary is
// e_i in R^V, and e_i^T W picks row i of any V by D matrix W. Kept sparse (index and size);
// dense only on request and only up to kMaxDenseOneHot entries.
#pragma once

#include <cstdint>

#include "Types.h"

namespace embedscope {

constexpr std::int64_t kMaxDenseOneHot = 1 << 20;

struct OneHot {
    std::int64_t index = 0;
    std::int64_t size = 0;

    // Throws std::out_of_range unless 0 <= index < size.
    OneHot(std::int64_t index, std::int64_t size);

    // Throws std::length_error above kMaxDenseOneHot, naming the size and the limit.
    Eigen::RowVectorXf dense() const;
    // e_i^T W, computed as the row copy it is. Throws std::invalid_argument if W has not `size`
    // rows.
    Eigen::RowVectorXf times(const RowMatrixXf& weights) const;
};

}  // namespace embedscope
