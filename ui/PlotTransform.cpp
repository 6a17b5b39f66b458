#include "PlotTransform.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope {

bool finiteBounds(const QVector<QPointF>& points, QPointF* min, QPointF* max) {
    double minX = std::numeric_limits<double>::infinity(), minY = minX;
    double maxX = -minX, maxY = -minX;
    for (const QPointF& p : points) {
        if (!isFinitePoint(p))
            continue;
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    *min = QPointF(minX, minY);
    *max = QPointF(maxX, maxY);
    return minX <= maxX;
}

void PlotTransform::setViewport(const QRectF& pixels) {
    viewport_ = pixels;
}

void PlotTransform::fit(const QRectF& dataBounds, double margin) {
    const QRectF bounds = dataBounds.normalized();
    centre_ = bounds.center();
    margin = std::clamp(margin, 0.0, 0.45);
    const double usableWidth = std::max(1.0, viewport_.width() * (1.0 - 2.0 * margin));
    const double usableHeight = std::max(1.0, viewport_.height() * (1.0 - 2.0 * margin));
    // A degenerate extent (a single point, or all points on a line) would give an infinite scale;
    // treat it as the other extent, or as one data unit when both vanish.
    double width = bounds.width();
    double height = bounds.height();
    const double tiny = 1e-12 * std::max({1.0, std::abs(centre_.x()), std::abs(centre_.y())});
    if (!(width > tiny) && !(height > tiny)) {
        width = height = 1.0;
    } else if (!(width > tiny)) {
        width = height;
    } else if (!(height > tiny)) {
        height = width;
    }
    scale_ = std::clamp(std::min(usableWidth / width, usableHeight / height), kMinScale, kMaxScale);
}

void PlotTransform::setScale(double pixelsPerUnit) {
    if (std::isfinite(pixelsPerUnit))
        scale_ = std::clamp(pixelsPerUnit, kMinScale, kMaxScale);
}

QPointF PlotTransform::toPixel(const QPointF& data) const {
    const QPointF v = viewport_.center();
    return {v.x() + scale_ * (data.x() - centre_.x()), v.y() - scale_ * (data.y() - centre_.y())};
}

QPointF PlotTransform::toData(const QPointF& pixel) const {
    const QPointF v = viewport_.center();
    return {centre_.x() + (pixel.x() - v.x()) / scale_, centre_.y() - (pixel.y() - v.y()) / scale_};
}

QRectF PlotTransform::toData(const QRectF& pixels) const {
    return QRectF(toData(pixels.topLeft()), toData(pixels.bottomRight())).normalized();
}

void PlotTransform::zoomAbout(const QPointF& pixel, double factor) {
    if (!(factor > 0.0) || !std::isfinite(factor))
        return;
    // Keep d = toData(pixel) fixed: with the new scale s' the centre must satisfy
    // pixel.x = v.x + s' (d.x - c'.x), so c'.x = d.x - (pixel.x - v.x) / s' (and y mirrored).
    const QPointF anchor = toData(pixel);
    scale_ = std::clamp(scale_ * factor, kMinScale, kMaxScale);
    const QPointF v = viewport_.center();
    centre_ = {anchor.x() - (pixel.x() - v.x()) / scale_,
               anchor.y() + (pixel.y() - v.y()) / scale_};
}

void PlotTransform::panByPixels(const QPointF& delta) {
    // Content follows the cursor, so the data centre moves the other way (y is flipped).
    centre_ += QPointF(-delta.x() / scale_, delta.y() / scale_);
}

}  // namespace embedscope
