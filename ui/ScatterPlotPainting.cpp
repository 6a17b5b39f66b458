// ScatterPlot's painting (the class is split over three files; ScatterPlot.cpp holds its state, the
// glide and the input, ScatterPlotOverlays.cpp the contours and cluster labels): the grid,
// the selected word's trail, the points (a density image or sprites, PlotPointRenderer), the labels
// (PlotLabelPlacer), the axis titles and the legend, for the widget and for renderTo's exports
// alike.
#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPaintEngine>
#include <QPainter>
#include <QStaticText>

#include <algorithm>
#include <cmath>
#include <limits>

#include "PlotColours.h"
#include "ScatterPlot.h"

namespace embedscope {

namespace {

using namespace plotcolours;

// A "nice" grid step (1, 2 or 5 times a power of ten) close to `raw` data units.
double niceStep(double raw) {
    if (!(raw > 0.0) || !std::isfinite(raw))
        return 1.0;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double mantissa = raw / power;
    const double nice = mantissa < 1.5 ? 1.0 : mantissa < 3.5 ? 2.0 : mantissa < 7.5 ? 5.0 : 10.0;
    return nice * power;
}

constexpr double kLegendBarWidth = 90;
constexpr double kLegendBarHeight = 6;

}  // namespace

void ScatterPlot::updateLabelMetrics() {
    PlotWidget::updateLabelMetrics();
    labelTexts_.clear();  // laid out again, lazily
}

void ScatterPlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    syncViewport();
    paintScene(painter, QRectF(rect()), transform_);
    paintRegionOutline(painter);
}

void ScatterPlot::renderTo(QPainter& painter, const QRect& target) {
    syncViewport();
    // Show the region the widget shows, scaled to fit the target.
    PlotTransform exportTransform = transform_;
    exportTransform.setViewport(QRectF(target));
    if (width() > 0 && height() > 0) {
        exportTransform.setScale(transform_.scale() * std::min(target.width() / double(width()),
                                                               target.height() / double(height())));
    }
    paintScene(painter, QRectF(target), exportTransform);
}

void ScatterPlot::paintScene(QPainter& painter, const QRectF& area,
                             const PlotTransform& transform) {
    painter.save();
    painter.setClipRect(area);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    paintBackground(painter, area, transform);
    if (const QString placeholder = placeholderText(); !placeholder.isEmpty()) {
        painter.setPen(QColor::fromRgba(kEmptyText));
        painter.drawText(area, Qt::AlignCenter, placeholder);
        clearPlacedLabels();
        paintAxisLabels(painter, area);
        painter.restore();
        return;
    }
    paintTrail(painter, transform);
    paintPoints(painter, area, transform);
    paintContours(painter, area, transform);
    paintSelectedPoints(painter, area, transform);
    paintLabels(painter, area, transform);
    paintAxisLabels(painter, area);
    painter.restore();
}

void ScatterPlot::paintBackground(QPainter& painter, const QRectF& area,
                                  const PlotTransform& transform) const {
    painter.fillRect(area, QColor::fromRgba(kBackground));
    // Grid lines about every 100 pixels at round data values; the origin (the corpus mean of the
    // tracked vectors, since PCA centres them) gets a darker cross.
    const double step = niceStep(100.0 / transform.scale());
    const QRectF visible = transform.toData(area);
    const long long firstX = std::llround(std::ceil(visible.left() / step));
    const long long lastX = std::llround(std::floor(visible.right() / step));
    const long long firstY = std::llround(std::ceil(visible.top() / step));
    const long long lastY = std::llround(std::floor(visible.bottom() / step));
    if (lastX - firstX > 200 || lastY - firstY > 200)
        return;  // degenerate transform
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setFont(scaledFont(0.75, false));
    auto tickText = [&](long long k) {
        return QString::number(k * step, 'g', std::abs(step) >= 1e-4 ? 6 : 3);
    };
    for (long long k = firstX; k <= lastX; ++k) {
        const double x = std::round(transform.toPixel({k * step, 0}).x()) + 0.5;
        painter.setPen(QPen(QColor::fromRgba(k == 0 ? kOriginLine : kGridLine), 0));
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        painter.setPen(QColor::fromRgba(kTickText));
        painter.drawText(QPointF(x + 3, area.bottom() - 4), tickText(k));
    }
    for (long long k = firstY; k <= lastY; ++k) {
        const double y = std::round(transform.toPixel({0, k * step}).y()) + 0.5;
        painter.setPen(QPen(QColor::fromRgba(k == 0 ? kOriginLine : kGridLine), 0));
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        painter.setPen(QColor::fromRgba(kTickText));
        painter.drawText(QPointF(area.left() + 4, y - 3), tickText(k));
    }
    painter.restore();
}

