#include "OneHot.h"

#include <stdexcept>
#include <string>

namespace embedscope {

OneHot::OneHot(std::int64_t index_, std::int64_t size_) : index(index_), size(size_) {
    if (index < 0 || index >= size)
        throw std::out_of_range("one-hot index " + std::to_string(index) +
                                " is outside a vocabulary of " + std::to_string(size));
}

Eigen::RowVectorXf OneHot::dense() const {
    if (size > kMaxDenseOneHot)
        throw std::length_error("a dense one-hot vector of " + std::to_string(size) +
                                " entries is refused (limit " + std::to_string(kMaxDenseOneHot) +
                                "); use the sparse form (index " + std::to_string(index) + ")");
    Eigen::RowVectorXf v = Eigen::RowVectorXf::Zero(size);
    v[index] = 1.0f;
    return v;
}

Eigen::RowVectorXf OneHot::times(const RowMatrixXf& weights) const {
    if (weights.rows() != size)
        throw std::invalid_argument("one-hot vector of size " + std::to_string(size) +
                                    " cannot multiply a matrix with " +
                                    std::to_string(weights.rows()) + " rows");
    // e_i^T W has W[i, j] in column j: every other term of the sum is zero.
    return weights.row(index);
}

}  // namespace embedscope
