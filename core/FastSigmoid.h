// The logistic function s(x) = 1 / (1 + e^-x) and log s(x) by table lookup, as word2vec does:
// training only needs a few digits, and outside [-kMaxLogit, kMaxLogit] s is within 0.25% of 0
// or 1 (word2vec's MAX_EXP = 6), so the tables cover that range and saturate beyond it.
#pragma once

#include <array>
#include <cmath>

namespace embedscope {

class FastSigmoid {
public:
    static constexpr float kMaxLogit = 6.0f;
    static constexpr int kTableSize = 1024;

    // NaN maps to s(0) (the comparisons below are false for NaN); callers detect non-finite
    // logits themselves (see TrainingKernel.h).
    static float sigmoid(float x) {
        if (x >= kMaxLogit)
            return 1.0f;
        if (x <= -kMaxLogit)
            return 0.0f;
        if (!(x == x))
            return 0.5f;
        return tables().sigmoid_[index(x)];
    }

    // log s(x); beyond the table, log s(x) = -log(1 + e^-x) ~ x for x << 0 and ~ 0 for x >> 0,
    // so the loss keeps growing linearly with a wrong logit instead of saturating (this is what
    // lets a diverging run show up in the loss).
    static float logSigmoid(float x) {
        if (x >= kMaxLogit)
            return 0.0f;
        if (x <= -kMaxLogit)
            return x;
        if (!(x == x))
            return x;
        return tables().logSigmoid_[index(x)];
    }

    // The same values as sigmoid() and logSigmoid() for every non-NaN x, without branches: the
    // batched kernels evaluate a whole block of logits, and a saturated logit (|x| >= kMaxLogit,
    // common late in training) taken at random would mispredict a branch each time. The index is
    // computed from x clamped to the table's range; the selects compile to blends.
    static float sigmoidBranchless(float x) {
        const float inRange = tables().sigmoid_[clampedIndex(x)];
        const float high = x >= kMaxLogit ? 1.0f : inRange;
        return x <= -kMaxLogit ? 0.0f : high;
    }
    static float logSigmoidBranchless(float x) {
        const float inRange = tables().logSigmoid_[clampedIndex(x)];
        const float high = x >= kMaxLogit ? 0.0f : inRange;
        return x <= -kMaxLogit ? x : high;
    }

    // The tables themselves, for vector code that looks up many logits at once with the same
    // index as index() (TrainingKernelBlocked.inc): entry i is the value at
    // x = (2 i / kTableSize - 1) kMaxLogit.
    static constexpr float kIndexScale = kTableSize / (2.0f * kMaxLogit);
    static const float* sigmoidTable() { return tables().sigmoid_.data(); }
    static const float* logSigmoidTable() { return tables().logSigmoid_.data(); }

private:
    std::array<float, kTableSize + 1> sigmoid_;
    std::array<float, kTableSize + 1> logSigmoid_;

    FastSigmoid() {
        for (int i = 0; i <= kTableSize; ++i) {
            const double x = (2.0 * i / kTableSize - 1.0) * kMaxLogit;
            sigmoid_[i] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
            logSigmoid_[i] = static_cast<float>(-std::log1p(std::exp(-x)));
        }
    }
    static const FastSigmoid kTables;  // built during static initialisation: no guard on lookup
    static const FastSigmoid& tables() { return kTables; }
    // Nearest entry: x in (-kMaxLogit, kMaxLogit) -> [0, kTableSize].
    static int index(float x) { return static_cast<int>((x + kMaxLogit) * kIndexScale + 0.5f); }
    // index() of x clamped to [-kMaxLogit, kMaxLogit]; NaN maps to the first entry, so that the
    // lookup stays inside the table (the kernels reject NaN logits themselves).
    static int clampedIndex(float x) {
        return index(!(x >= -kMaxLogit) ? -kMaxLogit : (x > kMaxLogit ? kMaxLogit : x));
    }
};

inline const FastSigmoid FastSigmoid::kTables{};

}  // namespace embedscope
