#include "EmbeddingTable.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace embedscope {

namespace {

// PyTorch's rule: padding_idx must lie in [-num_embeddings, num_embeddings); negative values
// count from the end.
std::optional<std::int64_t> normalisedPaddingIdx(std::optional<std::int64_t> paddingIdx,
                                                 std::int64_t numEmbeddings) {
    if (!paddingIdx)
        return std::nullopt;
    const std::int64_t idx = *paddingIdx;
    if (idx >= numEmbeddings || idx < -numEmbeddings)
        throw std::invalid_argument("padding_idx " + std::to_string(idx) +
                                    " must be within num_embeddings (" +
                                    std::to_string(numEmbeddings) + ")");
    return idx < 0 ? idx + numEmbeddings : idx;
}

}  // namespace

EmbeddingTable::EmbeddingTable(std::int64_t numEmbeddings, std::int64_t embeddingDim,
                               EmbeddingInit init, std::uint64_t seed, EmbeddingOptions options) {
    if (numEmbeddings < 0 || embeddingDim < 0)
        throw std::invalid_argument("embedding table sizes must not be negative (" +
                                    std::to_string(numEmbeddings) + " x " +
                                    std::to_string(embeddingDim) + ")");
    paddingIdx_ = normalisedPaddingIdx(options.paddingIdx, numEmbeddings);
    maxNorm_ = options.maxNorm;
    normType_ = options.normType;
    weight_.resize(numEmbeddings, embeddingDim);
    initialise(init, seed);
}

EmbeddingTable EmbeddingTable::fromPretrained(const RowMatrixXf& weights, bool freeze,
                                              EmbeddingOptions options) {
    EmbeddingTable table;
    table.paddingIdx_ = normalisedPaddingIdx(options.paddingIdx, weights.rows());
    table.maxNorm_ = options.maxNorm;
    table.normType_ = options.normType;
    table.weight_ = weights;
    table.frozen_ = freeze;
    table.pretrained_ = true;
    return table;
}

std::optional<EmbeddingInit> embeddingInitFromName(const std::string& name) {
    if (name == "uniform")
        return EmbeddingInit::Word2VecUniform;
    if (name == "gensim")
        return EmbeddingInit::GensimUniform;
    if (name == "normal")
        return EmbeddingInit::Normal;
    return std::nullopt;
}

const char* embeddingInitName(EmbeddingInit init) {
    switch (init) {
        case EmbeddingInit::Word2VecUniform:
            return "uniform";
        case EmbeddingInit::GensimUniform:
            return "gensim";
        case EmbeddingInit::Normal:
            return "normal";
        case EmbeddingInit::Zeros:
            break;
    }
    return "zeros";
}

void fillWeights(float* data, std::int64_t rows, int cols, int stride, EmbeddingInit init,
                 std::uint64_t seed) {
    // The standard library's engine and distributions: the trainer has drawn its input table this
    // way since its first version, so a seed still gives the vectors it always gave.
    std::mt19937_64 generator(seed);
    const float dim = static_cast<float>(std::max(1, cols));
    const auto fill = [&](auto draw) {
        for (std::int64_t r = 0; r < rows; ++r) {
            float* row = data + r * stride;
            for (int c = 0; c < cols; ++c)
                row[c] = draw();
        }
    };
    const auto fillUniform = [&](float low, float high) {
#ifdef __GLIBCXX__
        fill([&] { return libstdcxxUniformFloat(generator(), low, high); });
#else
        std::uniform_real_distribution<float> distribution(low, high);
        fill([&] { return distribution(generator); });
#endif
    };
    switch (init) {
        case EmbeddingInit::Normal: {
            std::normal_distribution<float> distribution(0.0f, 1.0f);
            fill([&] { return distribution(generator); });
            break;
        }
        case EmbeddingInit::Word2VecUniform:
            // word2vec: (rand/RAND_MAX - 0.5) / layer1_size, i.e. U(-0.5/d, 0.5/d).
            fillUniform(-0.5f / dim, 0.5f / dim);
            break;
        case EmbeddingInit::GensimUniform:
            // gensim 4's prep_vectors: (2 * U[0, 1) - 1) / vector_size, i.e. U(-1/d, 1/d).
            fillUniform(-1.0f / dim, 1.0f / dim);
            break;
        case EmbeddingInit::Zeros:
            fill([] { return 0.0f; });
            break;
    }
}

