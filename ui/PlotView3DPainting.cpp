// PlotView3D's painting (the class is split over two files; PlotView3D.cpp holds its state and
// the input): the axes and their titles, the points far to near as shaded spheres with the
// scene's depth cues (PlotScene3D), the labels (PlotLabelPlacer) and the key hint, for the widget
// and for renderTo's exports alike.
#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainter>
#include <QRadialGradient>

#include <algorithm>
#include <cmath>
#include <limits>

#include "PlotColours.h"
#include "PlotView3D.h"
#include "ScatterPlot.h"  // kMaxLabelCandidates

namespace embedscope {

using namespace plotcolours;

void PlotView3D::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    syncViewport();
    paintScene(painter, QRectF(rect()), camera_, scene());
    paintRegionOutline(painter);
}

void PlotView3D::renderTo(QPainter& painter, const QRect& target) {
    // The same view at the target's size: the field of view is vertical, so the picture scales
    // with the target's height.
    OrbitCamera exportCamera = camera_;
    exportCamera.setViewport(target.width(), target.height());
    Scene exportScene;
    buildScene(exportCamera, QRectF(target), exportScene);
    paintScene(painter, QRectF(target), exportCamera, exportScene);
}

QRectF PlotView3D::hintRect(const QRectF& area, const QPaintDevice* device) const {
    const QFontMetricsF metrics(scaledFont(0.75, false), device);
    const QString hint = tr("drag: turn · right-drag: pan · wheel: zoom · R: reset");
    const double w = metrics.horizontalAdvance(hint) + 8;
    return QRectF(area.left() + 6, area.bottom() - metrics.height() - 6, w, metrics.height());
}

void PlotView3D::paintScene(QPainter& painter, const QRectF& area, const OrbitCamera& camera,
                            const Scene& s) {
    painter.save();
    painter.setClipRect(area);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(area, QColor::fromRgba(kBackground));
    if (const QString placeholder = placeholderText(); !placeholder.isEmpty()) {
        painter.setPen(QColor::fromRgba(kEmptyText));
        painter.drawText(area, Qt::AlignCenter, placeholder);
        clearPlacedLabels();
        painter.restore();
        return;
    }
    // Axis lines under the points, their titles over them.
    QVector<AxisTitle> titles;
    paintAxes(painter, area, camera, titles);
    paintTrail(painter, area, camera, s);  // under the points, as in 2-D
    paintPoints(painter, area, s);
    paintSelectedPoints(painter, s);
    QVector<QRectF> reserved;
    painter.setFont(scaledFont(0.95, true));
    for (const AxisTitle& title : titles) {
        painter.fillRect(title.box, QColor::fromRgba(kLabelBackground));
        painter.setPen(QColor::fromRgba(kAxisText));
        painter.drawText(title.box, Qt::AlignCenter, title.text);
        reserved.append(title.box);
    }
    // The key hint, bottom left.
    const QRectF hint = hintRect(area, painter.device());
    painter.setFont(scaledFont(0.75, false));
    painter.setPen(QColor::fromRgba(kTickText));
    painter.drawText(hint.adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("drag: turn · right-drag: pan · wheel: zoom · R: reset"));
    reserved.append(hint);
    const PlotLegend legend = metadataLegend(area, painter.device());
    legend.paint(painter);
    if (!legend.bounds().isNull())
        reserved.append(legend.bounds());
    paintLabels(painter, area, s, reserved);
    painter.restore();
}

QVector<QPointF> PlotView3D::selectedTrailPixels() const {
    return trailPath(camera_, QRectF(rect()), scene());
}

QVector<QPointF> PlotView3D::trailPath(const OrbitCamera& camera, const QRectF& area,
                                       const Scene& s) const {
    // The trail is kept in data space and projected through the camera of this paint, so it
    // turns with the orbit; the selected point's own drawn position ends it.
    QVector<QPointF> path;
    if (selected_ < 0 || selected_ >= words_.size() || selectedTrail_.isEmpty() ||
        std::size_t(selected_) >= s.screen.size())
        return path;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto pixel = [&](const ScreenPoint& p) {
        return p.visible ? QPointF(p.x, p.y) : QPointF(nan, nan);
    };
    for (const QVector3D& p : selectedTrail_.points())
        path.append(pixel(camera.project(Eigen::Vector3d(p.x(), p.y(), p.z()))) + area.topLeft());
    path.append(pixel(s.screen[std::size_t(selected_)]));  // the scene's are in area already
    return path;
}

