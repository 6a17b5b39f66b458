// Small, fast, reproducible random number generation. The standard distributions are
// implementation-defined, so initialisations built on them would differ between standard
// libraries; these give the same numbers everywhere for the same seed.
#pragma once

#include <cmath>
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

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform in [0, 1) as float with 24 random bits.
    float uniformFloat() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }
    // Uniform integer in [0, n) (Lemire's multiply-shift; the bias is below 2^-32 for n < 2^32).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
    }

    // Standard normal by the Box-Muller transform (one of the pair is kept for the next call).
    double normal() {
        if (hasSpare_) {
            hasSpare_ = false;
            return spare_;
        }
        double u1;
        do {
            u1 = uniform();
        } while (u1 <= 0.0);
        const double u2 = uniform();
        const double radius = std::sqrt(-2.0 * std::log(u1));
        const double angle = 2.0 * M_PI * u2;
        spare_ = radius * std::sin(angle);
        hasSpare_ = true;
        return radius * std::cos(angle);
    }

private:
    std::uint64_t state_;
    double spare_ = 0;
    bool hasSpare_ = false;
};

}  // namespace embedscope
