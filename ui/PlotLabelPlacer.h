// Where the scatter plot's labels go, without a widget: labels are offered in priority order and
// each takes the first free side of its point among eight (right first, which reads naturally,
// then left, above, below and the four diagonal corners, which free up room in dense clusters),
// or is dropped.
//
// A coarse occupancy grid of kCell-pixel cells records what is taken: a rectangle marks every cell
// it touches, and a candidate is rejected if any of its cells is marked. Two accepted rectangles
// therefore never share a cell, so they never intersect. A row of cells is a bit set, so a test or
// a mark costs a few word operations per row of the rectangle: placing n labels is O(n).
#pragma once

#include <QPointF>
#include <QRectF>

#include <array>
#include <vector>

#include <QtGlobal>

namespace embedscope {

class PlotLabelPlacer {
public:
    static constexpr double kCell = 4.0;  // pixels per cell of the occupancy grid
    static constexpr double kGap = 2.0;   // between a point's edge and its label
    static constexpr int kSides = 8;

    // Everything free; labels must lie inside area shrunk by one pixel.
    void reset(const QRectF& area);
    // Marks r (clipped to the area) as taken, e.g. the axis titles and the legend.
    void reserve(const QRectF& r);
    bool isFree(const QRectF& r) const;
    // Free and inside the area (where place() may put a label).
    bool isFreeInside(const QRectF& r) const { return insideInner(r) && isFree(r); }

    // The label rectangle of size w x h on each side of a point drawn with pointRadius.
    static std::array<QRectF, kSides> candidates(const QPointF& point, double pointRadius, double w,
                                                 double h);
    // Places a w x h label next to point on the first free side inside the area, trying
    // preferredSide first (so that labels of moving points do not flip from frame to frame) and
    // then the others in order; marks it and returns the side (0..7) with *placed set, or -1.
    int place(const QPointF& point, double pointRadius, double w, double h, int preferredSide,
              QRectF* placed);
    // False when no label at least minWidth wide fits on any side: every side's rectangle of any
    // width w >= minWidth contains the one of width minWidth at the same anchor, so place() would
    // fail too. Lets a caller skip measuring a word's width where nothing fits.
    bool mightFit(const QPointF& point, double pointRadius, double minWidth, double h) const;

private:
    struct CellRange {
        int x0, y0, x1, y1;
    };
    CellRange cellRange(const QRectF& r) const;
    bool insideInner(const QRectF& r) const;
    void mark(const QRectF& r);

    QRectF area_, inner_;
    int columns_ = 0, rows_ = 0, wordsPerRow_ = 0;
    std::vector<quint64> taken_;
};

}  // namespace embedscope
