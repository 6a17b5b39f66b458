// Which point is under the cursor, without a widget: the pixel positions of the points inside the
// widget, filed in a uniform grid of kCell-pixel cells by counting sort (O(n) to build; a query
// looks at the 3x3 cells around the cursor only, which cover any radius up to kCell).
#pragma once

#include <QPointF>
#include <QSizeF>
#include <QVector>

#include <vector>

#include "PlotTransform.h"

namespace embedscope {

class PlotPickGrid {
public:
    static constexpr double kCell = 12.0;

    // Maps every data position through transform and files those inside [0, size) pixels.
    void build(const QVector<QPointF>& positions, const PlotTransform& transform,
               const QSizeF& size);
    // The point nearest to pixel within radius (<= kCell), ties to the lower index (the more
    // frequent word, also drawn on top); -1 if none.
    int nearest(const QPointF& pixel, double radius) const;
    qsizetype filedCount() const { return qsizetype(items_.size()); }

private:
    struct Item {
        double x, y;  // pixels
        int index;
    };
    int columns_ = 0, rows_ = 0;
    std::vector<int> cellStart_;  // cell c holds items_[cellStart_[c] .. cellStart_[c + 1])
    std::vector<Item> items_;
    std::vector<int> cellOfPoint_;  // scratch for the build
};

}  // namespace embedscope
