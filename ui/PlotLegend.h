// The colour legend of a metadata colouring (PlotColouring), without a widget: laid out at the
// top right of the plot, painted, and hit-tested for clicks.
//  - Categorical: the column's name, then one row per category with plotted words (a swatch, the
//    name, the count), "other (N categories)" and "no value" last; hidden entries are drawn
//    hollow and grey; while any is hidden, a last row "show all".
//  - Numeric: the column's name, the Viridis bar, the minimum under its left end and the maximum
//    under its right end, and a "no value" row if some plotted words have none.
// Rows that do not fit in the plot's height are left out.
#pragma once

#include <QFont>
#include <QRectF>
#include <QString>
#include <QVector>

#include "PlotColouring.h"

class QPainter;
class QPaintDevice;

namespace embedscope {

class PlotLegend {
public:
    static constexpr int kShowAll = -1;  // the "show all" row's entry
    static constexpr int kNone = -2;

    struct Row {
        int entry = kNone;  // into colouring.legend, or kShowAll
        QRectF rect;
    };

    // Empty (bounds() null) for a frequency colouring.
    PlotLegend(const PlotColouring& colouring, const QVector<bool>& hiddenEntries,
               const QFont& font, const QRectF& area, const QPaintDevice* device);

    QRectF bounds() const { return bounds_; }
    const QVector<Row>& rows() const { return rows_; }
    // The entry (or kShowAll) of the row at pixel, else kNone.
    int entryAt(const QPointF& pixel) const;
    void paint(QPainter& painter) const;

    static QString countText(qsizetype count);  // "1,234"

private:
    bool hidden(int entry) const {
        return entry >= 0 && entry < hiddenEntries_.size() && hiddenEntries_[entry];
    }

    const PlotColouring& colouring_;
    QVector<bool> hiddenEntries_;
    QFont font_, titleFont_;
    QRectF bounds_, titleRect_, barRect_;
    QVector<Row> rows_;
    double rowHeight_ = 14, countWidth_ = 0;
};

}  // namespace embedscope
