// One frame of the 3-D view's points seen through an OrbitCamera, without a widget: where each
// point is drawn, which are in view in the painter's order (far to near), and the depth cues that
// follow from the depth range: fog (far points fade towards the background) and perspective size.
#pragma once

#include <QPointF>
#include <QRectF>
#include <QRgb>
#include <QVector>

#include <cstddef>
#include <vector>

#include "OrbitCamera.h"

namespace embedscope {

// xy[i] and z[i].x() as rows of (x, y, z) into xyz (x0, y0, z0, x1, ...): the 3-D view glides z as
// the x of a second PlotGlide. z has xy's size.
void interleaveXyz(const QVector<QPointF>& xy, const QVector<QPointF>& z, std::vector<float>& xyz);

// a + (b - a) t per colour channel, alpha kept from a.
QRgb mixColour(QRgb a, QRgb b, double t);

struct PlotScene3D {
    // Depth cues: a point at the far edge of the cloud is drawn kFarFade of the way towards the
    // background colour (in kFadeLevels steps, so that sprites are shared); its size follows the
    // perspective, clamped to [kMinSizeFactor, kMaxSizeFactor] times the size at the target.
    static constexpr double kFarFade = 0.45;
    static constexpr int kFadeLevels = 8;
    static constexpr double kMinSizeFactor = 0.45;
    static constexpr double kMaxSizeFactor = 2.5;

    std::vector<ScreenPoint> screen;  // per point, in the area's pixels; not visible: not drawn
    std::vector<int> order;           // visible, inside the area (with a margin), far first
    double nearDepth = 0, farDepth = 1;

    // Projects n rows of xyz through camera (whose viewport has area's size) into area. A point
    // enters order when it is in front of the eye, finite, and at most margin pixels outside area.
    void build(const OrbitCamera& camera, const float* xyz, std::size_t n, const QRectF& area,
               double margin);
    // 0 at the nearest point in front of the eye .. 1 at the farthest.
    double depthFraction(double depth) const;
    // How far a point at depth fades towards the background: kFarFade at the far edge, quantised.
    double pointFade(double depth) const;
    // Labels of far points fade too, half as much as their points, so that they stay legible.
    double labelFade(double depth) const;
};

// The radius of a point of diameter pointSize at the camera's target distance, seen at depth:
// nearer is larger (clamped by PlotScene3D's size factors).
double perspectiveRadius(const OrbitCamera& camera, double depth, double pointSize);

}  // namespace embedscope