void ScatterPlot::paintTrail(QPainter& painter, const PlotTransform& transform) const {
    if (showingReplayTrails_) {
        // Isolation and hidden legend entries hide a word's trail with its point.
        const QVector<QPointF>& drawn = drawnPositions();
        // The selected word's last, over the others.
        for (const bool selected : {false, true})
            for (const PlotTrailPath& trail : replayTrails_) {
                if ((trail.index == selected_) != selected || trail.points.size() < 2 ||
                    isHiddenPoint(trail.index) || !isFinitePoint(drawn[trail.index]))
                    continue;
                QVector<QPointF> path;
                path.reserve(trail.points.size());
                for (const QPointF& p : trail.points)
                    path.append(transform.toPixel(p));
                // The point glides to the cursor's position: the trail ends where it is drawn.
                path.back() = transform.toPixel(drawn[trail.index]);
                // Where the span started stays visible: that is what the trail is for.
                paintFadingTrail(painter, path, selected ? kSelected : kReplayTrail, 0.3);
            }
        return;
    }
    const QVector<QPointF>& current = glide_.current();
    if (selected_ < 0 || selectedTrail_.isEmpty() || !isFinitePoint(current[selected_]))
        return;
    QVector<QPointF> path;
    for (const QPointF& p : selectedTrail_.points())
        path.append(transform.toPixel(p));
    path.append(transform.toPixel(current[selected_]));
    paintFadingTrail(painter, path, kSelected);
}

void ScatterPlot::paintSelectedPoints(QPainter& painter, const QRectF& area,
                                      const PlotTransform& transform) const {
    const QVector<QPointF>& positions = drawnPositions();
    std::vector<QPointF> pixels;
    const double radius = pointSize_ / 2;
    const QRectF reach = area.adjusted(-radius, -radius, radius, radius);
    for (int i : multiSelected_) {
        const QPointF p = transform.toPixel(positions[i]);
        if (isFinitePoint(p) && reach.contains(p))
            pixels.push_back(p);
        if (pixels.size() >= std::size_t(kMaxSpritePoints))
            break;  // a plot full of rings says no more than this many
    }
    paintSelectionRings(painter, pixels, radius);
}

const QPixmap& ScatterPlot::sprite(QRgb colour, double diameter, qreal devicePixelRatio) {
    const quint64 key = quint64(colour) | (quint64(std::lround(diameter * 4)) << 32) |
                        (quint64(std::lround(devicePixelRatio * 8)) << 48);
    auto it = sprites_.find(key);
    if (it != sprites_.end())
        return *it;
    const int side = int(std::ceil(diameter * devicePixelRatio)) + 2;
    QPixmap pixmap(side, side);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor::fromRgba(colour));
    const double c = side / (2.0 * devicePixelRatio);
    p.drawEllipse(QPointF(c, c), diameter / 2, diameter / 2);
    p.end();
    return *sprites_.insert(key, pixmap);
}

void ScatterPlot::paintPoints(QPainter& painter, const QRectF& area,
                              const PlotTransform& transform) {
    const QVector<QPointF>& current = drawnPositions();
    const int n = int(current.size());
    const bool highlightActive = highlight_.active();
    // One pass over all points: the density image, and the visible points if they are few.
    PlotPointRenderer::Frame frame;
    frame.positions = current.constData();
    frame.count = n;
    frame.keys = highlightActive ? highlightKeys_.constData() : colourIndex_.constData();
    frame.transform = transform;
    frame.area = area;
    frame.devicePixelRatio = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    frame.listMargin = pointSize_ * 1.35 / 2;
    frame.listLimit = kMaxSpritePoints;
    pointRenderer_.accumulate(frame);
    lastPaintUsedDensity_ = !pointRenderer_.hasVisibleList();
    if (lastPaintUsedDensity_) {
        // Colours by key: the frequency rank's palette entry, or matches against the rest.
        QRgb keyColours[256] = {};
        if (highlightActive) {
            keyColours[0] = kHighlightPoint;
            keyColours[1] = kDimmedPoint;
        } else {
            // Opaque: the image's opacity says how many points a pixel holds. Hidden entries'
            // key stays transparent.
            const QVector<QRgb>& palette = colouring_.palette;
            for (int k = 0; k < palette.size() && k < 256; ++k)
                keyColours[k] = qAlpha(palette[k]) ? palette[k] | 0xff000000 : 0;
        }
        // Fewer visible points than a quarter of the pixels: sparse enough for 2 x 2 dots.
        const qsizetype pixels = qsizetype(pointRenderer_.width()) * pointRenderer_.height();
        const int dotSize = pointRenderer_.visibleCount() * 4 < pixels ? 2 : 1;
        painter.drawImage(area.topLeft(), pointRenderer_.densityImage(keyColours, dotSize));
        // A rare match among a million points is one pixel of the image: few enough matches
        // are drawn again as sprites on top.
        static const std::vector<int> none;
        if (highlightActive && highlight_.count() <= kMaxSpritePoints)
            paintSprites(painter, area, transform, highlight_.indices());
        else
            paintSprites(painter, area, transform, none);
    } else {
        paintSprites(painter, area, transform, pointRenderer_.visibleIndices());
    }
}

