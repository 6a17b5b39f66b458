// ScatterPlot's overlays (the class is split over three files): the density contours, which the
// painting (ScatterPlotPainting.cpp) draws over the points. The category labels of a k-means
// colouring are PlotWidget's (PlotWidgetCategoryLabels.cpp), shared with the 3-D view.
#include <QPainter>

#include "ScatterPlot.h"

namespace embedscope {

void ScatterPlot::setDensityContours(bool on) {
    densityContours_ = on;
    contours_ = {};
    update();
}

void ScatterPlot::paintContours(QPainter& painter, const QRectF& area,
                                const PlotTransform& transform) {
    if (!densityContours_) {
        contours_ = {};
        return;
    }
    contours_ = densityContours(glide_.current(), colourIndex_.constData(),
                                PlotColouring::kHiddenKey, transform, area);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    // Denser levels darker.
    for (int level = 0; level < contours_.levels.size(); ++level) {
        painter.setPen(QPen(QColor(52, 58, 64, 90 + 40 * level), 1.3));
        painter.drawLines(contours_.levels[level]);
    }
    painter.restore();
}

}  // namespace embedscope
