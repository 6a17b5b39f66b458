// Small, fast, reproducible random numbers for the trainer's workers (subsampling, windows, noise
// words) and the tests: unlike the standard distributions, which are implementation-defined, these
// give the same numbers with every standard library. (The initial tables come from the standard
// library: see fillWeights in EmbeddingTable.h.)
#pragma once

#include <cstdint>

namespace embedscope {

// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state, passes BigCrush, ideal for seeding and
// for per-thread generators.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed = 1) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1) with 24 random bits (a float's precision): enough for a keep probability.
    float uniformFloat() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }

private:
    std::uint64_t state_;
};

}  // namespace embedscope
