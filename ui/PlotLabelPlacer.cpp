#include "PlotLabelPlacer.h"

#include <algorithm>
#include <cmath>

namespace embedscope {

namespace {

// Bits lo..hi (inclusive) of a 64-bit word.
quint64 bits(int lo, int hi) {
    return (~quint64(0) >> (63 - hi)) & (~quint64(0) << lo);
}

}  // namespace

void PlotLabelPlacer::reset(const QRectF& area) {
    area_ = area;
    inner_ = area.adjusted(1, 1, -1, -1);
    columns_ = std::max(1, int(std::ceil(area.width() / kCell)) + 1);
    rows_ = std::max(1, int(std::ceil(area.height() / kCell)) + 1);
    wordsPerRow_ = (columns_ + 63) / 64;
    taken_.assign(std::size_t(wordsPerRow_) * std::size_t(rows_), 0);
}

PlotLabelPlacer::CellRange PlotLabelPlacer::cellRange(const QRectF& r) const {
    // Callers pass rectangles inside the area; the clamp only guards against rounding.
    auto column = [&](double x) {
        return std::clamp(int((x - area_.left()) / kCell), 0, columns_ - 1);
    };
    auto row = [&](double y) { return std::clamp(int((y - area_.top()) / kCell), 0, rows_ - 1); };
    return CellRange{column(r.left()), row(r.top()), column(r.right()), row(r.bottom())};
}

bool PlotLabelPlacer::insideInner(const QRectF& r) const {
    return r.left() >= inner_.left() && r.top() >= inner_.top() && r.right() <= inner_.right() &&
           r.bottom() <= inner_.bottom();
}

bool PlotLabelPlacer::isFree(const QRectF& r) const {
    const CellRange c = cellRange(r);
    for (int y = c.y0; y <= c.y1; ++y) {
        const quint64* row = &taken_[std::size_t(y) * std::size_t(wordsPerRow_)];
        for (int w = c.x0 >> 6; w <= c.x1 >> 6; ++w) {
            const int lo = w == c.x0 >> 6 ? c.x0 & 63 : 0;
            const int hi = w == c.x1 >> 6 ? c.x1 & 63 : 63;
            if (row[w] & bits(lo, hi))
                return false;
        }
    }
    return true;
}

void PlotLabelPlacer::mark(const QRectF& r) {
    const CellRange c = cellRange(r);
    for (int y = c.y0; y <= c.y1; ++y) {
        quint64* row = &taken_[std::size_t(y) * std::size_t(wordsPerRow_)];
        for (int w = c.x0 >> 6; w <= c.x1 >> 6; ++w) {
            const int lo = w == c.x0 >> 6 ? c.x0 & 63 : 0;
            const int hi = w == c.x1 >> 6 ? c.x1 & 63 : 63;
            row[w] |= bits(lo, hi);
        }
    }
}

void PlotLabelPlacer::reserve(const QRectF& r) {
    const QRectF clipped = r.intersected(area_);
    if (!clipped.isEmpty())
        mark(clipped);
}

std::array<QRectF, PlotLabelPlacer::kSides> PlotLabelPlacer::candidates(const QPointF& p,
                                                                        double pointRadius,
                                                                        double w, double h) {
    const double offset = pointRadius + kGap;
    const double diagonal = offset * 0.7;
    return {
        QRectF(p.x() + offset, p.y() - h / 2, w, h),
        QRectF(p.x() - offset - w, p.y() - h / 2, w, h),
        QRectF(p.x() - w / 2, p.y() - offset - h, w, h),
        QRectF(p.x() - w / 2, p.y() + offset, w, h),
        QRectF(p.x() + diagonal, p.y() - diagonal - h, w, h),
        QRectF(p.x() + diagonal, p.y() + diagonal, w, h),
        QRectF(p.x() - diagonal - w, p.y() - diagonal - h, w, h),
        QRectF(p.x() - diagonal - w, p.y() + diagonal, w, h),
    };
}

int PlotLabelPlacer::place(const QPointF& point, double pointRadius, double w, double h,
                           int preferredSide, QRectF* placed) {
    const auto rects = candidates(point, pointRadius, w, h);
    const int preferred = std::clamp(preferredSide, 0, kSides - 1);
    for (int k = 0; k < kSides; ++k) {
        const int side = k == 0 ? preferred : (k <= preferred ? k - 1 : k);
        const QRectF& r = rects[std::size_t(side)];
        if (!insideInner(r) || !isFree(r))
            continue;
        mark(r);
        if (placed)
            *placed = r;
        return side;
    }
    return -1;
}

bool PlotLabelPlacer::mightFit(const QPointF& point, double pointRadius, double minWidth,
                               double h) const {
    for (const QRectF& r : candidates(point, pointRadius, minWidth, h))
        if (insideInner(r) && isFree(r))
            return true;
    return false;
}

}  // namespace embedscope
