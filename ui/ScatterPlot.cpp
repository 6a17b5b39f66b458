// ScatterPlot's state, the glide of its points and of its view, picking and the input (wheel,
// mouse, keys, tooltips). The painting is in ScatterPlotPainting.cpp.
#include "ScatterPlot.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QWheelEvent>
#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <limits>

#include "PlotColours.h"

namespace embedscope {

namespace {

using namespace plotcolours;

constexpr double kDragThreshold = 3.0;
constexpr double kSettledPixels = 0.01;

}  // namespace

ScatterPlot::ScatterPlot(QWidget* parent) : PlotWidget(2, parent) {
    setBackgroundRole(QPalette::Base);
    updateLabelMetrics();
    syncViewport();
}

ScatterPlot::~ScatterPlot() = default;

void ScatterPlot::setWords(const QVector<PlotWord>& words) {
    stopAnimation();
    glide_.reset(words.size());
    autoFit_ = true;
    viewGlide_.stop();
    selectedTrail_.clear();
    replayTrails_.clear();  // of other words; the replay sends its trails again with its frame
    resetWords(words);
    invalidatePositions();
    update();
}

void ScatterPlot::setTargetPositions(const QVector<QPointF>& positions, int glideMs) {
    if (positions.size() != words_.size()) {
        qWarning("ScatterPlot::setTargetPositions: %lld positions for %lld words; ignored",
                 qlonglong(positions.size()), qlonglong(words_.size()));
        return;
    }
    syncViewport();
    if (hasPositions_)
        recordTrailPoint();
    if (!hasPositions_ || glideMs <= 0) {
        stopAnimation();
        viewGlide_.stop();
        glide_.jumpTo(positions);
        hasPositions_ = true;
        if (autoFit_)
            transform_.fit(targetBounds());
        invalidatePositions();
        update();
        return;
    }
    glide_.glideTo(positions, glideMs);
    if (autoFit_) {
        PlotTransform fitted = transform_;
        fitted.fit(targetBounds());
        viewGlide_.retarget(fitted);
    }
    startAnimation();
}

void ScatterPlot::setTargetPositions(const float* xy, qsizetype rows, int glideMs) {
    QVector<QPointF> positions(rows);
    for (qsizetype i = 0; i < rows; ++i)
        positions[i] = QPointF(xy[2 * i], xy[2 * i + 1]);
    setTargetPositions(positions, glideMs);
}

void ScatterPlot::advanceAnimation(double dt) {
    const bool viewSettled = viewGlide_.step(transform_, glide_.springRate(), dt, kSettledPixels);
    // Settled: every point within a hundredth of a pixel of its target, and the distance it would
    // still coast (|v| / w) as small. Then snap exactly and stop the timer.
    const bool pointsSettled = glide_.step(dt, kSettledPixels / transform_.scale());
    if (viewSettled && pointsSettled) {
        glide_.snap();
        viewGlide_.snap(transform_);
        stopAnimation();
    }
    invalidatePositions();
    update();
}

void ScatterPlot::recordTrailPoint() {
    if (selected_ >= 0 && selected_ < glide_.current().size() && !showingReplayTrails_)
        selectedTrail_.record(glide_.current()[selected_]);
}

void ScatterPlot::setReplayTrails(const QVector<PlotTrailPath>& trails) {
    replayTrails_.clear();
    for (const PlotTrailPath& trail : trails)
        if (trail.index >= 0 && trail.index < words_.size())
            replayTrails_.append(trail);
    showingReplayTrails_ = true;
    selectedTrail_.clear();
    update();
}

void ScatterPlot::clearTrail() {
    selectedTrail_.clear();
    replayTrails_.clear();
    showingReplayTrails_ = false;
    update();
}

void ScatterPlot::setAxisInfo(const QString& xLabel, const QString& yLabel) {
    xLabel_ = xLabel;
    yLabel_ = yLabel;
    update();
}

void ScatterPlot::setSelectedIndex(int index) {
    if (index < -1 || index >= words_.size())
        index = -1;
    if (index == selected_)
        return;
    selected_ = index;
    selectedTrail_.clear();
    update();
}

void ScatterPlot::highlightUpdated() {
    highlightKeys_.fill(1, words_.size());
    for (int i : highlight_.indices())
        highlightKeys_[i] = 0;
    PlotWidget::highlightUpdated();
}

void ScatterPlot::setPointSize(double pixels) {
    pointSize_ = std::clamp(pixels, 1.0, 40.0);
    sprites_.clear();
    update();
}

void ScatterPlot::fitToData() {
    autoFit_ = true;
    viewGlide_.stop();
    syncViewport();
    transform_.fit(targetBounds());
    update();
}

void ScatterPlot::followData() {
    autoFit_ = true;
}

void ScatterPlot::setView(const QPointF& centre, double pixelsPerUnit) {
    autoFit_ = false;
    viewGlide_.stop();
    syncViewport();
    transform_.setDataCentre(centre);
    transform_.setScale(pixelsPerUnit);
    update();
}

QVector<QPointF> ScatterPlot::currentPositions() const {
    return glide_.current();
}

QRectF ScatterPlot::targetBounds() const {
    QPointF min, max;
    // Isolated, the view fits the points shown.
    QVector<QPointF> shown;
    if (isolating_)
        for (qsizetype i = 0; i < glide_.target().size(); ++i)
            if (isPointShown(int(i)))
                shown.append(glide_.target()[i]);
    if (!finiteBounds(isolating_ ? shown : glide_.target(), &min, &max))
        return QRectF(-1, -1, 2, 2);
    return QRectF(min, max);
}

void ScatterPlot::syncViewport() {
    if (transform_.viewport() != QRectF(rect()))
        transform_.setViewport(QRectF(rect()));
}

void ScatterPlot::invalidatePositions() {
    pickIndexValid_ = false;
    isolatedPositionsValid_ = false;
}

void ScatterPlot::shownPointsChanged() {
    invalidatePositions();
}

const QVector<QPointF>& ScatterPlot::drawnPositions() const {
    if (!isolating_)
        return glide_.current();
    if (!isolatedPositionsValid_) {
        // Hidden points get NaN positions: the renderer, the pick grid and the labels already
        // skip non-finite points, so isolation needs no test of its own in any of them.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        isolatedPositions_ = glide_.current();
        for (qsizetype i = 0; i < isolatedPositions_.size(); ++i)
            if (!isPointShown(int(i)))
                isolatedPositions_[i] = QPointF(nan, nan);
        isolatedPositionsValid_ = true;
    }
    return isolatedPositions_;
}

std::vector<int> ScatterPlot::pointsInRegion(const PlotRegion& region) const {
    if (!hasPositions_)
        return {};
    const_cast<ScatterPlot*>(this)->syncViewport();
    const QVector<QPointF>& positions = drawnPositions();
    return region.indicesInside(positions.size(), QRectF(rect()),
                                [&](int i) { return transform_.toPixel(positions[i]); });
}

void ScatterPlot::userMovedView() {
    autoFit_ = false;
    viewGlide_.stop();
    update();
}

// --- picking ---------------------------------------------------------------------------------

void ScatterPlot::ensurePickIndex() const {
    if (pickIndexValid_)
        return;
    pickGrid_.build(drawnPositions());
    pickIndexValid_ = true;
}

int ScatterPlot::pointAt(const QPointF& pixel) const {
    if (!hasPositions_ || words_.isEmpty())
        return -1;
    const_cast<ScatterPlot*>(this)->syncViewport();
    ensurePickIndex();
    const int index =
        pickGrid_.nearest(drawnPositions(), pixel, kPickRadius, transform_, QSizeF(size()));
    return index >= 0 && isHiddenPoint(index) ? -1 : index;
}

// --- events ----------------------------------------------------------------------------------

void ScatterPlot::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    syncViewport();
    if (autoFit_ && hasPositions_) {
        if (viewGlide_.active()) {
            PlotTransform fitted = transform_;
            fitted.fit(targetBounds());
            viewGlide_.retarget(fitted);
        } else {
            transform_.fit(targetBounds());
        }
    }
}

