// PlotView3D's state, the glide of its points, the camera following the data, picking and the
// input (drags, wheel, keys, tooltips). The painting is in PlotView3DPainting.cpp.
#include "PlotView3D.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope {

namespace {

constexpr double kDragThreshold = 3.0;
constexpr double kSettledPixels = 0.01;
constexpr double kKeyTurnRadians = 10.0 * OrbitCamera::kPi / 180.0;

}  // namespace

PlotView3D::PlotView3D(QWidget* parent) : PlotWidget(3, parent) {
    setContextMenuPolicy(Qt::PreventContextMenu);  // the right button pans
    updateLabelMetrics();
    syncViewport();
}

PlotView3D::~PlotView3D() = default;

void PlotView3D::setWords(const QVector<PlotWord>& words) {
    stopAnimation();
    glideXY_.reset(words.size());
    glideZ_.reset(words.size());
    followData_ = true;
    selectedTrail_.clear();
    resetWords(words);
    invalidateScene();
    update();
}

void PlotView3D::setTargetPositions(const float* xyz, qsizetype rows, int glideMs) {
    if (rows != words_.size()) {
        qWarning("PlotView3D::setTargetPositions: %lld positions for %lld words; ignored",
                 qlonglong(rows), qlonglong(words_.size()));
        return;
    }
    QVector<QPointF> xy(rows), z(rows);
    for (qsizetype i = 0; i < rows; ++i) {
        xy[i] = QPointF(xyz[3 * i], xyz[3 * i + 1]);
        z[i] = QPointF(xyz[3 * i + 2], 0.0);
    }
    syncViewport();
    const bool first = !hasPositions_;
    if (!first)
        recordTrailPoint();
    if (first || glideMs <= 0) {
        stopAnimation();
        glideXY_.jumpTo(xy);
        glideZ_.jumpTo(z);
        hasPositions_ = true;
    } else {
        glideXY_.glideTo(xy, glideMs);
        glideZ_.glideTo(z, glideMs);
        startAnimation();
    }
    if (first)
        fitCamera(false);
    else if (followData_)
        fitCamera(true);
    invalidateScene();
    update();
}

void PlotView3D::currentXyz(std::vector<float>& xyz) const {
    interleaveXyz(glideXY_.current(), glideZ_.current(), xyz);
}

void PlotView3D::recordTrailPoint() {
    if (selected_ < 0 || selected_ >= glideXY_.current().size())
        return;
    const QPointF xy = glideXY_.current()[selected_];
    selectedTrail_.record(
        QVector3D(float(xy.x()), float(xy.y()), float(glideZ_.current()[selected_].x())));
}

void PlotView3D::clearTrail() {
    selectedTrail_.clear();
    update();
}

void PlotView3D::fitCamera(bool keepOrientation) {
    // Fitted to where the points are going, not where they are now.
    std::vector<float> xyz;
    interleaveXyz(glideXY_.target(), glideZ_.target(), xyz);
    if (keepOrientation)
        camera_.fitKeepingOrientation(xyz.data(), xyz.size() / 3);
    else
        camera_.fit(xyz.data(), xyz.size() / 3);
    invalidateScene();
}

void PlotView3D::advanceAnimation(double dt) {
    const double settle = kSettledPixels / camera_.pixelsPerUnitAt(camera_.distance());
    const bool xySettled = glideXY_.step(dt, settle);
    const bool zSettled = glideZ_.step(dt, settle);
    if (xySettled && zSettled) {
        glideXY_.snap();
        glideZ_.snap();
        stopAnimation();
    }
    invalidateScene();
    update();
}

void PlotView3D::setAxisInfo(const QString& xLabel, const QString& yLabel, const QString& zLabel) {
    axisLabels_[0] = xLabel;
    axisLabels_[1] = yLabel;
    axisLabels_[2] = zLabel;
    update();
}

void PlotView3D::setSelectedIndex(int index) {
    if (index < -1 || index >= words_.size())
        index = -1;
    if (index == selected_)
        return;
    selected_ = index;
    selectedTrail_.clear();
    update();
}

void PlotView3D::setPointSize(double pixels) {
    pointSize_ = std::clamp(pixels, 1.0, 40.0);
    sprites_.clear();
    invalidateScene();  // the scene's margin depends on the size
    update();
}

void PlotView3D::resetView() {
    followData_ = true;
    syncViewport();
    fitCamera(false);
    update();
    emit cameraChanged();
}

void PlotView3D::setCameraPose(const Eigen::Vector3d& target, double yaw, double pitch,
                               double distance, double fieldOfViewDegrees, bool followData) {
    syncViewport();
    camera_.setFieldOfView(fieldOfViewDegrees);
    camera_.setYaw(yaw);
    camera_.setPitch(pitch);
    camera_.setTarget(target);
    camera_.setDistance(distance);
    followData_ = followData;
    if (followData_ && hasPositions_)
        fitCamera(true);
    invalidateScene();
    update();
}

void PlotView3D::userMovedCamera() {
    followData_ = false;
    invalidateScene();
    update();
    emit cameraChanged();
}

void PlotView3D::invalidateScene() {
    sceneValid_ = false;
    pickValid_ = false;
}

void PlotView3D::syncViewport() {
    if (camera_.viewportWidth() != width() || camera_.viewportHeight() != height()) {
        camera_.setViewport(width(), height());
        invalidateScene();
    }
}

// --- the scene -------------------------------------------------------------------------------

const PlotView3D::Scene& PlotView3D::scene() const {
    if (!sceneValid_) {
        const_cast<PlotView3D*>(this)->syncViewport();
        buildScene(camera_, QRectF(rect()), scene_);
        sceneValid_ = true;
    }
    return scene_;
}