void ScatterPlot::paintSprites(QPainter& painter, const QRectF& area,
                               const PlotTransform& transform, const std::vector<int>& visible) {
    const QVector<QPointF>& current = drawnPositions();
    const int n = int(current.size());
    const bool highlightActive = highlight_.active();
    const double radius = pointSize_ / 2;
    const QRectF reach = area.adjusted(-radius, -radius, radius, radius);
    // Claim order: the selected and hovered points, then highlight matches, then everyone by
    // priority. A point whose pixel is already claimed is hidden under an earlier one anyway, so
    // it is skipped (with 20,000 points most of a dense cluster is skipped). Drawing then runs
    // in reverse claim order so that the important points end up on top.
    const int w = std::max(1, int(std::ceil(area.width())));
    const int h = std::max(1, int(std::ceil(area.height())));
    pixelTaken_.assign(std::size_t(w) * h, 0);
    drawOrder_.clear();
    drawPixels_.clear();
    auto claim = [&](int i) {
        if (isHiddenPoint(i))
            return;
        const QPointF p = transform.toPixel(current[i]);
        if (!isFinitePoint(p) || !reach.contains(p))
            return;
        const int x = std::clamp(int(p.x() - area.left()), 0, w - 1);
        const int y = std::clamp(int(p.y() - area.top()), 0, h - 1);
        quint8& taken = pixelTaken_[std::size_t(y) * w + x];
        if (taken)
            return;
        taken = 1;
        drawOrder_.push_back(i);
        drawPixels_.push_back(p);
    };
    const int special[2] = {selected_, hovered_ != selected_ ? hovered_ : -1};
    for (int i : special)
        if (i >= 0 && i < n)
            claim(i);
    auto isSpecial = [&](int i) { return i == special[0] || i == special[1]; };
    if (highlightActive)
        for (int i : visible)
            if (highlight_.matches(i) && !isSpecial(i))
                claim(i);
    for (int i : visible)
        if (!isSpecial(i) && !(highlightActive && highlight_.matches(i)))
            claim(i);

    const bool raster =
        painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    const qreal dpr = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    const QVector<QRgb>& colours = colouring_.palette;
    auto colourOf = [&](int i) -> QRgb {
        if (highlightActive)
            return highlight_.matches(i) ? kHighlightPoint : kDimmedPoint;
        return colours[colourIndex_[i]];
    };
    auto sizeOf = [&](int i) {
        return highlightActive && highlight_.matches(i) ? pointSize_ * 1.35 : pointSize_;
    };
    painter.setPen(Qt::NoPen);
    for (std::size_t k = drawOrder_.size(); k-- > 0;) {
        const int i = drawOrder_[k];
        if (isSpecial(i))
            continue;
        const double d = sizeOf(i);
        const QPointF& p = drawPixels_[k];
        if (raster) {
            // Pre-rendered antialiased sprites: one blit per point instead of a path fill.
            const QPixmap& s = sprite(colourOf(i), d, dpr);
            const double half = s.width() / (2.0 * s.devicePixelRatio());
            painter.drawPixmap(QPointF(p.x() - half, p.y() - half), s);
        } else {
            painter.setBrush(QColor::fromRgba(colourOf(i)));
            painter.drawEllipse(p, d / 2, d / 2);
        }
    }
    // The hovered and the selected point: larger, with a white ring so they stand out of a
    // dense cluster.
    for (int k = 1; k >= 0; --k) {
        const int i = special[k];
        if (i < 0 || i >= n)
            continue;
        const QPointF p = transform.toPixel(current[i]);
        if (!isFinitePoint(p) || !reach.contains(p))
            continue;
        const double r = std::max(4.0, pointSize_ * 0.9);
        const QColor fill = i == selected_ ? QColor::fromRgba(kSelected)
                                           : QColor::fromRgba(colourOf(i) | 0xff000000);
        painter.setPen(QPen(Qt::white, 2.0));
        painter.setBrush(fill);
        painter.drawEllipse(p, r, r);
        painter.setPen(QPen(fill.darker(140), 1.0));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(p, r + 1.5, r + 1.5);
    }
    painter.setBrush(Qt::NoBrush);
}

