// The painting of the selected word's trail (PlotTrail.h), the same in 2-D and 3-D.
#include "PlotTrail.h"

#include <QColor>
#include <QLineF>
#include <QPainter>
#include <QPen>

#include <algorithm>

namespace embedscope {

namespace {

constexpr int kThinnedAbove = 2 * PlotTrail<QPointF>::kLength;
constexpr double kThinPixels = 1.5;
constexpr qsizetype kMaxDrawnVertices = 250;

// The vertices of a long path that are at least kThinPixels from the previous one kept (the
// first and the last always kept; a non-finite vertex always, so that gaps stay gaps); then, if
// more than kMaxDrawnVertices are left, that many evenly spread among them (the ends kept): the
// stroke's cost grows with its vertices, and a few hundred draw a path of a thousand frames.
QVector<QPointF> thinned(const QVector<QPointF>& path) {
    QVector<QPointF> kept;
    kept.reserve(path.size());
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QPointF& p = path[i];
        const bool last = i + 1 == path.size();
        if (!kept.isEmpty() && !last && isFinitePoint(p) && isFinitePoint(kept.last()) &&
            QLineF(kept.last(), p).length() < kThinPixels)
            continue;
        kept.append(p);
    }
    if (kept.size() <= kMaxDrawnVertices)
        return kept;
    QVector<QPointF> spread;
    spread.reserve(kMaxDrawnVertices);
    for (qsizetype k = 0; k < kMaxDrawnVertices; ++k)
        spread.append(kept[k * (kept.size() - 1) / (kMaxDrawnVertices - 1)]);
    return spread;
}

// A long path in kBands runs of consecutive segments, each drawn as one polyline with the pen of
// its middle age, one pixel wide, and its last kHead segments again with a wider pen, so that
// the direction shows at the point. Qt draws one-pixel lines with its fast cosmetic stroker;
// wider pens go through the path stroker at many times the cost. Measured with 50 trails of
// 1,000 frames (embedscope-bench replay --trails 50): a pen and a dot per segment painted in
// about 90 ms, eight polylines with the newest quarter wide in 21 ms, one pixel wide in 8 ms.
void paintBandedTrail(QPainter& painter, const QVector<QPointF>& path, QColor c,
                      double oldestOpacity) {
    constexpr int kBands = 8;
    constexpr int kHead = 6;
    const int segments = int(path.size()) - 1;
    QVector<QPointF> run;
    auto flush = [&](double age, double width) {
        if (run.size() >= 2) {
            c.setAlphaF(float(0.8 * (oldestOpacity + (1 - oldestOpacity) * age)));
            painter.setPen(QPen(c, width, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin));
            painter.drawPolyline(run.constData(), int(run.size()));
        }
        run.clear();
    };
    auto drawRun = [&](int first, int last, double age, double width) {
        for (int v = first; v <= last; ++v) {
            if (!isFinitePoint(path[v])) {
                flush(age, width);  // a gap stays a gap
                continue;
            }
            run.append(path[v]);
        }
        flush(age, width);
    };
    for (int band = 0; band < kBands; ++band) {
        const int first = band * segments / kBands;
        const int last = (band + 1) * segments / kBands;  // segments first..last-1
        drawRun(first, last, (double(first + last) / 2 + 1) / segments, 1.0);
    }
    drawRun(std::max(0, segments - kHead), segments, 1.0, 2.5);
}

}  // namespace

void paintFadingTrail(QPainter& painter, const QVector<QPointF>& raw, QRgb colour,
                      double oldestOpacity) {
    const QVector<QPointF> path = raw.size() > kThinnedAbove ? thinned(raw) : raw;
    const int segments = int(path.size()) - 1;
    if (segments < 1)
        return;
    painter.save();
    painter.setBrush(Qt::NoBrush);
    QColor c = QColor::fromRgba(colour);
    if (raw.size() > kThinnedAbove) {
        paintBandedTrail(painter, path, c, oldestOpacity);
        painter.restore();
        return;
    }
    for (int s = 0; s < segments; ++s) {
        if (!isFinitePoint(path[s]) || !isFinitePoint(path[s + 1]))
            continue;
        // age: 1/segments for the oldest segment .. 1 for the newest.
        const double age = double(s + 1) / segments;
        c.setAlphaF(float(0.8 * (oldestOpacity + (1 - oldestOpacity) * age)));
        painter.setPen(QPen(c, 1.0 + 1.5 * age, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(path[s], path[s + 1]);
        painter.setPen(Qt::NoPen);
        painter.setBrush(c);
        painter.drawEllipse(path[s], 1.5, 1.5);
    }
    painter.restore();
}

}  // namespace embedscope
