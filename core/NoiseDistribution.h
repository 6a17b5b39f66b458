// The negative-sampling ("noise") distribution P(w) proportional to count(w)^alpha (alpha = 0.75
// in word2vec). Sampled with Walker's alias method: O(V) memory (two arrays of V entries, not
// word2vec's 100M-slot table) and O(1) per sample.
#pragma once

#include <cstdint>
#include <vector>

namespace embedscope {

class Vocabulary;

class NoiseDistribution {
public:
    NoiseDistribution() = default;
    explicit NoiseDistribution(const Vocabulary& vocabulary, double exponent = 0.75);
    explicit NoiseDistribution(const std::vector<std::uint64_t>& counts, double exponent = 0.75);

    // Maps 64 random bits to a word index. Uniform bits give the distribution exactly up to the
    // 2^-32 resolution of the acceptance test.
    std::int32_t sample(std::uint64_t randomBits) const {
        const auto n = static_cast<std::uint64_t>(probability_.size());
        const auto column = static_cast<std::uint32_t>(((randomBits >> 32) * n) >> 32);
        const auto coin = static_cast<std::uint32_t>(randomBits);
        // One 8-byte load for both halves of the column, and a select rather than a branch: the
        // outcome is a coin toss, so a branch would be mispredicted often (this was most of the
        // training loop's own time outside the kernels).
        const Column entry = columns_[column];
        const std::int32_t own = static_cast<std::int32_t>(column);
        return coin < entry.threshold ? own : entry.alias;
    }

    // The exact probability of index i.
    double probability(std::int32_t i) const { return probability_[i]; }
    std::int32_t size() const { return static_cast<std::int32_t>(probability_.size()); }

private:
    struct Column {
        std::uint32_t threshold;  // keep the column's own index when coin < threshold
        std::int32_t alias;       // else this one
    };
    std::vector<Column> columns_;
    std::vector<double> probability_;
};

}  // namespace embedscope