void PlotView3D::paintTrail(QPainter& painter, const QRectF& area, const OrbitCamera& camera,
                            const Scene& s) const {
    paintFadingTrail(painter, trailPath(camera, area, s), kSelected);
}

void PlotView3D::paintAxes(QPainter& painter, const QRectF& area, const OrbitCamera& camera,
                           QVector<AxisTitle>& titles) const {
    // Three axes through the origin (the mean of the tracked vectors, since PCA centres them),
    // as long as the cloud's largest extent along any of them, each with a title beyond its
    // positive end (the caller draws the titles over the points).
    const QVector<QPointF>& xy = glideXY_.target();
    const QVector<QPointF>& z = glideZ_.target();
    double extent = 0.0;
    for (qsizetype i = 0; i < xy.size(); ++i) {
        const double values[3] = {xy[i].x(), xy[i].y(), z[i].x()};
        for (double v : values)
            if (std::isfinite(v))
                extent = std::max(extent, std::abs(v));
    }
    if (!(extent > 0))
        extent = 1.0;
    const QFont titleFont = scaledFont(0.95, true);
    const QFontMetricsF metrics(titleFont, painter.device());
    painter.save();
    static const char* const kNames[3] = {"x", "y", "z"};
    for (int axis = 0; axis < 3; ++axis) {
        Eigen::Vector3d direction = Eigen::Vector3d::Zero();
        direction[axis] = extent;
        const ScreenPoint from = camera.project(-direction);
        const ScreenPoint to = camera.project(direction);
        if (!from.visible || !to.visible)
            continue;
        const QPointF a(from.x + area.left(), from.y + area.top());
        const QPointF b(to.x + area.left(), to.y + area.top());
        painter.setPen(QPen(QColor::fromRgba(kGridLine).darker(108), 1.0));
        painter.drawLine(a, QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2));
        painter.setPen(QPen(QColor::fromRgba(kOriginLine), 1.3));
        painter.drawLine(QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2), b);
        // The title sits just beyond the positive end, away from the origin.
        const QString title =
            axisLabels_[axis].isEmpty() ? QString::fromLatin1(kNames[axis]) : axisLabels_[axis];
        const QPointF outward = b - QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2);
        const double length = std::hypot(outward.x(), outward.y());
        const QPointF unit = length > 1e-9 ? outward / length : QPointF(1, 0);
        const double w = metrics.horizontalAdvance(title) + 8, h = metrics.height();
        // The rectangle's centre goes out along the axis far enough for the box to clear b.
        const double clearance = 0.5 * (std::abs(unit.x()) * w + std::abs(unit.y()) * h) + 4;
        QRectF box(0, 0, w, h);
        box.moveCenter(b + unit * clearance);
        // Keep it on screen.
        box.moveLeft(std::clamp(box.left(), area.left() + 2, area.right() - w - 2));
        box.moveTop(std::clamp(box.top(), area.top() + 2, area.bottom() - h - 2));
        titles.append({box, title});
    }
    painter.restore();
}

QRgb PlotView3D::pointColour(int index) const {
    if (highlight_.active())
        return highlight_.matches(index) ? kHighlightPoint : kDimmedPoint;
    return colouring_.palette[colourIndex_[index]];
}

const QPixmap& PlotView3D::sprite(QRgb colour, double diameter, qreal devicePixelRatio) {
    const quint64 key = quint64(colour) | (quint64(std::lround(diameter * 2)) << 32) |
                        (quint64(std::lround(devicePixelRatio * 8)) << 48);
    auto it = sprites_.find(key);
    if (it != sprites_.end())
        return *it;
    if (sprites_.size() > 4096)
        sprites_.clear();
    const int side = int(std::ceil(diameter * devicePixelRatio)) + 2;
    QPixmap pixmap(side, side);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    // A lit sphere: lighter towards the upper left, darker at the rim.
    const double c = side / (2.0 * devicePixelRatio), r = diameter / 2;
    const QColor base = QColor::fromRgba(colour);
    QRadialGradient gradient(QPointF(c - 0.35 * r, c - 0.35 * r), 1.35 * r);
    gradient.setColorAt(0.0, base.lighter(150));
    gradient.setColorAt(0.55, base);
    gradient.setColorAt(1.0, base.darker(135));
    p.setBrush(gradient);
    p.drawEllipse(QPointF(c, c), r, r);
    p.end();
    return *sprites_.insert(key, pixmap);
}

