// Synthetic word vectors shaped like real ones, for the neighbour tests and benchmarks: a mixture
// of Gaussians in a low-dimensional subspace plus isotropic noise in all dimensions.
//
// Real embeddings are far from uniform on the sphere: words form clusters of various sizes
// (topics, inflections), and most of the variance lies in a few dozen directions. A uniform
// random table has no near neighbours at all (every cosine is about 0), which makes every index
// look either perfect or useless. Here row i is
//   x_i = B (c_{z_i} + 0.6 g_i) + 0.35 h_i,
// with B a random D x S orthonormal basis (S = min(48, D)), c_z ~ N(0, I_S) one of `clusters`
// centres drawn with Zipf-like weights 1 / (z + 1)^0.8, and g_i ~ N(0, I_S), h_i ~ N(0, I_D).
#pragma once

#include <cstdint>

#include "Types.h"

namespace embedscope {

// rows x dim, the same for the same seed whatever the number of cores. Multi-threaded.
RowMatrixXf clusteredVectors(std::int64_t rows, int dim, std::uint64_t seed = 1,
                             int clusters = 2000);

}  // namespace embedscope