void fillWeights(RowMatrixXf& weights, EmbeddingInit init, std::uint64_t seed) {
    fillWeights(weights.data(), weights.rows(), static_cast<int>(weights.cols()),
                static_cast<int>(weights.cols()), init, seed);
}

void EmbeddingTable::initialise(EmbeddingInit init, std::uint64_t seed) {
    fillWeights(weight_, init, seed);
    enforcePadding();
}

std::int64_t EmbeddingTable::checkedIndex(std::int64_t index) const {
    if (index < 0 || index >= weight_.rows())
        throw std::out_of_range("index " + std::to_string(index) + " is out of range for " +
                                std::to_string(weight_.rows()) + " embeddings");
    return index;
}

void EmbeddingTable::renormalise(std::int64_t row) {
    if (!maxNorm_)
        return;
    // torch.embedding_renorm_: rows whose p-norm exceeds max_norm are scaled to
    // max_norm / (norm + 1e-7) of themselves.
    auto values = weight_.row(row);
    double norm = 0;
    if (std::isinf(normType_)) {
        norm = values.cwiseAbs().maxCoeff();
    } else {
        for (Eigen::Index j = 0; j < values.size(); ++j)
            norm += std::pow(std::abs(static_cast<double>(values[j])), normType_);
        norm = std::pow(norm, 1.0 / normType_);
    }
    if (norm > *maxNorm_)
        values *= static_cast<float>(*maxNorm_ / (norm + 1e-7));
}

Eigen::RowVectorXf EmbeddingTable::lookup(std::int64_t index) {
    checkedIndex(index);
    renormalise(index);
    return weight_.row(index);
}

RowMatrixXf EmbeddingTable::lookup(const std::vector<std::int64_t>& indices) {
    for (const std::int64_t index : indices)
        checkedIndex(index);
    RowMatrixXf rows(static_cast<Eigen::Index>(indices.size()), weight_.cols());
    for (std::size_t k = 0; k < indices.size(); ++k) {
        renormalise(indices[k]);
        rows.row(static_cast<Eigen::Index>(k)) = weight_.row(indices[k]);
    }
    return rows;
}

RowMatrixXf& EmbeddingTable::mutableWeight() {
    if (frozen_)
        throw std::logic_error("the embedding table is frozen (from_pretrained)");
    return weight_;
}

void EmbeddingTable::enforcePadding() {
    // fromPretrained tables keep their padding row (PyTorch does not zero it there either).
    if (paddingIdx_ && !pretrained_)
        weight_.row(*paddingIdx_).setZero();
}

void EmbeddingTable::applyGradient(std::int64_t index,
                                   const Eigen::Ref<const Eigen::RowVectorXf>& grad, float lr) {
    if (frozen_)
        throw std::logic_error("the embedding table is frozen (from_pretrained)");
    checkedIndex(index);
    if (grad.size() != weight_.cols())
        throw std::invalid_argument("gradient has " + std::to_string(grad.size()) +
                                    " values, the table has dimension " +
                                    std::to_string(weight_.cols()));
    if ((paddingIdx_ && index == *paddingIdx_) || rowFrozen(index))
        return;
    weight_.row(index) -= lr * grad;
}

void EmbeddingTable::freezeRows(std::vector<std::uint8_t> flags) {
    if (!flags.empty() && std::int64_t(flags.size()) != weight_.rows())
        throw std::invalid_argument("freezeRows: " + std::to_string(flags.size()) + " flags for " +
                                    std::to_string(weight_.rows()) + " rows");
    frozenRows_ = std::move(flags);
}

bool EmbeddingTable::rowFrozen(std::int64_t index) const {
    checkedIndex(index);
    return !frozenRows_.empty() && frozenRows_[std::size_t(index)] != 0;
}

}  // namespace embedscope
