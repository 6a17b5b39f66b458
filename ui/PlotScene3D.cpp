#include "PlotScene3D.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope {

void interleaveXyz(const QVector<QPointF>& xy, const QVector<QPointF>& z, std::vector<float>& xyz) {
    xyz.resize(std::size_t(xy.size()) * 3);
    for (qsizetype i = 0; i < xy.size(); ++i) {
        xyz[3 * i] = float(xy[i].x());
        xyz[3 * i + 1] = float(xy[i].y());
        xyz[3 * i + 2] = float(z[i].x());
    }
}

QRgb mixColour(QRgb a, QRgb b, double t) {
    auto channel = [t](int x, int y) { return int(std::lround(x + (y - x) * t)); };
    return qRgba(channel(qRed(a), qRed(b)), channel(qGreen(a), qGreen(b)),
                 channel(qBlue(a), qBlue(b)), qAlpha(a));
}

void PlotScene3D::build(const OrbitCamera& camera, const float* xyz, std::size_t n,
                        const QRectF& area, double margin) {
    screen.resize(n);
    camera.projectAll(xyz, n, screen.data());
    order.clear();
    double nearest = std::numeric_limits<double>::infinity(), farthest = -nearest;
    const QRectF reach =
        QRectF(0, 0, area.width(), area.height()).adjusted(-margin, -margin, margin, margin);
    for (std::size_t i = 0; i < n; ++i) {
        ScreenPoint& p = screen[i];
        p.x += area.left();
        p.y += area.top();
        if (!p.visible || !std::isfinite(p.x) || !std::isfinite(p.y)) {
            p.visible = false;
            continue;
        }
        // The depth range of everything in front of the eye, not just what is in view: the fade
        // of a point must not change when another one leaves the picture.
        nearest = std::min(nearest, p.depth);
        farthest = std::max(farthest, p.depth);
        if (reach.contains(p.x - area.left(), p.y - area.top()))
            order.push_back(int(i));
    }
    nearDepth = nearest <= farthest ? nearest : 0.0;
    farDepth = nearest <= farthest ? farthest : 1.0;
    // Far to near (the painter's algorithm); at equal depth the more frequent word on top.
    std::sort(order.begin(), order.end(), [this](int a, int b) {
        const double da = screen[std::size_t(a)].depth, db = screen[std::size_t(b)].depth;
        return da != db ? da > db : a > b;
    });
}

double PlotScene3D::depthFraction(double depth) const {
    const double span = farDepth - nearDepth;
    return span > 0 ? std::clamp((depth - nearDepth) / span, 0.0, 1.0) : 0.0;
}

double PlotScene3D::pointFade(double depth) const {
    return kFarFade * std::round(depthFraction(depth) * kFadeLevels) / kFadeLevels;
}

double PlotScene3D::labelFade(double depth) const {
    return 0.5 * kFarFade * depthFraction(depth);
}

double perspectiveRadius(const OrbitCamera& camera, double depth, double pointSize) {
    // The size at the target's depth is pointSize, nearer is larger.
    const double factor = camera.pixelsPerUnitAt(depth) / camera.pixelsPerUnitAt(camera.distance());
    return 0.5 * pointSize *
           std::clamp(factor, PlotScene3D::kMinSizeFactor, PlotScene3D::kMaxSizeFactor);
}

}  // namespace embedscope