void ScatterPlot::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) {
        event->ignore();
        return;
    }
    syncViewport();
    transform_.zoomAbout(event->position(), std::pow(1.2, steps));
    userMovedView();
    event->accept();
}

void ScatterPlot::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    if (beginRegion(*event)) {
        event->accept();
        return;
    }
    pressed_ = true;
    dragging_ = false;
    pressPos_ = dragLast_ = event->position();
    event->accept();
}

void ScatterPlot::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (regionActive()) {
        extendRegion(pos);
        return;
    }
    if (pressed_ && (event->buttons() & Qt::LeftButton)) {
        if (!dragging_ && (pos - pressPos_).manhattanLength() >= kDragThreshold) {
            dragging_ = true;
            setCursor(Qt::ClosedHandCursor);
        }
        if (dragging_) {
            syncViewport();
            transform_.panByPixels(pos - dragLast_);
            dragLast_ = pos;
            userMovedView();
        }
        return;
    }
    hoverAt(pos, event->globalPosition().toPoint());
}

void ScatterPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && regionActive()) {
        extendRegion(event->position());
        finishRegion();
        return;
    }
    if (event->button() != Qt::LeftButton || !pressed_) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    pressed_ = false;
    if (dragging_) {
        dragging_ = false;
        unsetCursor();
        return;
    }
    if (const int entry = legendEntryAt(event->position()); entry != PlotLegend::kNone) {
        emit legendEntryClicked(entry, event->modifiers());
        return;
    }
    const int index = pointAt(event->position());
    if (index >= 0) {
        setSelectedIndex(index);
        emit pointClicked(index);
    }
}

void ScatterPlot::keyPressEvent(QKeyEvent* event) {
    syncViewport();
    const QPointF centre = QRectF(rect()).center();
    switch (event->key()) {
        case Qt::Key_F:
            fitToData();
            break;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            transform_.zoomAbout(centre, 1.25);
            userMovedView();
            break;
        case Qt::Key_Minus:
            transform_.zoomAbout(centre, 1.0 / 1.25);
            userMovedView();
            break;
        case Qt::Key_Left:
            transform_.panByPixels({40, 0});
            userMovedView();
            break;
        case Qt::Key_Right:
            transform_.panByPixels({-40, 0});
            userMovedView();
            break;
        case Qt::Key_Up:
            transform_.panByPixels({0, 40});
            userMovedView();
            break;
        case Qt::Key_Down:
            transform_.panByPixels({0, -40});
            userMovedView();
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

}  // namespace embedscope
