// Which point is under the cursor, without a widget.
//
// The points are filed by counting sort in a uniform grid over their data-space bounds, with
// about kPointsPerCell points per cell on average (O(n) to build). The grid depends on the
// positions only, not on the view: panning and zooming a million static points needs no rebuild.
// A query maps the cursor and the pick radius to data space and looks at the cells they cover,
// measuring distances in pixels through the current transform; only points inside the widget
// count, as only those are drawn.
#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QVector>

#include <vector>

#include "PlotTransform.h"

namespace embedscope {

class PlotPickGrid {
public:
    static constexpr int kPointsPerCell = 4;
    static constexpr int kMaxColumns = 2048;

    // Files every finite position; the same positions must be passed to nearest().
    void build(const QVector<QPointF>& positions);
    // The point nearest to pixel within radius pixels, among those drawn inside [0, widget)
    // under transform; ties go to the lower index (the more frequent word, also drawn on top).
    // -1 if none.
    int nearest(const QVector<QPointF>& positions, const QPointF& pixel, double radius,
                const PlotTransform& transform, const QSizeF& widget) const;
    qsizetype filedCount() const { return qsizetype(items_.size()); }

private:
    QRectF bounds_;
    int columns_ = 0, rows_ = 0;
    double cellWidth_ = 1, cellHeight_ = 1;
    std::vector<int> cellStart_;    // cell c holds items_[cellStart_[c] .. cellStart_[c + 1])
    std::vector<int> items_;        // point indices
    std::vector<int> cellOfPoint_;  // scratch for the build
};

}  // namespace embedscope
