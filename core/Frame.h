// One immutable value from the worker to the plot (DESIGN.md, "one Frame"): where the plotted
// rows are, computed from one read of the vectors, with everything needed to show it. Positions
// are keyed by vocabulary rows, so that a receiver never has to match two signals by index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "Layout.h"
#include "Trainer.h"
#include "Types.h"

namespace embedscope {

struct Frame {
    // Changes with every new table and every new set of plotted rows: a frame of an older
    // generation describes rows that are no longer plotted.
    std::uint64_t generation = 0;
    std::vector<std::int32_t> rows;  // vocabulary rows, in the order of positions' rows
    RowMatrixXf positions;           // rows.size() by k (k = 2 or 3)
    // Fraction of the total variance along each axis, where it means something (PCA, custom
    // axes); empty otherwise (t-SNE, UMAP).
    std::vector<double> explained;
    // The axes' names when the layout chose them ("man → woman"); empty: principal components.
    std::vector<std::string> axisNames;
    LayoutMethod method = LayoutMethod::Pca;
    LayoutProgress layout;      // an iterative layout's iteration (final: iteration == total)
    // Rows the layout placed itself; the others sit at their nearest laid-out neighbours
    // (LayoutOptions::maxLaidOutRows). 0: every row was laid out directly.
    std::int64_t laidOutRows = 0;
    TrainingProgress progress;  // the training run's progress when the vectors were read

    int dims() const { return static_cast<int>(positions.cols()); }
    std::int64_t size() const { return static_cast<std::int64_t>(rows.size()); }
};

}  // namespace embedscope
