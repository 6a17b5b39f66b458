// The selected word's trail, shared by the 2-D and the 3-D plot: its recent data positions, oldest
// first, at most kLength of them, recorded once per new target frame (a point that did not move,
// or cannot be drawn, adds nothing), and how it is painted once projected to pixels: segments
// fading with age. Point is QPointF (2-D) or QVector3D (3-D); the plot says when it starts again
// (a new selection, new words, a new table).
#pragma once

#include <QPointF>
#include <QRgb>
#include <QVector3D>
#include <QVector>

#include <cmath>

#include "PlotTransform.h"  // isFinitePoint

class QPainter;

namespace embedscope {

// isFinitePoint(QPointF) is PlotTransform's; the 3-D trail's points are checked alike.
inline bool isFinitePoint(const QVector3D& p) {
    return std::isfinite(p.x()) && std::isfinite(p.y()) && std::isfinite(p.z());
}

template <typename Point>
class PlotTrail {
public:
    static constexpr int kLength = 40;

    // Appends p unless it cannot be drawn or equals the newest point; the oldest goes beyond
    // kLength.
    void record(const Point& p) {
        if (!isFinitePoint(p) || (!points_.isEmpty() && points_.last() == p))
            return;
        points_.append(p);
        if (points_.size() > kLength)
            points_.remove(0);
    }
    void clear() { points_.clear(); }
    bool isEmpty() const { return points_.isEmpty(); }
    const QVector<Point>& points() const { return points_; }

private:
    QVector<Point> points_;
};

// A path that the plot holds as a whole rather than recording it frame by frame: a replayed
// word's positions over the replayed span (TimelineBar, ReplayTrails), oldest first, the last at
// the cursor's frame; index: the word's, in the plot's words.
struct PlotTrailPath {
    int index = -1;
    QVector<QPointF> points;
};

// Draws the trail's path in pixels, oldest first (the point's current position last): each
// segment's opacity and width grow linearly from the oldest to the newest, so the past fades.
// A segment with a non-finite end (e.g. behind the 3-D eye) is left out. A long path (over
// 2 x kLength points: a replay's trail of up to a thousand frames) drops the vertices closer than
// a pixel and a half to the one drawn before them, keeps at most 250 of the rest (evenly spread),
// and fades in eight one-pixel bands drawn as polylines, without the dots, its last six segments
// drawn wider: per-segment pens, dots and wide pens over a whole replay would add little to see,
// and much time.
// oldestOpacity: the oldest segment's share of the newest one's opacity (0: it fades out; a
// replay's trail keeps its start in sight).
void paintFadingTrail(QPainter& painter, const QVector<QPointF>& path, QRgb colour,
                      double oldestOpacity = 0.0);

}  // namespace embedscope
