#include "PlotRegion.h"

#include <QPainter>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace embedscope {

namespace {

constexpr double kClickPixels = 3.0;
constexpr QRgb kOutline = 0xff1c7ed6;
constexpr QRgb kOutlineFill = 0x201c7ed6;
constexpr QRgb kRing = 0xff212529;

}  // namespace

PlotRegion::PlotRegion(Shape shape, const QPointF& start)
    : shape_(shape), start_(start), end_(start) {
    if (shape_ == Shape::Lasso)
        lasso_.append(start);
}

void PlotRegion::extendTo(const QPointF& p) {
    end_ = p;
    if (shape_ == Shape::Lasso && (lasso_.isEmpty() || QLineF(lasso_.last(), p).length() >= 1.0))
        lasso_.append(p);
}

QPolygonF PlotRegion::outline() const {
    if (shape_ == Shape::Lasso)
        return lasso_;
    const QRectF r = QRectF(start_, end_).normalized();
    return QPolygonF({r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft()});
}

bool PlotRegion::isClick() const {
    const QRectF b = bounds();
    return b.width() < kClickPixels && b.height() < kClickPixels;
}

bool PlotRegion::contains(const QPointF& p) const {
    if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
        return false;
    if (shape_ == Shape::Rectangle) {
        const QRectF r = QRectF(start_, end_).normalized();
        return p.x() >= r.left() && p.x() <= r.right() && p.y() >= r.top() && p.y() <= r.bottom();
    }
    return lasso_.size() >= 3 && lasso_.containsPoint(p, Qt::OddEvenFill);
}

std::vector<int> PlotRegion::indicesInside(qsizetype n, const QRectF& visible,
                                           const std::function<QPointF(int)>& pixelOf) const {
    std::vector<int> inside;
    // The bounding box clipped to the visible area first: with a million points most are
    // rejected by four comparisons before the polygon test, which costs one pass over the
    // lasso's vertices. (NaN fails every comparison.)
    const QRectF box = bounds();
    const double left = std::max(box.left(), visible.left());
    const double right = std::min(box.right(), visible.right());
    const double top = std::max(box.top(), visible.top());
    const double bottom = std::min(box.bottom(), visible.bottom());
    for (qsizetype i = 0; i < n; ++i) {
        const QPointF p = pixelOf(int(i));
        if (!(p.x() >= left && p.x() <= right && p.y() >= top && p.y() <= bottom))
            continue;
        if (contains(p))
            inside.push_back(int(i));
    }
    return inside;
}

void PlotRegion::paint(QPainter& painter) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QPen pen(QColor::fromRgba(kOutline), 1.5, Qt::DashLine);
    painter.setPen(pen);
    painter.setBrush(QColor::fromRgba(kOutlineFill));
    const QPolygonF polygon = outline();
    if (shape_ == Shape::Lasso && polygon.size() < 3)
        painter.drawPolyline(polygon);
    else
        painter.drawPolygon(polygon, Qt::OddEvenFill);
    painter.restore();
}

void paintSelectionRings(QPainter& painter, const std::vector<QPointF>& pixels, double radius) {
    if (pixels.empty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(Qt::NoBrush);
    // Beyond the point with a gap, so that the point keeps its own colour inside the ring.
    const double r = std::max(4.5, radius + 2.5);
    painter.setPen(QPen(Qt::white, 3.5));
    for (const QPointF& p : pixels)
        painter.drawEllipse(p, r, r);
    painter.setPen(QPen(QColor::fromRgba(kRing), 2.0));
    for (const QPointF& p : pixels)
        painter.drawEllipse(p, r, r);
    painter.restore();
}

}  // namespace embedscope
