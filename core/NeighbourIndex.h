// Cosine-similarity queries over a table of word vectors: nearest neighbours and analogies.
//
// Two ways to hold the table:
//  - Copying (NeighbourIndex(const RowMatrixXf&)): the rows are copied and normalised once (a zero
//    row stays zero and so has cosine 0 with everything), after which every cosine is a dot
//    product and a query over V words is one matrix-vector product. For small tables and the
//    live training snapshots.
//  - Referencing (NeighbourIndex(SharedTable)): for a loaded file of millions of rows (parsed or
//    mapped from the reopen cache, SharedTable.h), where a normalised copy would double the memory.
//    The index keeps the table alive and only 1/|x| per row (V floats); cos(x, q) = (x . q) / |x|
//    for a unit q.
//
// Either way an exact query scans every row: about 100 ms for 1M x 300 on one core. A
// QuantisedScan (QuantisedScan.h) attached with withFastPath() answers nearest() and the 3CosAdd
// analogy about 10 times faster with the same results (recall@10 >= 0.99, measured by
// `embedscope-bench neighbors`, bench/README.md "Neighbours"). Intended use for a loaded file:
//
//   SharedTable table = source->table();  // LoadedVectorSource: shared, never copied
//   auto exact = std::make_shared<const NeighbourIndex>(table);       // ~0.3 s: publish at once
//   // then on a worker thread, with progress and cancel (core/JobControl.h):
//   auto scan = QuantisedScan::build(table, exact->inverseNorms(), control);  // 2-4 s for 1M
//   auto fast = std::make_shared<const NeighbourIndex>(exact->withFastPath(scan));  // publish
//
// The fast path pays from about 100k rows (100k x 300: 1.6 ms against 15 ms exact); on small
// tables the exact scan is as fast (20k x 50: 0.2 ms against 0.28 ms), so attach it only there.
//
// A NeighbourIndex is immutable once published; every const member is safe to call from several
// threads at once.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <vector>

#include "SharedTable.h"
#include "Types.h"

namespace embedscope {

class QuantisedScan;

struct Neighbour {
    std::int32_t index;  // row in the table
    float similarity;    // cosine (or the 3CosMul score for AnalogyMethod::CosMul)
};

// How "a is to b as c is to ?" is answered (Levy & Goldberg 2014, "Linguistic Regularities in
// Sparse and Explicit Word Representations"), with x, a, b, c unit vectors:
//   CosAdd: argmax cos(x, b - a + c)  (= argmax x.b - x.a + x.c, the word2vec/gensim default)
//   CosMul: argmax cos'(x,b) cos'(x,c) / (cos'(x,a) + 1e-3), cos' = (cos + 1) / 2 in [0, 1]
enum class AnalogyMethod { CosAdd, CosMul };

// 1 / |row| for every row of table, 0 for a zero row (so that its cosines are 0). Multi-threaded.
Eigen::VectorXf inverseRowNorms(const Eigen::Ref<const RowMatrixXf>& table);

class NeighbourIndex {
public:
    NeighbourIndex();
    // Copies and normalises vectors (V by D).
    explicit NeighbourIndex(const Eigen::Ref<const RowMatrixXf>& vectors);
    // References table (V by D) without copying it; computes its inverse row norms.
    explicit NeighbourIndex(SharedTable table);
    explicit NeighbourIndex(std::shared_ptr<const RowMatrixXf> table)
        : NeighbourIndex(shareTable(std::move(table))) {}
    // Refreshes from a new snapshot or table (V and D may change); copies, as the first
    // constructor does, and drops the fast path.
    void update(const Eigen::Ref<const RowMatrixXf>& vectors);

    // A copy of this index (sharing the table) whose nearest() and 3CosAdd analogies go through
    // scan, which must have been built from this index's table. nullptr gives the exact path.
    NeighbourIndex withFastPath(std::shared_ptr<const QuantisedScan> scan) const;
    bool hasFastPath() const { return fastPath_ != nullptr; }

    std::int32_t size() const { return static_cast<std::int32_t>(rows_->rows()); }
    int dim() const { return static_cast<int>(rows_->cols()); }

    // The k rows most similar to row index, best first, index itself excluded. restrictTo > 0
    // searches only the first restrictTo rows (the most frequent words). Ties go to the lower row.
    std::vector<Neighbour> nearest(std::int32_t index, int k, std::int32_t restrictTo = 0) const;
    // The k rows most similar to an arbitrary query vector (1 by D, need not be normalised),
    // skipping the rows listed in exclude.
    std::vector<Neighbour> nearest(const Eigen::Ref<const Eigen::RowVectorXf>& query, int k,
                                   const std::vector<std::int32_t>& exclude = {},
                                   std::int32_t restrictTo = 0) const;
    // The exact scan, even when a fast path is attached (the reference the benchmark and the
    // tests measure recall against).
    std::vector<Neighbour> nearestExact(const Eigen::Ref<const Eigen::RowVectorXf>& query, int k,
                                        const std::vector<std::int32_t>& exclude = {},
                                        std::int32_t restrictTo = 0) const;
    // a : b :: c : ?  The three query rows are never answers. CosAdd uses the fast path when there
    // is one; CosMul is not a dot product with one query and always scans exactly.
    std::vector<Neighbour> analogy(std::int32_t a, std::int32_t b, std::int32_t c, int k,
                                   AnalogyMethod method = AnalogyMethod::CosAdd,
                                   std::int32_t restrictTo = 0) const;

    float cosine(std::int32_t i, std::int32_t j) const;
    // Row i scaled to unit length (zero stays zero), in either mode.
    Eigen::RowVectorXf unitRow(std::int32_t i) const;
    // out = unitQueries * (unit rows first .. first + count - 1)^T, in either mode: the block of
    // cosines the batched analogy evaluation needs (unitQueries: n by D, already unit).
    void cosinesWithRows(const Eigen::Ref<const RowMatrixXf>& unitQueries, Eigen::Index first,
                         Eigen::Index count, RowMatrixXf& out) const;

    // True when the index references a table owned elsewhere (no normalised copy exists).
    bool referencesTable() const { return inverseNorms_ != nullptr; }
    // The unit rows (V by D); zero rows stay zero. Copying mode only: throws std::logic_error
    // for an index that references its table.
    const RowMatrixXf& normalised() const;
    // The table as held: the unit rows when copying, the referenced rows otherwise.
    const SharedTable& table() const { return rows_; }
    // 1/|row| per row when referencing; nullptr when the rows are already unit.
    const std::shared_ptr<const Eigen::VectorXf>& inverseNorms() const { return inverseNorms_; }

private:
    // Cosines of the unit query with the first rows rows.
    Eigen::VectorXf cosinesWith(const Eigen::Ref<const Eigen::RowVectorXf>& unitQuery,
                                std::int32_t rows) const;

    SharedTable rows_;
    // The unit rows rows_ views, in copying mode (normalised() hands them out); null otherwise.
    std::shared_ptr<const RowMatrixXf> normalised_;
    std::shared_ptr<const Eigen::VectorXf> inverseNorms_;
    std::shared_ptr<const QuantisedScan> fastPath_;
};

// The epsilon of 3CosMul that keeps the division finite when cos'(x, a) is 0 (Levy & Goldberg).
inline constexpr float kCosMulEpsilon = 1e-3f;

// Picks the k best scores (best first, ties to the lower index), skipping the rows in exclude.
// Shared by the index and the evaluation. scores holds one value per candidate row.
std::vector<Neighbour> topK(const Eigen::Ref<const Eigen::VectorXf>& scores, int k,
                            const std::vector<std::int32_t>& exclude = {});

}  // namespace embedscope
