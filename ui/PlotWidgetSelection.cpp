// PlotWidget's multi-word selection: the selected points, the isolation and the selection
// gesture (Shift+drag) that the 2-D and 3-D plots share. The rest of PlotWidget is in
// PlotWidget.cpp.
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

#include "PlotWidget.h"

namespace embedscope {

namespace {

// The valid indices among indices, increasing and unique, and their per-word flags.
std::vector<int> validIndices(const std::vector<int>& indices, int n, QVector<quint8>& flags) {
    flags.fill(0, n);
    std::vector<int> valid;
    valid.reserve(indices.size());
    for (int i : indices)
        if (i >= 0 && i < n && !flags[i]) {
            flags[i] = 1;
            valid.push_back(i);
        }
    std::sort(valid.begin(), valid.end());
    return valid;
}

}  // namespace

void PlotWidget::setSelectedPoints(const std::vector<int>& indices) {
    multiSelected_ = validIndices(indices, int(words_.size()), multiSelectedFlag_);
    update();
}

void PlotWidget::isolatePoints(const std::vector<int>& indices) {
    validIndices(indices, int(words_.size()), shownFlag_);
    isolating_ = true;
    shownPointsChanged();
    update();
}

void PlotWidget::showAllPoints() {
    if (!isolating_)
        return;
    isolating_ = false;
    shownFlag_.clear();
    shownPointsChanged();
    update();
}

void PlotWidget::resetSelectionMarks() {
    multiSelected_.clear();
    multiSelectedFlag_.fill(0, words_.size());
    isolating_ = false;
    shownFlag_.clear();
    cancelRegion();
    shownPointsChanged();
}

bool PlotWidget::beginRegion(const QMouseEvent& event) {
    if (event.button() != Qt::LeftButton || !(event.modifiers() & Qt::ShiftModifier))
        return false;
    region_ = PlotRegion(selectionTool_, event.position());
    regionAdds_ = event.modifiers() & Qt::ControlModifier;
    regionActive_ = true;
    setCursor(Qt::CrossCursor);
    update();
    return true;
}

void PlotWidget::extendRegion(const QPointF& pos) {
    if (!regionActive_)
        return;
    region_.extendTo(pos);
    update();
}

void PlotWidget::finishRegion() {
    if (!regionActive_)
        return;
    cancelRegion();  // the gesture ends; what it outlined is selected below
    if (region_.isClick()) {
        // Shift+click on a point adds that word; on empty space it does nothing.
        const int index = pointAt(region_.outline().boundingRect().center());
        if (index >= 0)
            emit pointsSelected({index}, true);
        return;
    }
    const std::vector<int> inside = pointsInRegion(region_);
    emit pointsSelected(QVector<int>(inside.begin(), inside.end()), regionAdds_);
}

void PlotWidget::cancelRegion() {
    if (!regionActive_)
        return;
    regionActive_ = false;
    unsetCursor();
    update();
}

void PlotWidget::paintRegionOutline(QPainter& painter) const {
    if (regionActive_)
        region_.paint(painter);
}

}  // namespace embedscope