void PlotView3D::buildScene(const OrbitCamera& camera, const QRectF& area, Scene& s) const {
    std::vector<float> xyz;
    currentXyz(xyz);
    if (isolating_) {
        // Hidden points get NaN positions, which the scene leaves out of what it draws and picks.
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (std::size_t i = 0; i < xyz.size() / 3; ++i)
            if (!isPointShown(int(i)))
                xyz[3 * i] = xyz[3 * i + 1] = xyz[3 * i + 2] = nan;
    }
    s.build(camera, xyz.data(), std::size_t(words_.size()), area,
            pointSize_ * PlotScene3D::kMaxSizeFactor);
}

// --- picking ---------------------------------------------------------------------------------

void PlotView3D::ensurePickGrid() const {
    if (pickValid_)
        return;
    const Scene& s = scene();
    // PlotPickGrid works in data coordinates through a PlotTransform; the drawn pixels (x, y)
    // are filed as (x, -y) under the transform of scale 1 centred on the widget, which maps them
    // back to (x, y). Points not drawn are not filed.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    pickPositions_.resize(qsizetype(s.screen.size()));
    pickPositions_.fill(QPointF(nan, nan));
    for (int i : s.order)
        pickPositions_[i] = QPointF(s.screen[std::size_t(i)].x, -s.screen[std::size_t(i)].y);
    pickTransform_.setViewport(QRectF(rect()));
    pickTransform_.setScale(1.0);
    pickTransform_.setDataCentre(QPointF(width() / 2.0, -height() / 2.0));
    pickGrid_.build(pickPositions_);
    pickValid_ = true;
}

int PlotView3D::pointAt(const QPointF& pixel) const {
    if (!hasPositions_ || words_.isEmpty())
        return -1;
    ensurePickGrid();
    const int index =
        pickGrid_.nearest(pickPositions_, pixel, kPickRadius, pickTransform_, QSizeF(size()));
    return index >= 0 && isHiddenPoint(index) ? -1 : index;
}

std::vector<int> PlotView3D::pointsInRegion(const PlotRegion& region) const {
    if (!hasPositions_)
        return {};
    // What is drawn, as drawn: the scene's order lists the points in view, projected through
    // the camera.
    const Scene& s = scene();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<QPointF> pixels(s.screen.size(), QPointF(nan, nan));  // NaN: not drawn
    for (int i : s.order)
        pixels[std::size_t(i)] = QPointF(s.screen[std::size_t(i)].x, s.screen[std::size_t(i)].y);
    return region.indicesInside(qsizetype(pixels.size()), QRectF(rect()),
                                [&pixels](int i) { return pixels[std::size_t(i)]; });
}

ScreenPoint PlotView3D::screenPosition(int index) const {
    if (index < 0 || index >= words_.size())
        return {};
    return scene().screen[std::size_t(index)];
}

// --- events ----------------------------------------------------------------------------------

void PlotView3D::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    syncViewport();
    if (followData_ && hasPositions_)
        fitCamera(true);
}

void PlotView3D::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) {
        event->ignore();
        return;
    }
    camera_.zoomBySteps(steps);
    userMovedCamera();
    event->accept();
}

void PlotView3D::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton && event->button() != Qt::RightButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    if (beginRegion(*event)) {
        event->accept();
        return;
    }
    dragButton_ = event->button();
    dragging_ = false;
    pressPos_ = dragLast_ = event->position();
    event->accept();
}

void PlotView3D::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (regionActive()) {
        extendRegion(pos);
        return;
    }
    if (dragButton_ != Qt::NoButton && (event->buttons() & dragButton_)) {
        if (!dragging_ && (pos - pressPos_).manhattanLength() >= kDragThreshold) {
            dragging_ = true;
            setCursor(dragButton_ == Qt::LeftButton ? Qt::ClosedHandCursor : Qt::SizeAllCursor);
        }
        if (dragging_) {
            const QPointF delta = pos - dragLast_;
            dragLast_ = pos;
            syncViewport();
            if (dragButton_ == Qt::LeftButton)
                camera_.rotateByPixels(delta.x(), delta.y());
            else
                camera_.panByPixels(delta.x(), delta.y());
            userMovedCamera();
        }
        return;
    }
    hoverAt(pos, event->globalPosition().toPoint());
}

void PlotView3D::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && regionActive()) {
        extendRegion(event->position());
        finishRegion();
        return;
    }
    if (event->button() != dragButton_) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    const bool wasDrag = dragging_;
    const Qt::MouseButton button = dragButton_;
    dragButton_ = Qt::NoButton;
    dragging_ = false;
    if (wasDrag) {
        unsetCursor();
        return;
    }
    if (button != Qt::LeftButton)
        return;
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

void PlotView3D::keyPressEvent(QKeyEvent* event) {
    syncViewport();
    const double turnPixels = kKeyTurnRadians / OrbitCamera::kRadiansPerPixel;
    switch (event->key()) {
        case Qt::Key_R:
        case Qt::Key_Home:
            resetView();
            break;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            camera_.zoomBySteps(1);
            userMovedCamera();
            break;
        case Qt::Key_Minus:
            camera_.zoomBySteps(-1);
            userMovedCamera();
            break;
        case Qt::Key_Left:
            camera_.rotateByPixels(-turnPixels, 0);
            userMovedCamera();
            break;
        case Qt::Key_Right:
            camera_.rotateByPixels(turnPixels, 0);
            userMovedCamera();
            break;
        case Qt::Key_Up:
            camera_.rotateByPixels(0, -turnPixels);
            userMovedCamera();
            break;
        case Qt::Key_Down:
            camera_.rotateByPixels(0, turnPixels);
            userMovedCamera();
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

}  // namespace embedscope
