// The region a selection gesture draws on a plot, in widget pixels, without a widget: a
// rectangle between the press and the cursor, or a lasso (the polygon of the cursor's path,
// closed from its last point back to its first). Which drawn points lie inside is decided in
// pixels, so that the 2-D plot (its points through the view's transform) and the 3-D view (its
// points projected through the camera) select what the user sees inside the outline.
#pragma once

#include <QPainterPath>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QtGlobal>

#include <functional>
#include <vector>

class QPainter;

namespace embedscope {

class PlotRegion {
public:
    enum class Shape { Rectangle, Lasso };

    PlotRegion() = default;
    // A gesture of shape starting at pixel `start`.
    PlotRegion(Shape shape, const QPointF& start);

    Shape shape() const { return shape_; }
    // The cursor moved to p: the rectangle's far corner, or the lasso's next vertex (points
    // closer than a pixel to the last vertex are dropped).
    void extendTo(const QPointF& p);
    // The outline as drawn: the rectangle's four corners, or the lasso's vertices.
    QPolygonF outline() const;
    QRectF bounds() const { return outline().boundingRect(); }
    // Too small to be a gesture (under 3 pixels across): a click, not a selection.
    bool isClick() const;
    // Inside the rectangle (edges included), or inside the closed lasso by the even-odd rule
    // (a lasso that crosses itself leaves its twice-enclosed parts out, as a drawing does).
    bool contains(const QPointF& p) const;

    // The indices i in [0, n) whose pixelOf(i) is finite, inside `visible` (the widget's area,
    // edges included: a point drawn off the widget is not seen inside the outline) and inside,
    // increasing.
    std::vector<int> indicesInside(qsizetype n, const QRectF& visible,
                                   const std::function<QPointF(int)>& pixelOf) const;

    // The outline being drawn: a dashed line over a faint fill.
    void paint(QPainter& painter) const;

private:
    Shape shape_ = Shape::Rectangle;
    QPointF start_, end_;
    QPolygonF lasso_;
};

// The selected points' mark: a dark ring with a white rim around each pixel (radius: the point's),
// drawn over the points so that a selection stands out of any colouring.
void paintSelectionRings(QPainter& painter, const std::vector<QPointF>& pixels, double radius);

}  // namespace embedscope
