#include "NoiseDistribution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "Vocabulary.h"

namespace embedscope {

NoiseDistribution::NoiseDistribution(const Vocabulary& vocabulary, double exponent)
    : NoiseDistribution(vocabulary.counts(), exponent) {}

NoiseDistribution::NoiseDistribution(const std::vector<std::uint64_t>& counts, double exponent) {
    if (!std::isfinite(exponent))
        throw std::invalid_argument("NoiseDistribution: the exponent must be finite");
    const std::size_t n = counts.size();
    probability_.resize(n);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        // A word that never occurs is never noise, whatever the exponent (0^0 would be 1).
        probability_[i] = counts[i] == 0 ? 0.0 : std::pow(static_cast<double>(counts[i]), exponent);
        total += probability_[i];
    }
    if (!(total > 0) || !std::isfinite(total))
        throw std::invalid_argument("NoiseDistribution: needs at least one positive count");
    for (double& p : probability_)
        p /= total;

    // Walker's alias method (Vose's stable construction): scale the probabilities so that they
    // average 1, then pair each column below 1 with a column above 1 that fills it up. Column i
    // keeps its own index with probability q_i and hands the rest, 1 - q_i, to its alias; so
    // P(i) = (q_i + sum of (1 - q_j) over columns j aliased to i) / n = probability_[i].
    std::vector<double> scaled(n);
    std::vector<std::int32_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
        scaled[i] = probability_[i] * static_cast<double>(n);
        (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::int32_t>(i));
    }
    columns_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        columns_[i] = Column{0xFFFFFFFFu, static_cast<std::int32_t>(i)};
    constexpr double kTwoTo32 = 4294967296.0;
    while (!small.empty() && !large.empty()) {
        const std::int32_t below = small.back();
        small.pop_back();
        const std::int32_t above = large.back();
        const double keep = scaled[below];
        columns_[below].threshold =
            static_cast<std::uint32_t>(std::min(keep * kTwoTo32, kTwoTo32 - 1.0));
        columns_[below].alias = above;
        scaled[above] -= 1.0 - keep;
        if (scaled[above] < 1.0) {
            large.pop_back();
            small.push_back(above);
        }
    }
    // What is left is full up to rounding error: always keep its own index (threshold and alias
    // as initialised).
}

}  // namespace embedscope
