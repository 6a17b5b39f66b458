// The fast path of NeighbourIndex: a 4-bit (or 8-bit) copy of the unit rows, scanned in full on
// every query, whose best candidates are re-ranked exactly against the float table.
//
// Row x is stored as codes c = round(m u / max|u|) of its unit vector u = x / |x| (m = 7 for 4
// bits, 127 for 8), with the scale s = max|u| / m, so that u ~ s c. The query q (unit) gets 8-bit
// codes d, and s (c . d) ranks the rows like u . q up to the rounding error of the codes: at 4
// bits a step is max|u| / 7, so for D = 300 the error of a cosine is about 0.01, while the
// cosines of the 10th and the 256th neighbour differ by more than 0.06 even in a table of
// isotropic noise (z-scores 4.75 and 3.65 of sigma = 1/sqrt(300) among 10^6 rows); clustered
// tables crowd their neighbours closer, hence kDefaultRerank's margin. A scan is
// one integer multiply-add per dimension over half a byte (4 bits) per value: an eighth of the
// float table's memory traffic, and the scan is bound by memory bandwidth (an AVX-512 VNNI kernel
// doing a quarter of the instructions of the AVX2 one was no faster). The `rerank` best
// approximate rows are then scored exactly, (x . q) / |x|, from the float table the scan
// references (not copied), and the k best of those are the answer, with the same similarities as
// NeighbourIndex's exact path. Recall is lost only when a true neighbour falls out of the
// candidates (bench/README.md "Neighbours": recall@10 against the pool size and the bits).
//
// Why not a graph index (hnswlib, Debian's libhnswlib-dev): building one for 1M x 300 takes many
// minutes on 2 cores (the issue allows 60 s), the scan's codes take 2-4 s; bench/README.md has
// the figures.
//
// Memory: V x ceil(D / 64) * 32 bytes of codes (4 bits) plus one float per row: 160 MB for
// 1M x 300 (8 bits: V x ceil(D / 16) * 16 bytes, 300 MB).
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <vector>

#include "JobControl.h"
#include "NeighbourIndex.h"
#include "SharedTable.h"
#include "Types.h"

namespace embedscope {

class QuantisedScan {
public:
    // The default number of approximate candidates re-ranked exactly (at least k + excluded).
    // 1536, not 256: on bench/make-vectors.py's 1M x 300 .vec (1,000 clusters, so many rows are
    // nearly equidistant from a query) recall@10 was 0.93 at 256, 0.9885 at 1024, 0.9965 at 1536
    // and 0.9995 at 2048, with a wall p99 of 15.0, 16.9 and 19.7 ms for the last three (200
    // queries, 2 idle cores, Intel Xeon, 2026-12-02): the re-ranking reads the candidates' rows,
    // little beside the scan of all codes, and 1536 keeps both the recall (>= 0.99) and the p99
    // (<= 20 ms) issue 16 asks with a margin.
    static constexpr int kDefaultRerank = 1536;
    // Bits per code: 8, or 4 (half the memory and memory traffic, 16 times the rounding error).
    static constexpr int kDefaultBits = 4;

    // Quantises every row of table on `threads` threads (0: all cores). inverseNorms holds
    // 1/|row| per row (NeighbourIndex::inverseNorms()), or is nullptr when the rows are already
    // unit. Reports progress in rows and throws Cancelled when control is cancelled. The scan
    // keeps both shared pointers: the table is read again by every query's re-ranking.
    static std::shared_ptr<const QuantisedScan> build(
        SharedTable table, std::shared_ptr<const Eigen::VectorXf> inverseNorms,
        const JobControl& control = {}, int threads = 0, int bits = kDefaultBits);

    std::int32_t size() const { return rows_; }
    int bits() const { return bits_; }
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

    SharedTable table_;
    std::shared_ptr<const Eigen::VectorXf> inverseNorms_;
    std::int32_t rows_ = 0;
    int dim_ = 0;
    int bits_ = 8;
    int paddedDim_ = 0;  // dim_ rounded up to 16 (8 bits) or 64 (4 bits); the padding codes are 0
    int stride_ = 0;     // bytes per row of codes
    std::vector<std::uint8_t> codes_;  // rows_ by stride_: code + 128, or two nibbles of code + 8
    std::vector<float> scales_;        // s per row; 0 for a zero row
};

}  // namespace embedscope