void PlotView3D::paintPoints(QPainter& painter, const QRectF& area, const Scene& s) {
    const int n = int(words_.size());
    const bool raster =
        painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    const qreal dpr = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    // Sizes depend on depth / distance only, the same for the widget's and an export's camera.
    const bool highlightActive = highlight_.active();
    auto isSpecial = [this](int i) { return i == selected_ || i == hovered_; };
    // hotspot's trick, as in ScatterPlot: nearest first, a point whose centre pixel a nearer one
    // has claimed is hidden under it (the nearer one is as large or larger) and is skipped; with
    // 20,000 points most of a dense cluster is. A search match is never skipped (it is drawn
    // larger, and the user is looking for it). The rest are drawn far to near.
    const int w = std::max(1, int(std::ceil(area.width())));
    const int h = std::max(1, int(std::ceil(area.height())));
    pixelTaken_.assign(std::size_t(w) * std::size_t(h), 0);
    drawOrder_.clear();
    for (auto it = s.order.rbegin(); it != s.order.rend(); ++it) {
        const int i = *it;
        if (isSpecial(i) || isHiddenPoint(i))
            continue;
        const ScreenPoint& p = s.screen[std::size_t(i)];
        const int x = std::clamp(int(p.x - area.left()), 0, w - 1);
        const int y = std::clamp(int(p.y - area.top()), 0, h - 1);
        char& taken = pixelTaken_[std::size_t(y) * std::size_t(w) + std::size_t(x)];
        if (taken && !(highlightActive && highlight_.matches(i)))
            continue;
        taken = 1;
        drawOrder_.push_back(i);
    }
    painter.setPen(Qt::NoPen);
    for (auto it = drawOrder_.rbegin(); it != drawOrder_.rend(); ++it) {
        const int i = *it;
        const ScreenPoint& p = s.screen[std::size_t(i)];
        // Fog: farther points fade towards the background.
        const QRgb colour = mixColour(pointColour(i), kBackground, s.pointFade(p.depth));
        double diameter = 2 * perspectiveRadius(camera_, p.depth, pointSize_);
        if (highlightActive && highlight_.matches(i))
            diameter *= 1.35;
        if (raster) {
            const QPixmap& sp = sprite(colour, std::round(diameter * 2) / 2, dpr);
            const double half = sp.width() / (2.0 * sp.devicePixelRatio());
            painter.drawPixmap(QPointF(p.x - half, p.y - half), sp);
        } else {
            painter.setBrush(QColor::fromRgba(colour));
            painter.drawEllipse(QPointF(p.x, p.y), diameter / 2, diameter / 2);
        }
    }
    // The hovered and the selected point: larger, with a white ring, on top.
    for (int i : {hovered_ != selected_ ? hovered_ : -1, selected_}) {
        if (i < 0 || i >= n)
            continue;
        const ScreenPoint& p = s.screen[std::size_t(i)];
        if (!p.visible)
            continue;
        const double r = std::max(4.0, 0.9 * 2 * perspectiveRadius(camera_, p.depth, pointSize_));
        const QColor fill = i == selected_ ? QColor::fromRgba(kSelected)
                                           : QColor::fromRgba(pointColour(i) | 0xff000000);
        painter.setPen(QPen(Qt::white, 2.0));
        painter.setBrush(fill);
        painter.drawEllipse(QPointF(p.x, p.y), r, r);
        painter.setPen(QPen(fill.darker(140), 1.0));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QPointF(p.x, p.y), r + 1.5, r + 1.5);
    }
    painter.setBrush(Qt::NoBrush);
}

