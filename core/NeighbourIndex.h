// Cosine-similarity queries over a table of word vectors: nearest neighbours and analogies.
//
// The rows are normalised once when the index is built (a zero row stays zero and so has cosine 0
// with everything), after which every cosine is a dot product and a query over V words is one
// matrix-vector product.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <vector>

#include "Types.h"

namespace embedscope {

struct Neighbour {
    std::int32_t index;  // row in the table
    float similarity;    // cosine (or the 3CosMul score for AnalogyMethod::CosMul)
};

// How "a is to b as c is to ?" is answered (Levy & Goldberg 2014, "Linguistic Regularities in
// Sparse and Explicit Word Representations"), with x, a, b, c unit vectors:
//   CosAdd: argmax cos(x, b - a + c)  (= argmax x.b - x.a + x.c, the word2vec/gensim default)
//   CosMul: argmax cos'(x,b) cos'(x,c) / (cos'(x,a) + 1e-3), cos' = (cos + 1) / 2 in [0, 1]
enum class AnalogyMethod { CosAdd, CosMul };

class NeighbourIndex {
public:
    NeighbourIndex() = default;
    // Copies and normalises vectors (V by D).
    explicit NeighbourIndex(const RowMatrixXf& vectors);
    // Refreshes from a new snapshot or table (V and D may change).
    void update(const RowMatrixXf& vectors);

    std::int32_t size() const { return static_cast<std::int32_t>(normalised_.rows()); }
    int dim() const { return static_cast<int>(normalised_.cols()); }

    // The k rows most similar to row index, best first, index itself excluded. restrictTo > 0
    // searches only the first restrictTo rows (the most frequent words). Ties go to the lower row.
    std::vector<Neighbour> nearest(std::int32_t index, int k, std::int32_t restrictTo = 0) const;
    // The k rows most similar to an arbitrary query vector (1 by D, need not be normalised),
    // skipping the rows listed in exclude.
    std::vector<Neighbour> nearest(const Eigen::Ref<const Eigen::RowVectorXf>& query, int k,
                                   const std::vector<std::int32_t>& exclude = {},
                                   std::int32_t restrictTo = 0) const;
    // a : b :: c : ?  The three query rows are never answers.
    std::vector<Neighbour> analogy(std::int32_t a, std::int32_t b, std::int32_t c, int k,
                                   AnalogyMethod method = AnalogyMethod::CosAdd,
                                   std::int32_t restrictTo = 0) const;

    float cosine(std::int32_t i, std::int32_t j) const;
    // The unit rows (V by D); zero rows stay zero.
    const RowMatrixXf& normalised() const { return normalised_; }

private:
    RowMatrixXf normalised_;
};

// The epsilon of 3CosMul that keeps the division finite when cos'(x, a) is 0 (Levy & Goldberg).
inline constexpr float kCosMulEpsilon = 1e-3f;

// Picks the k best scores (best first, ties to the lower index), skipping the rows in exclude.
// Shared by the index and the evaluation. scores holds one value per candidate row.
std::vector<Neighbour> topK(const Eigen::Ref<const Eigen::VectorXf>& scores, int k,
                            const std::vector<std::int32_t>& exclude = {});

}  // namespace embedscope
