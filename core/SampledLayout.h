// Laying out more rows than a layout can take: lay out an even sample, place the rest by their
// nearest sampled neighbours.
//
// t-SNE and UMAP cost O(n log n) per iteration and O(n k) memory for the affinities; above
// LayoutOptions::maxLaidOutRows (100,000 by default) the sample
//   s_j = floor(j n / m), j = 0 .. m-1,  m = maxLaidOutRows
// is laid out (an even stride keeps the table's frequency order represented), and every other row
// goes to the mean position of its kPlacementNeighbours nearest sampled rows by cosine. Those
// neighbours are found before the layout runs, by blocks of matrix products as in
// exactKnnGraph, so that the intermediate frames the sink receives already hold every row.
#pragma once

#include <memory>

#include "Layout.h"

namespace embedscope {

inline constexpr int kPlacementNeighbours = 3;

// Runs layout on rows directly when n <= maxLaidOutRows (or maxLaidOutRows <= 0); otherwise as
// above, setting LayoutResult::sampledRows to the sample's size. initial, when n by k, gives the
// sample's warm start (its sampled rows). threads: for the neighbour search.
LayoutResult runSampledLayout(Layout& layout, std::int64_t maxLaidOutRows, int threads,
                              const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                              const JobControl& control, const LayoutSink& sink);

// A Layout that runs another through runSampledLayout.
class SampledLayout : public Layout {
public:
    SampledLayout(std::unique_ptr<Layout> inner, std::int64_t maxLaidOutRows, int threads)
        : inner_(std::move(inner)), maxLaidOutRows_(maxLaidOutRows), threads_(threads) {}
    LayoutResult run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                     const JobControl& control, const LayoutSink& sink) override {
        return runSampledLayout(*inner_, maxLaidOutRows_, threads_, rows, initial, control, sink);
    }

private:
    std::unique_ptr<Layout> inner_;
    std::int64_t maxLaidOutRows_;
    int threads_;
};

}  // namespace embedscope
