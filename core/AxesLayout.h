// Custom axes (the Embedding Projector's custom projection, whatlies' "man → woman"): each axis is
// the direction from one word (or the mean of a word list) to another, and a point's coordinate
// on it is its scalar projection onto that direction.
//
// Vectors are compared by direction, as cosine similarity does: every row and every word that
// defines an axis is scaled to unit length first, so a frequent word's long vector does not
// stretch its axis. With d = mean(unit(to words)) - mean(unit(from words)), a row v sits at
// x = unit(v) · d / |d|. The axes need not be orthogonal ("man → woman" and "king → queen" are
// nearly parallel), and the plot says so by showing their angle in the axis names' tooltip.
#pragma once

#include <string>
#include <vector>

#include "Layout.h"

namespace embedscope {

struct AxisSpec {
    std::vector<std::string> from;  // one word, or a list whose mean is the start
    std::vector<std::string> to;
    // "man → woman", or "mean(a, b) → mean(c, d)" for lists.
    std::string name() const;
};

// Parses "from:to" where each side is a comma-separated word list ("man:woman",
// "poor,poorer:rich,richer"). Throws Error naming the text when a side is empty or ':' is missing.
AxisSpec parseAxisSpec(const std::string& text);

class VectorSource;

// Words of the axes that the vectors lack, in the order written (empty: all known).
std::vector<std::string> unknownAxisWords(const std::vector<AxisSpec>& axes,
                                          const VectorSource& source);

class AxesLayout : public Layout {
public:
    // One unit direction per axis (D each), from the source's rows. Throws Error naming every
    // unknown word, and for an axis whose two ends are the same direction.
    AxesLayout(std::vector<AxisSpec> axes, const VectorSource& source);
    LayoutResult run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                     const JobControl& control, const LayoutSink& sink) override;
    const std::vector<AxisSpec>& axes() const { return axes_; }
    // The cosine of the angle between axes i and j (0: orthogonal).
    double axisCosine(int i, int j) const;

private:
    std::vector<AxisSpec> axes_;
    Eigen::MatrixXf directions_;  // D by k, unit columns
};

}  // namespace embedscope