void ScatterPlot::paintLabels(QPainter& painter, const QRectF& area,
                              const PlotTransform& transform) {
    const QVector<QPointF>& current = drawnPositions();
    const int n = int(current.size());
    const bool highlightActive = highlight_.active();
    // The axis titles and the legend own their rectangles.
    const Decorations decor = decorations(area, painter.device());
    beginLabels(area, {decor.xTitle, decor.yTitle, decor.legend});
    if (labelTexts_.size() > 4 * kMaxLabelCandidates)
        labelTexts_.clear();
    const QRectF inner = area.adjusted(1, 1, -1, -1);
    // Strong labels (selected, hovered, highlighted) are bold and wider. Widths are measured on
    // demand: only a few hundred labels fit, and most words are never offered one.
    // Zoomed in (the points drawn as sprites), every word in view is offered a label, as with
    // few points; in a density image only the kMaxLabelCandidates most frequent words in view.
    int candidatesLeft =
        pointRenderer_.hasVisibleList() ? std::numeric_limits<int>::max() : kMaxLabelCandidates;
    // The category labels first: they are few and name whole clusters.
    const QVector<QPointF>& glided = glide_.current();
    placeCategoryLabels(area, [&](int i) { return transform.toPixel(glided[i]); });
    auto tryPlace = [&](int i, double pointRadius, bool strong) {
        if (isHiddenPoint(i))
            return;
        const QPointF p = transform.toPixel(current[i]);
        if (!(p.x() >= inner.left() && p.x() <= inner.right() && p.y() >= inner.top() &&
              p.y() <= inner.bottom()))
            return;
        --candidatesLeft;
        offerLabel(i, p, pointRadius, strong);
    };

    const double radius = pointSize_ / 2;
    if (selected_ >= 0 && selected_ < n)
        tryPlace(selected_, std::max(4.0, pointSize_ * 0.9) + 1.5, true);
    if (hovered_ >= 0 && hovered_ < n && hovered_ != selected_)
        tryPlace(hovered_, std::max(4.0, pointSize_ * 0.9) + 1.5, true);
    auto isSpecial = [&](int i) { return i == selected_ || i == hovered_; };
    if (highlightActive)
        for (int i : highlight_.indices())
            if (!isSpecial(i) && candidatesLeft > 0)
                tryPlace(i, radius * 1.35, true);
    if (labelsVisible_) {
        auto offer = [&](int i) {
            if (!isSpecial(i) && !(highlightActive && highlight_.matches(i)))
                tryPlace(i, radius, false);
        };
        // Zoomed in, the point renderer has listed the few visible points in order.
        if (pointRenderer_.hasVisibleList()) {
            for (int i : pointRenderer_.visibleIndices())
                if (candidatesLeft > 0)
                    offer(i);
        } else {
            for (int i = 0; i < n && candidatesLeft > 0; ++i)
                offer(i);
        }
    }

    painter.save();
    painter.setFont(labelFont_);
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QColor background = QColor::fromRgba(kLabelBackground);
    for (const QRectF& r : placedLabelRects_)
        painter.fillRect(r, background);
    for (int k = 0; k < placedLabelIndices_.size(); ++k) {
        const int i = placedLabelIndices_[k];
        const QRectF& r = placedLabelRects_[k];
        QRgb colour = kLabelText;
        const bool strong = isSpecial(i) || (highlightActive && highlight_.matches(i));
        if (i == selected_)
            colour = kSelected;
        else if (highlightActive)
            colour = highlight_.matches(i) ? kHighlightLabel : kDimmedLabel;
        painter.setPen(QColor::fromRgba(colour));
        const QPointF topLeft(r.left() + kLabelPadX, r.top());
        if (strong) {
            painter.setFont(boldLabelFont_);
            painter.drawText(topLeft + QPointF(0, labelAscent_), words_[i].word);
            painter.setFont(labelFont_);
        } else {
            // A laid-out text per word, kept between frames: most labels stay for many frames,
            // and drawing a cached layout is several times cheaper than shaping the string.
            QStaticText& text = labelTexts_[i];
            if (text.text().isEmpty()) {
                text.setText(words_[i].word);
                text.setTextFormat(Qt::PlainText);
                text.setPerformanceHint(QStaticText::AggressiveCaching);
            }
            painter.drawStaticText(topLeft, text);
        }
    }
    painter.restore();
    paintCategoryLabels(painter);
}

