// PlotWidget's category labels (k-means clusters, issue 18), shared by the 2-D and the 3-D plot:
// each labelled category's text placed where its drawn points are densest on screen, without
// overlap, before the words' labels and drawn over them. The rest of PlotWidget is in
// PlotWidget.cpp and PlotWidgetSelection.cpp.
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

#include "PlotWidget.h"

namespace embedscope {

void PlotWidget::placeCategoryLabels(const QRectF& area,
                                     const std::function<QPointF(int)>& pixelOf) {
    categoryLabelRects_.clear();
    categoryLabelTexts_.clear();
    categoryLabelColours_.clear();
    const QStringList& labels = colouring_.categoryLabels;
    if (labels.isEmpty() || colouring_.kind != PlotColouring::Kind::Categorical)
        return;
    // A category's label goes where its points are densest in view: the cell of a coarse grid
    // (kCell pixels) that holds most of them, at their mean there. A k-means cluster of the
    // embedding is often a dense core with members strewn over the map by the layout, and its
    // mean or median would land in empty space or in another cluster. In 3-D the grid is laid
    // over the points as the camera projects them, so the label sits on the cluster's core as
    // seen from where the camera is, and follows it as the view turns.
    constexpr double kCell = 48;
    const int columns = std::max(1, int(std::ceil(area.width() / kCell)));
    const int rows = std::max(1, int(std::ceil(area.height() / kCell)));
    const int keys = PlotColouring::kOtherKey;
    std::vector<int> count(std::size_t(keys) * columns * rows, 0);
    std::vector<QPointF> sum(count.size());
    for (qsizetype i = 0; i < colourIndex_.size(); ++i) {
        const int key = colourIndex_[i];
        if (key >= keys)
            continue;
        const QPointF p = pixelOf(int(i));
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || !area.contains(p))
            continue;
        const int cx = std::min(columns - 1, int((p.x() - area.left()) / kCell));
        const int cy = std::min(rows - 1, int((p.y() - area.top()) / kCell));
        const std::size_t cell = (std::size_t(key) * rows + cy) * columns + cx;
        ++count[cell];
        sum[cell] += p;
    }
    const QFont font = scaledFont(1.0, true);
    const QFontMetricsF fm(font, this);
    // Largest categories first: they win where two centres are close.
    for (int key = 0; key < keys && key < labels.size(); ++key) {
        const auto first = count.begin() + std::ptrdiff_t(key) * columns * rows;
        const auto densest = std::max_element(first, first + columns * rows);
        if (*densest == 0 || labels[key].isEmpty())
            continue;
        const QPointF centre = sum[std::size_t(densest - count.begin())] / double(*densest);
        const QString text = fm.elidedText(labels[key], Qt::ElideRight, 220);
        QRectF placed;
        if (placeBox(centre, fm.horizontalAdvance(text) + 10, fm.height() + 4, &placed)) {
            categoryLabelRects_.append(placed);
            categoryLabelTexts_.append(text);
            categoryLabelColours_.append(colouring_.palette[key]);
        }
    }
}

void PlotWidget::paintCategoryLabels(QPainter& painter) const {
    if (categoryLabelRects_.isEmpty())
        return;
    painter.save();
    painter.setFont(scaledFont(1.0, true));
    for (int k = 0; k < categoryLabelRects_.size(); ++k) {
        const QRectF& r = categoryLabelRects_[k];
        const QColor colour = QColor::fromRgba(categoryLabelColours_[k] | 0xff000000);
        painter.setPen(QPen(colour, 1.5));
        painter.setBrush(QColor(255, 255, 255, 215));
        painter.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        painter.setPen(colour.darker(160));
        painter.drawText(r, Qt::AlignCenter, categoryLabelTexts_[k]);
    }
    painter.restore();
}

}  // namespace embedscope
