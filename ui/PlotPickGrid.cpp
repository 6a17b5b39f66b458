#include "PlotPickGrid.h"

#include <algorithm>
#include <cmath>

namespace embedscope {

void PlotPickGrid::build(const QVector<QPointF>& positions) {
    QPointF min, max;
    const bool anyFinite = finiteBounds(positions, &min, &max);
    const double minX = min.x(), minY = min.y(), maxX = max.x(), maxY = max.y();
    const qsizetype n = positions.size();
    if (!anyFinite) {
        columns_ = rows_ = 0;
        cellStart_.assign(1, 0);
        items_.clear();
        return;
    }
    bounds_ = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    // Square-ish cells: columns x rows ~ n / kPointsPerCell, in the bounds' aspect ratio.
    const double width = std::max(maxX - minX, 1e-300), height = std::max(maxY - minY, 1e-300);
    const double cells = std::max(1.0, double(n) / kPointsPerCell);
    const double aspect = std::clamp(width / height, 1e-6, 1e6);
    columns_ = int(std::clamp(std::sqrt(cells * aspect), 1.0, double(kMaxColumns)));
    rows_ = int(std::clamp(cells / columns_, 1.0, double(kMaxColumns)));
    cellWidth_ = width / columns_;
    cellHeight_ = height / rows_;
    auto cellOf = [&](const QPointF& p) {
        const int x = std::min(columns_ - 1, int((p.x() - minX) / cellWidth_));
        const int y = std::min(rows_ - 1, int((p.y() - minY) / cellHeight_));
        return y * columns_ + x;
    };
    const std::size_t cellCount = std::size_t(columns_) * std::size_t(rows_);
    cellStart_.assign(cellCount + 1, 0);
    cellOfPoint_.resize(std::size_t(n));
    for (qsizetype i = 0; i < n; ++i) {
        const int cell = isFinitePoint(positions[i]) ? cellOf(positions[i]) : -1;
        cellOfPoint_[std::size_t(i)] = cell;
        if (cell >= 0)
            ++cellStart_[std::size_t(cell) + 1];
    }
    for (std::size_t c = 0; c < cellCount; ++c)
        cellStart_[c + 1] += cellStart_[c];
    items_.resize(std::size_t(cellStart_[cellCount]));
    std::vector<int> fill(cellStart_.begin(), cellStart_.end() - 1);
    for (qsizetype i = 0; i < n; ++i) {
        const int cell = cellOfPoint_[std::size_t(i)];
        if (cell >= 0)
            items_[std::size_t(fill[std::size_t(cell)]++)] = int(i);
    }
}

int PlotPickGrid::nearest(const QVector<QPointF>& positions, const QPointF& pixel, double radius,
                          const PlotTransform& transform, const QSizeF& widget) const {
    if (columns_ == 0 || !isFinitePoint(pixel) || !(radius >= 0))
        return -1;
    // The data rectangle the pick circle's bounding box shows, in cells (clamped to the grid).
    const QRectF reach =
        transform.toData(QRectF(pixel - QPointF(radius, radius), QSizeF(2 * radius, 2 * radius)));
    const double x0 = std::floor((reach.left() - bounds_.left()) / cellWidth_);
    const double x1 = std::floor((reach.right() - bounds_.left()) / cellWidth_);
    const double y0 = std::floor((reach.top() - bounds_.top()) / cellHeight_);
    const double y1 = std::floor((reach.bottom() - bounds_.top()) / cellHeight_);
    if (!(x1 >= -1 && y1 >= -1 && x0 <= columns_ && y0 <= rows_))
        return -1;
    // One more cell on every side guards against rounding at the reach's edges.
    const int cx0 = int(std::max(0.0, x0 - 1)), cx1 = int(std::min(double(columns_ - 1), x1 + 1));
    const int cy0 = int(std::max(0.0, y0 - 1)), cy1 = int(std::min(double(rows_ - 1), y1 + 1));
    const double width = widget.width(), height = widget.height();
    int best = -1;
    double bestDistance2 = radius * radius;
    for (int y = cy0; y <= cy1; ++y) {
        const std::size_t row = std::size_t(y) * std::size_t(columns_);
        for (int k = cellStart_[row + std::size_t(cx0)]; k < cellStart_[row + std::size_t(cx1) + 1];
             ++k) {
            const int i = items_[std::size_t(k)];
            const QPointF p = transform.toPixel(positions[i]);
            if (!(p.x() >= 0 && p.y() >= 0 && p.x() < width && p.y() < height))
                continue;
            const double dx = p.x() - pixel.x(), dy = p.y() - pixel.y();
            const double distance2 = dx * dx + dy * dy;
            if (distance2 < bestDistance2 ||
                (distance2 == bestDistance2 && (best < 0 || i < best))) {
                bestDistance2 = distance2;
                best = i;
            }
        }
    }
    return best;
}

}  // namespace embedscope
