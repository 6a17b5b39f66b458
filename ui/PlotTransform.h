// Maps the plot's data coordinates (projection space, y pointing up) to widget pixels (y pointing
// down) and back. A plain value class so that the maths is unit-tested without a widget.
//
// The mapping is a uniform scale s (pixels per data unit, the same on both axes so that distances
// in the picture mean the same thing in every direction) about a data-space centre c that is drawn
// at the viewport's centre v:
//     px = v.x + s * (d.x - c.x)        py = v.y - s * (d.y - c.y)
//     d.x = c.x + (px - v.x) / s        d.y = c.y - (py - v.y) / s
#pragma once

#include <QPointF>
#include <QRectF>
#include <QVector>

#include <cmath>

namespace embedscope {

// A position that can be drawn: a projection of degenerate vectors may hold NaN or infinity.
inline bool isFinitePoint(const QPointF& p) {
    return std::isfinite(p.x()) && std::isfinite(p.y());
}

// The corners of the bounding box of the finite points among points; false when there is none.
bool finiteBounds(const QVector<QPointF>& points, QPointF* min, QPointF* max);

class PlotTransform {
public:
    // The widget rectangle in pixels. Keeps the data centre and the scale, so a resize neither
    // moves nor zooms the picture.
    void setViewport(const QRectF& pixels);
    const QRectF& viewport() const { return viewport_; }

    // Shows all of dataBounds inside the viewport, centred, aspect 1:1, leaving `margin` (a
    // fraction of the viewport's width and height) free on every side. Empty or degenerate bounds
    // (one point, a line) still give a finite scale.
    void fit(const QRectF& dataBounds, double margin = 0.05);

    QPointF toPixel(const QPointF& data) const;
    QPointF toData(const QPointF& pixel) const;
    QRectF toData(const QRectF& pixels) const;  // the data rectangle a pixel rectangle shows

    // Multiplies the scale by factor (> 1 zooms in); the data point under `pixel` stays put.
    void zoomAbout(const QPointF& pixel, double factor);
    // Moves the picture by delta pixels (a drag to the right moves the content to the right).
    void panByPixels(const QPointF& delta);

    double scale() const { return scale_; }  // pixels per data unit
    QPointF dataCentre() const { return centre_; }
    // Direct control, used to animate the view between two fits (scale is clamped).
    void setScale(double pixelsPerUnit);
    void setDataCentre(const QPointF& centre) { centre_ = centre; }
    QRectF visibleData() const { return toData(viewport_); }

    // Bounds on the scale so that wheel zooming cannot reach 0 or overflow.
    static constexpr double kMinScale = 1e-9;
    static constexpr double kMaxScale = 1e12;

private:
    QRectF viewport_{0, 0, 100, 100};
    QPointF centre_{0, 0};
    double scale_ = 1.0;
};

}  // namespace embedscope
