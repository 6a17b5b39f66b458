#include "PlotPickGrid.h"

#include <algorithm>
#include <cmath>

namespace embedscope {

void PlotPickGrid::build(const QVector<QPointF>& positions, const PlotTransform& transform,
                         const QSizeF& size) {
    const double width = size.width(), height = size.height();
    columns_ = std::max(1, int(std::ceil(width / kCell)));
    rows_ = std::max(1, int(std::ceil(height / kCell)));
    const int cells = columns_ * rows_;
    const qsizetype n = positions.size();
    cellOfPoint_.resize(std::size_t(n));
    cellStart_.assign(std::size_t(cells) + 1, 0);
    for (qsizetype i = 0; i < n; ++i) {
        const QPointF p = transform.toPixel(positions[i]);
        int cell = -1;
        if (p.x() >= 0 && p.y() >= 0 && p.x() < width && p.y() < height) {
            cell = int(p.y() / kCell) * columns_ + int(p.x() / kCell);
            ++cellStart_[std::size_t(cell) + 1];
        }
        cellOfPoint_[std::size_t(i)] = cell;
    }
    for (int c = 0; c < cells; ++c)
        cellStart_[std::size_t(c) + 1] += cellStart_[std::size_t(c)];
    items_.resize(std::size_t(cellStart_[std::size_t(cells)]));
    std::vector<int> fill(cellStart_.begin(), cellStart_.end() - 1);
    for (qsizetype i = 0; i < n; ++i) {
        const int cell = cellOfPoint_[std::size_t(i)];
        if (cell < 0)
            continue;
        const QPointF p = transform.toPixel(positions[i]);
        items_[std::size_t(fill[std::size_t(cell)]++)] = {p.x(), p.y(), int(i)};
    }
}

int PlotPickGrid::nearest(const QPointF& pixel, double radius) const {
    if (cellStart_.empty() || !std::isfinite(pixel.x()) || !std::isfinite(pixel.y()))
        return -1;
    radius = std::min(radius, kCell);
    const double cx = std::floor(pixel.x() / kCell), cy = std::floor(pixel.y() / kCell);
    if (cx < -1 || cy < -1 || cx > columns_ || cy > rows_)
        return -1;
    int best = -1;
    double bestDistance2 = radius * radius;
    for (int y = std::max(0, int(cy) - 1); y <= std::min(rows_ - 1, int(cy) + 1); ++y) {
        for (int x = std::max(0, int(cx) - 1); x <= std::min(columns_ - 1, int(cx) + 1); ++x) {
            const std::size_t c = std::size_t(y) * std::size_t(columns_) + std::size_t(x);
            for (int k = cellStart_[c]; k < cellStart_[c + 1]; ++k) {
                const Item& item = items_[std::size_t(k)];
                const double dx = item.x - pixel.x(), dy = item.y - pixel.y();
                const double distance2 = dx * dx + dy * dy;
                if (distance2 < bestDistance2 ||
                    (distance2 == bestDistance2 && (best < 0 || item.index < best))) {
                    bestDistance2 = distance2;
                    best = item.index;
                }
            }
        }
    }
    return best;
}

}  // namespace embedscope
