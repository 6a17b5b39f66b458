// A trainable lookup table with torch.nn.Embedding semantics: num_embeddings by embedding_dim
// float32 weights, one row per word, stored row-major.
//
// Lookup is the product of a one-hot vector with the weight matrix, done as a row copy:
//   onehot(i)^T W = W[i, :]
// padding_idx: that row is zero and never updated (negative values count from the end, as in
// PyTorch). As in PyTorch, fromPretrained() keeps the given padding row as it is (it is still
// never updated). max_norm: on lookup, a looked-up row whose norm_type-norm exceeds max_norm is
// rescaled in place to max_norm (PyTorch renormalises the stored weight too).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "Types.h"

namespace embedscope {

enum class EmbeddingInit {
    Normal,           // N(0, 1): torch.nn.Embedding's default
    Word2VecUniform,  // U(-0.5/d, 0.5/d): word2vec's input vectors
    Zeros,            // word2vec's output vectors
    GensimUniform     // U(-1/d, 1/d): gensim's input vectors (twice word2vec's range)
};

// The names the command-line tools use: "uniform" (word2vec), "gensim", "normal".
std::optional<EmbeddingInit> embeddingInitFromName(const std::string& name);
// Those names, for usage messages.
inline constexpr const char* kEmbeddingInitNames = "uniform, gensim or normal";
// The name of init as above ("zeros" for Zeros, which no tool offers).
const char* embeddingInitName(EmbeddingInit init);

// Fills weights as init describes, from std::mt19937_64 seeded with seed (d = weights.cols()). The
// trainer's input table and EmbeddingTable::initialise share it. The standard distributions are
// implementation-defined: a seed gives the same table with the same standard library (libstdc++
// on Debian), not necessarily with another.
void fillWeights(RowMatrixXf& weights, EmbeddingInit init, std::uint64_t seed);
// The same values into rows `stride` floats apart (columns [0, cols) of each; the trainer's
// padded table), with no dense copy.
void fillWeights(float* data, std::int64_t rows, int cols, int stride, EmbeddingInit init,
                 std::uint64_t seed);

// What std::uniform_real_distribution<float>(low, high) makes of the draw `bits` of
// std::mt19937_64 in libstdc++ (generate_canonical<float, 24>: the draw rounded to a float,
// scaled by 2^-64 and kept below 1, then low + u (high - low)), bit for bit, without the branch
// that its unsigned-to-float conversion takes on half the draws (a third of the table's fill
// time). tst_embeddingtable compares it with the library's distribution.
inline float libstdcxxUniformFloat(std::uint64_t bits, float low, float high) {
    // Below 2^63 the signed conversion rounds correctly; at or above it, the halved draw with its
    // lowest bit kept (sticky) converts to half the correctly rounded value. Both are computed
    // and one is picked by mask.
    const float direct = static_cast<float>(static_cast<std::int64_t>(bits));
    const float viaHalf =
        static_cast<float>(static_cast<std::int64_t>((bits >> 1) | (bits & 1))) * 2.0f;
    std::uint32_t directBits, viaHalfBits;
    std::memcpy(&directBits, &direct, sizeof directBits);
    std::memcpy(&viaHalfBits, &viaHalf, sizeof viaHalfBits);
    const std::uint32_t useHalf = 0u - static_cast<std::uint32_t>(bits >> 63);
    const std::uint32_t roundedBits = (viaHalfBits & useHalf) | (directBits & ~useHalf);
    float rounded;
    std::memcpy(&rounded, &roundedBits, sizeof rounded);
    float unit = rounded * 0x1p-64f;
    if (unit >= 1.0f)
        unit = 0x1.fffffep-1f;  // std::nextafter(1.0f, 0.0f)
    return unit * (high - low) + low;
}

struct EmbeddingOptions {
    std::optional<std::int64_t> paddingIdx;  // may be negative: -1 is the last row
    std::optional<float> maxNorm;
    float normType = 2.0f;
};

class EmbeddingTable {
public:
    EmbeddingTable() = default;
    // Throws std::invalid_argument on a negative size or an out-of-range padding index.
    EmbeddingTable(std::int64_t numEmbeddings, std::int64_t embeddingDim,
                   EmbeddingInit init = EmbeddingInit::Normal, std::uint64_t seed = 1,
                   EmbeddingOptions options = {});

    // nn.Embedding.from_pretrained: copies the matrix; frozen tables refuse updates.
    static EmbeddingTable fromPretrained(const RowMatrixXf& weights, bool freeze = true,
                                         EmbeddingOptions options = {});

    std::int64_t numEmbeddings() const { return weight_.rows(); }
    std::int64_t embeddingDim() const { return weight_.cols(); }
    std::optional<std::int64_t> paddingIdx() const { return paddingIdx_; }
    bool frozen() const { return frozen_; }

    // One row (a copy). Applies max_norm renormalisation to the stored row first, as PyTorch does.
    // Throws std::out_of_range for a bad index.
    Eigen::RowVectorXf lookup(std::int64_t index);
    // A batch: row k of the result is lookup(indices[k]).
    RowMatrixXf lookup(const std::vector<std::int64_t>& indices);

    // Read access for algorithms; writes go through mutableWeight() (the trainer) so that the
    // padding row stays zero (call enforcePadding() after bulk updates).
    const RowMatrixXf& weight() const { return weight_; }
    RowMatrixXf& mutableWeight();
    void enforcePadding();

    // A gradient step on one row: W[i] -= lr * grad. No-op for the padding row; throws
    // std::logic_error on a frozen table.
    void applyGradient(std::int64_t index, const Eigen::Ref<const Eigen::RowVectorXf>& grad,
                       float lr);

    // Fills the weights as described by init, from a generator seeded with seed.
    void initialise(EmbeddingInit init, std::uint64_t seed);

    // Freezes some rows and leaves the others trainable: PyTorch's way is a gradient hook that
    // zeroes those rows' gradient (from_pretrained's freeze covers the whole table). The trainer
    // freezes the rows that came from pretrained vectors (PretrainedVectors::freeze, Trainer.h).
    // applyGradient leaves a frozen row as it is, like the padding row. flags: numEmbeddings
    // values, nonzero for a frozen row; empty unfreezes every row. Throws std::invalid_argument
    // for another count.
    void freezeRows(std::vector<std::uint8_t> flags);
    bool rowFrozen(std::int64_t index) const;
    // The flags, for the training kernels (KernelTables::frozenInput); null when none was set.
    const std::uint8_t* frozenRowFlags() const {
        return frozenRows_.empty() ? nullptr : frozenRows_.data();
    }

private:
    RowMatrixXf weight_;
    std::optional<std::int64_t> paddingIdx_;
    std::optional<float> maxNorm_;
    float normType_ = 2.0f;
    bool frozen_ = false;
    bool pretrained_ = false;               // the padding row came with the weights: keep it
    std::vector<std::uint8_t> frozenRows_;  // empty, or one flag per row (freezeRows)

    std::int64_t checkedIndex(std::int64_t index) const;
    void renormalise(std::int64_t row);
};

}  // namespace embedscope