ScatterPlot::Decorations ScatterPlot::decorations(const QRectF& area,
                                                  const QPaintDevice* device) const {
    Decorations d;
    const QFontMetricsF axis(scaledFont(1.0, true), device);
    if (!xLabel_.isEmpty()) {
        const double w = axis.horizontalAdvance(xLabel_) + 8;
        d.xTitle =
            QRectF(area.right() - w - 10, area.bottom() - axis.height() - 20, w, axis.height());
    }
    if (!yLabel_.isEmpty()) {
        const double w = axis.horizontalAdvance(yLabel_) + 8;
        // Drawn rotated by 90 degrees (reading top to bottom) along the left edge.
        d.yTitle = QRectF(area.left() + 20, area.top() + 10, axis.height(), w);
    }
    if (colouring_.kind != PlotColouring::Kind::Frequency && !highlight_.active()) {
        d.legend = metadataLegend(area, device).bounds();
    } else if (words_.size() >= 2 && !highlight_.active()) {
        const QFontMetricsF legend(scaledFont(0.8, false), device);
        const double w = legend.horizontalAdvance(tr("frequent")) + kLegendBarWidth +
                         legend.horizontalAdvance(tr("rare")) + 20;
        d.legend = QRectF(area.right() - w - 10, area.top() + 8, w, legend.height() + 6);
    }
    return d;
}

void ScatterPlot::paintAxisLabels(QPainter& painter, const QRectF& area) const {
    const Decorations d = decorations(area, painter.device());
    const QColor background = QColor::fromRgba(kLabelBackground);
    painter.save();
    painter.setPen(QColor::fromRgba(kAxisText));
    painter.setFont(scaledFont(1.0, true));
    if (!d.xTitle.isNull()) {
        painter.fillRect(d.xTitle, background);
        painter.drawText(d.xTitle, Qt::AlignCenter, xLabel_);
    }
    if (!d.yTitle.isNull()) {
        painter.fillRect(d.yTitle, background);
        painter.save();
        painter.translate(d.yTitle.right(), d.yTitle.top());
        painter.rotate(90);
        painter.drawText(QRectF(0, 0, d.yTitle.height(), d.yTitle.width()), Qt::AlignCenter,
                         yLabel_);
        painter.restore();
    }
    if (!d.legend.isNull() && colouring_.kind != PlotColouring::Kind::Frequency) {
        metadataLegend(area, painter.device()).paint(painter);
    } else if (!d.legend.isNull()) {
        // Colour legend: frequency rank from frequent (dark) to rare (light).
        const QFont legendFont = scaledFont(0.8, false);
        const QFontMetricsF lm(legendFont, painter.device());
        painter.setFont(legendFont);
        painter.fillRect(d.legend, background);
        const double baseline = d.legend.top() + 3 + lm.ascent();
        const double frequentWidth = lm.horizontalAdvance(tr("frequent"));
        painter.drawText(QPointF(d.legend.left() + 4, baseline), tr("frequent"));
        const double barX = d.legend.left() + 4 + frequentWidth + 6;
        const QRectF bar(barX, d.legend.center().y() - kLegendBarHeight / 2, kLegendBarWidth,
                         kLegendBarHeight);
        QLinearGradient gradient(bar.topLeft(), bar.topRight());
        for (int i = 0; i <= 8; ++i)
            gradient.setColorAt(i / 8.0, viridis(kViridisUsed * i / 8.0));
        painter.fillRect(bar, gradient);
        painter.drawText(QPointF(bar.right() + 6, baseline), tr("rare"));
    }
    painter.restore();
}

}  // namespace embedscope
