// Words with one vector each: what every vectors file holds and every export writes. Row i of
// vectors belongs to words[i]; rows are in vocabulary order (most frequent first).
#pragma once

#include <string>
#include <vector>

#include "Types.h"

namespace embedscope {

struct WordVectors {
    std::vector<std::string> words;
    RowMatrixXf vectors;  // #words by dim

    int rows() const { return static_cast<int>(vectors.rows()); }
    int dim() const { return static_cast<int>(vectors.cols()); }
};

}  // namespace embedscope
