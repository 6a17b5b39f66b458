// Eigen aliases used across the core. Embedding tables are row-major: a row is one word's vector,
// and rows are what every algorithm touches.
#pragma once

#include <Eigen/Core>

namespace embedscope {

using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorXf = Eigen::VectorXf;

}  // namespace embedscope