void PlotView3D::paintSelectedPoints(QPainter& painter, const Scene& s) const {
    std::vector<QPointF> pixels;
    for (int i : multiSelected_) {
        const ScreenPoint& p = s.screen[std::size_t(i)];
        if (p.visible && std::isfinite(p.x) && std::isfinite(p.y))
            pixels.push_back(QPointF(p.x, p.y));
        if (pixels.size() >= std::size_t(ScatterPlot::kMaxSpritePoints))
            break;
    }
    paintSelectionRings(painter, pixels, pointSize_ / 2);
}

void PlotView3D::paintLabels(QPainter& painter, const QRectF& area, const Scene& s,
                             const QVector<QRectF>& reserved) {
    const int n = int(words_.size());
    beginLabels(area, reserved);
    const QRectF inner = area.adjusted(1, 1, -1, -1);
    // In view: the scene's order lists them; a per-word flag answers "is it drawn?".
    std::vector<char> drawn(std::size_t(n), 0);
    for (int i : s.order)
        drawn[std::size_t(i)] = 1;
    // The category labels first, at the clusters' cores as the camera projects them (as in 2-D).
    const double nan = std::numeric_limits<double>::quiet_NaN();
    placeCategoryLabels(area, [&](int i) {
        const ScreenPoint& sp = s.screen[std::size_t(i)];
        return drawn[std::size_t(i)] ? QPointF(sp.x, sp.y) : QPointF(nan, nan);
    });
    int candidatesLeft = ScatterPlot::kMaxLabelCandidates;  // the plot is full long before
    const bool highlightActive = highlight_.active();
    auto tryPlace = [&](int i, double pointRadius, bool strong) {
        if (!drawn[std::size_t(i)] || isHiddenPoint(i))
            return;
        const ScreenPoint& sp = s.screen[std::size_t(i)];
        const QPointF p(sp.x, sp.y);
        if (!inner.contains(p))
            return;
        --candidatesLeft;
        offerLabel(i, p, pointRadius, strong);
    };
    auto radiusOf = [&](int i) {
        return perspectiveRadius(camera_, s.screen[std::size_t(i)].depth, pointSize_);
    };
    auto isSpecial = [this](int i) { return i == selected_ || i == hovered_; };
    if (selected_ >= 0 && selected_ < n)
        tryPlace(selected_, std::max(4.0, 1.8 * radiusOf(selected_)) + 1.5, true);
    if (hovered_ >= 0 && hovered_ < n && hovered_ != selected_)
        tryPlace(hovered_, std::max(4.0, 1.8 * radiusOf(hovered_)) + 1.5, true);
    if (highlightActive)
        for (int i : highlight_.indices())
            if (!isSpecial(i) && candidatesLeft > 0)
                tryPlace(i, 1.35 * radiusOf(i), true);
    if (labelsVisible_)
        for (int i = 0; i < n && candidatesLeft > 0; ++i)
            if (!isSpecial(i) && !(highlightActive && highlight_.matches(i)))
                tryPlace(i, radiusOf(i), false);

    painter.save();
    painter.setFont(labelFont_);
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int k = 0; k < placedLabelIndices_.size(); ++k) {
        const int i = placedLabelIndices_[k];
        const QRectF& r = placedLabelRects_[k];
        const bool strong = isSpecial(i) || (highlightActive && highlight_.matches(i));
        QRgb colour = kLabelText;
        if (i == selected_)
            colour = kSelected;
        else if (highlightActive)
            colour = highlight_.matches(i) ? kHighlightLabel : kDimmedLabel;
        // Labels of far points fade too, less than their points so that they stay legible.
        if (!strong)
            colour = mixColour(colour, kBackground, s.labelFade(s.screen[std::size_t(i)].depth));
        painter.fillRect(r, QColor::fromRgba(kLabelBackground));
        painter.setPen(QColor::fromRgba(colour));
        painter.setFont(strong ? boldLabelFont_ : labelFont_);
        painter.drawText(QPointF(r.left() + kLabelPadX, r.top() + labelAscent_), words_[i].word);
    }
    painter.restore();
    paintCategoryLabels(painter);  // over the points and the words' labels
}

}  // namespace embedscope
