// How long the vectors of a table are: the summary `embedscope-cli info` prints. Norms say much
// about a file at a glance: trained vectors have norms that grow with frequency, normalised ones
// all 1, and zero rows are padding or words that never trained.
#pragma once

#include "Types.h"

namespace embedscope {

struct NormSummary {
    double min = 0, median = 0, mean = 0, max = 0;  // of the rows' Euclidean norms
    long long zeroRows = 0;                         // rows whose values are all zero
};

// Norms in double precision. An empty table gives all zeros.
NormSummary summarizeNorms(const RowMatrixXf& vectors);

}  // namespace embedscope
