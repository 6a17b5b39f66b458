#include "NormSummary.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace embedscope {

NormSummary summarizeNorms(const RowMatrixXf& vectors) {
    NormSummary summary;
    const Eigen::Index rows = vectors.rows();
    if (rows == 0)
        return summary;
    std::vector<double> norms(static_cast<std::size_t>(rows));
    double sum = 0;
    for (Eigen::Index row = 0; row < rows; ++row) {
        const double norm = std::sqrt(vectors.row(row).cast<double>().squaredNorm());
        norms[static_cast<std::size_t>(row)] = norm;
        sum += norm;
        summary.zeroRows += norm == 0;
    }
    const auto [low, high] = std::minmax_element(norms.begin(), norms.end());
    summary.min = *low;
    summary.max = *high;
    summary.mean = sum / static_cast<double>(rows);
    // The median: the middle element, or the mean of the two middle ones.
    const auto middle = norms.begin() + static_cast<std::ptrdiff_t>(norms.size() / 2);
    std::nth_element(norms.begin(), middle, norms.end());
    summary.median = *middle;
    if (norms.size() % 2 == 0)
        summary.median = (summary.median + *std::max_element(norms.begin(), middle)) / 2;
    return summary;
}

}  // namespace embedscope
