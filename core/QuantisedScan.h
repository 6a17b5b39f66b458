// The fast path of NeighbourIndex: an int8 copy of the unit rows, scanned in full on every query,
// whose best candidates are re-ranked exactly against the float table.
//
// Row x is stored as codes c = round(127 u / max|u|) of its unit vector u = x / |x|, with the
// scale s = max|u| / 127, so that u ~ s c. The query q (unit) gets codes d the same way, and
// s . (c . d) ranks the rows like u . q up to a rounding error of about sqrt(D) s / 2 per code.
// A scan of the codes is one integer multiply-add per dimension over 1 byte per value: a quarter
// of the float table's memory traffic. The `rerank` best approximate rows are then scored exactly,
// (x . q) / |x|, from the float table the scan references (not copied), and the k best of those
// are the answer, with the same similarities as NeighbourIndex's exact path. Recall is lost only
// when a true neighbour falls out of the candidates, which rerank = 256 makes rare
// (bench/README.md "Neighbours": recall@10 and the time per query against the pool size).
//
// Why not a graph index (hnswlib): building one for 1M x 300 on 2 cores takes minutes, the scan's
// codes take about a second; bench/README.md has the figures.
//
// Memory: V x ceil(D / 16) * 16 bytes of codes plus one float per row (300 MB for 1M x 300).
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <vector>

#include "JobControl.h"
#include "NeighbourIndex.h"
#include "Types.h"

namespace embedscope {

class QuantisedScan {
public:
    // The default number of approximate candidates re-ranked exactly (at least k + excluded).
    static constexpr int kDefaultRerank = 256;

    // Quantises every row of table on `threads` threads (0: all cores). inverseNorms holds
    // 1/|row| per row (NeighbourIndex::inverseNorms()), or is nullptr when the rows are already
    // unit. Reports progress in rows and throws Cancelled when control is cancelled. The scan
    // keeps both shared pointers: the table is read again by every query's re-ranking.
    static std::shared_ptr<const QuantisedScan> build(
        std::shared_ptr<const RowMatrixXf> table,
        std::shared_ptr<const Eigen::VectorXf> inverseNorms, const JobControl& control = {},
        int threads = 0);

    std::int32_t size() const { return rows_; }
    int dim() const { return dim_; }

    // The k rows most similar to unitQuery (1 by D, unit length), best first, ties to the lower
    // row, skipping exclude; restrictTo > 0 searches only the first restrictTo rows. The scan
    // runs on `threads` threads (0: all cores); rerank candidates (0: kDefaultRerank) are
    // re-ranked exactly.
    std::vector<Neighbour> nearest(const Eigen::Ref<const Eigen::RowVectorXf>& unitQuery, int k,
                                   const std::vector<std::int32_t>& exclude = {},
                                   std::int32_t restrictTo = 0, int rerank = 0,
                                   int threads = 0) const;

    // Bytes held by the scan itself (codes and scales; the table is shared, not counted).
    std::size_t memoryBytes() const;

private:
    QuantisedScan() = default;

    std::shared_ptr<const RowMatrixXf> table_;
    std::shared_ptr<const Eigen::VectorXf> inverseNorms_;
    std::int32_t rows_ = 0;
    int dim_ = 0;
    int stride_ = 0;                   // bytes per row of codes: dim_ rounded up to 16, zero padded
    std::vector<std::uint8_t> codes_;  // rows_ by stride_, code + 128
    std::vector<float> scales_;        // s per row; 0 for a zero row
};

}  // namespace embedscope
