#include "PlotView3D.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QRadialGradient>
#include <QResizeEvent>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

#include "PlotColours.h"
#include "PlotTooltip.h"
#include "Projection.h"

namespace embedscope {

namespace {

using namespace plotcolours;

constexpr double kDragThreshold = 3.0;
constexpr int kFrameIntervalMs = 16;  // ~60 fps
constexpr double kSettledPixels = 0.01;
constexpr double kLabelPadX = 2.0;
constexpr int kMaxLabelCandidates = 5000;  // as ScatterPlot: the plot is full long before
constexpr int kFadeLevels = 8;             // the fade is quantised so that sprites are shared
constexpr double kKeyTurnRadians = 10.0 * OrbitCamera::kPi / 180.0;

// a + (b - a) t per channel, alpha kept from a.
QRgb mix(QRgb a, QRgb b, double t) {
    auto channel = [t](int x, int y) { return int(std::lround(x + (y - x) * t)); };
    return qRgba(channel(qRed(a), qRed(b)), channel(qGreen(a), qGreen(b)),
                 channel(qBlue(a), qBlue(b)), qAlpha(a));
}

bool finite(double x, double y) {
    return std::isfinite(x) && std::isfinite(y);
}

}  // namespace

PlotView3D::PlotView3D(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setContextMenuPolicy(Qt::PreventContextMenu);  // the right button pans
    animTimer_.setTimerType(Qt::PreciseTimer);
    animTimer_.setInterval(kFrameIntervalMs);
    connect(&animTimer_, &QTimer::timeout, this, &PlotView3D::advanceAnimation);
    updateLabelMetrics();
    syncViewport();
}

PlotView3D::~PlotView3D() = default;

void PlotView3D::setWords(const QVector<PlotWord>& words) {
    animTimer_.stop();
    words_ = words;
    const int n = int(words_.size());
    texts_.clear();
    texts_.reserve(n);
    for (const PlotWord& w : words_)
        texts_.append(w.word);
    glideXY_.reset(n);
    glideZ_.reset(n);
    hasPositions_ = false;
    followData_ = true;
    selected_ = -1;
    hovered_ = -1;
    labelSide_.fill(0, n);
    colourIndex_.resize(n);
    for (int i = 0; i < n; ++i)
        colourIndex_[i] = rankColourIndex(i, n);
    highlight_.update(texts_, highlight_.pattern(), highlight_.regex());
    emit highlightChanged();
    updateLabelMetrics();
    placedLabelRects_.clear();
    placedLabelIndices_.clear();
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
    if (first || glideMs <= 0) {
        animTimer_.stop();
        glideXY_.jumpTo(xy);
        glideZ_.jumpTo(z);
        hasPositions_ = true;
    } else {
        glideXY_.glideTo(xy, glideMs);
        glideZ_.glideTo(z, glideMs);
        if (!animTimer_.isActive()) {
            animClock_.start();
            animTimer_.start();
        }
    }
    if (first)
        fitCamera(false);
    else if (followData_)
        fitCamera(true);
    invalidateScene();
    update();
}

void PlotView3D::currentXyz(std::vector<float>& xyz) const {
    const QVector<QPointF>& xy = glideXY_.current();
    const QVector<QPointF>& z = glideZ_.current();
    xyz.resize(std::size_t(xy.size()) * 3);
    for (qsizetype i = 0; i < xy.size(); ++i) {
        xyz[3 * i] = float(xy[i].x());
        xyz[3 * i + 1] = float(xy[i].y());
        xyz[3 * i + 2] = float(z[i].x());
    }
}

void PlotView3D::fitCamera(bool keepOrientation) {
    // Fitted to where the points are going, not where they are now.
    const QVector<QPointF>& xy = glideXY_.target();
    const QVector<QPointF>& z = glideZ_.target();
    std::vector<float> xyz(std::size_t(xy.size()) * 3);
    for (qsizetype i = 0; i < xy.size(); ++i) {
        xyz[3 * i] = float(xy[i].x());
        xyz[3 * i + 1] = float(xy[i].y());
        xyz[3 * i + 2] = float(z[i].x());
    }
    if (keepOrientation)
        camera_.fitKeepingOrientation(xyz.data(), xyz.size() / 3);
    else
        camera_.fit(xyz.data(), xyz.size() / 3);
    invalidateScene();
}

void PlotView3D::advanceAnimation() {
    // A stalled event loop must not make the points jump: at most 100 ms per step.
    const double dt = std::min(100.0, animClock_.nsecsElapsed() / 1e6);
    animClock_.restart();
    const double settle = kSettledPixels / camera_.pixelsPerUnitAt(camera_.distance());
    const bool xySettled = glideXY_.step(dt, settle);
    const bool zSettled = glideZ_.step(dt, settle);
    if (xySettled && zSettled) {
        glideXY_.snap();
        glideZ_.snap();
        animTimer_.stop();
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
    update();
}

void PlotView3D::setHighlight(const QString& pattern, bool regex) {
    highlight_.update(texts_, pattern, regex);
    emit highlightChanged();
    update();
}

void PlotView3D::setLabelsVisible(bool visible) {
    labelsVisible_ = visible;
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

void PlotView3D::setNeighbourProvider(std::function<QStringList(int)> provider) {
    neighbourProvider_ = std::move(provider);
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
    const std::size_t n = std::size_t(words_.size());
    std::vector<float> xyz;
    currentXyz(xyz);
    s.screen.resize(n);
    camera.projectAll(xyz.data(), n, s.screen.data());
    s.order.clear();
    double nearDepth = std::numeric_limits<double>::infinity(), farDepth = -nearDepth;
    const double margin = pointSize_ * kMaxSizeFactor;
    const QRectF reach =
        QRectF(0, 0, area.width(), area.height()).adjusted(-margin, -margin, margin, margin);
    for (std::size_t i = 0; i < n; ++i) {
        ScreenPoint& p = s.screen[i];
        p.x += area.left();
        p.y += area.top();
        if (!p.visible || !finite(p.x, p.y)) {
            p.visible = false;
            continue;
        }
        // The depth range of everything in front of the eye, not just what is in view: the fade
        // of a point must not change when another one leaves the picture.
        nearDepth = std::min(nearDepth, p.depth);
        farDepth = std::max(farDepth, p.depth);
        if (reach.contains(p.x - area.left(), p.y - area.top()))
            s.order.push_back(int(i));
    }
    s.nearDepth = nearDepth <= farDepth ? nearDepth : 0.0;
    s.farDepth = nearDepth <= farDepth ? farDepth : 1.0;
    // Far to near (the painter's algorithm); at equal depth the more frequent word on top.
    std::sort(s.order.begin(), s.order.end(), [&s](int a, int b) {
        const double da = s.screen[std::size_t(a)].depth, db = s.screen[std::size_t(b)].depth;
        return da != db ? da > db : a > b;
    });
}

double PlotView3D::depthFraction(const Scene& s, double depth) const {
    const double span = s.farDepth - s.nearDepth;
    return span > 0 ? std::clamp((depth - s.nearDepth) / span, 0.0, 1.0) : 0.0;
}

double PlotView3D::radiusAt(const OrbitCamera& camera, double depth) const {
    // Perspective: the size at the target's depth is pointSize_, nearer is larger.
    const double factor = camera.pixelsPerUnitAt(depth) / camera.pixelsPerUnitAt(camera.distance());
    return 0.5 * pointSize_ * std::clamp(factor, kMinSizeFactor, kMaxSizeFactor);
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
    return pickGrid_.nearest(pickPositions_, pixel, kPickRadius, pickTransform_, QSizeF(size()));
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
    dragButton_ = event->button();
    dragging_ = false;
    pressPos_ = dragLast_ = event->position();
    event->accept();
}

void PlotView3D::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
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
    const int index = pointAt(pos);
    if (index != hovered_) {
        hovered_ = index;
        emit pointHovered(index);
        update();
        if (QToolTip::isVisible()) {
            if (index >= 0)
                QToolTip::showText(event->globalPosition().toPoint(), tooltipText(index), this);
            else
                QToolTip::hideText();
        }
    }
}

void PlotView3D::mouseReleaseEvent(QMouseEvent* event) {
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
    const int index = pointAt(event->position());
    if (index >= 0) {
        setSelectedIndex(index);
        emit pointClicked(index);
    }
}

void PlotView3D::leaveEvent(QEvent* event) {
    QWidget::leaveEvent(event);
    if (hovered_ != -1) {
        hovered_ = -1;
        emit pointHovered(-1);
        update();
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

void PlotView3D::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        updateLabelMetrics();
        update();
    }
    QWidget::changeEvent(event);
}

bool PlotView3D::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = pointAt(help->pos());
        if (index >= 0) {
            QToolTip::showText(help->globalPos(), tooltipText(index), this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

QString PlotView3D::tooltipText(int index) const {
    return plotTooltipText(words_[index],
                           neighbourProvider_ ? neighbourProvider_(index) : QStringList());
}

// --- painting --------------------------------------------------------------------------------

QFont PlotView3D::scaledFont(double factor, bool bold) const {
    // In pixels, as ScatterPlot: the same metrics on every device renderTo paints on.
    QFont f = font();
    const double pixels = f.pixelSize() > 0 ? f.pixelSize() : f.pointSizeF() * logicalDpiY() / 72.0;
    f.setPixelSize(std::max(6, int(std::lround(pixels * factor))));
    f.setBold(bold);
    return f;
}

void PlotView3D::updateLabelMetrics() {
    labelFont_ = scaledFont(0.9, false);
    const QFontMetricsF metrics(labelFont_, this);
    labelHeight_ = float(metrics.height());
    labelAscent_ = float(metrics.ascent());
    minLabelWidth_ = float(metrics.horizontalAdvance(QLatin1Char('i')) + 2 * kLabelPadX);
    labelWidths_.fill(-1.0f, words_.size());
    boldLabelWidths_.fill(-1.0f, words_.size());
}

QString PlotView3D::placeholderText() const {
    if (words_.isEmpty())
        return tr("No words to show yet");
    if (words_.size() < Projection::kMinRows)
        return tr("A 3-D projection needs at least %1 words; %n plotted", nullptr,
                  int(words_.size()))
            .arg(Projection::kMinRows);
    return hasPositions_ ? QString() : tr("Waiting for vectors");
}

void PlotView3D::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    syncViewport();
    paintScene(painter, QRectF(rect()), camera_, scene());
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
        placedLabelRects_.clear();
        placedLabelIndices_.clear();
        painter.restore();
        return;
    }
    // Axis lines under the points, their titles over them.
    QVector<AxisTitle> titles;
    paintAxes(painter, area, camera, titles);
    paintPoints(painter, area, s);
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
    paintLabels(painter, area, s, reserved);
    painter.restore();
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
    return rankPalette()[colourIndex_[index]];
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
        if (isSpecial(i))
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
        // Fog: farther points fade towards the background, in kFadeLevels steps.
        const double t = depthFraction(s, p.depth);
        const double fade = kFarFade * std::round(t * kFadeLevels) / kFadeLevels;
        const QRgb colour = mix(pointColour(i), kBackground, fade);
        double diameter = 2 * radiusAt(camera_, p.depth);
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
        const double r = std::max(4.0, 0.9 * 2 * radiusAt(camera_, p.depth));
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

void PlotView3D::paintLabels(QPainter& painter, const QRectF& area, const Scene& s,
                             const QVector<QRectF>& reserved) {
    placedLabelRects_.clear();
    placedLabelIndices_.clear();
    const int n = int(words_.size());
    if (labelWidths_.size() != n || boldLabelWidths_.size() != n)
        updateLabelMetrics();
    if (labelSide_.size() != n)
        labelSide_.fill(0, n);
    labelPlacer_.reset(area);
    for (const QRectF& r : reserved)
        labelPlacer_.reserve(r);
    QFont boldFont = labelFont_;
    boldFont.setBold(true);
    const QFontMetricsF metrics(labelFont_, this);
    const QFontMetricsF boldMetrics(boldFont, this);
    const QRectF inner = area.adjusted(1, 1, -1, -1);
    const double h = labelHeight_;
    // In view: the scene's order lists them; a per-word flag answers "is it drawn?".
    std::vector<char> drawn(std::size_t(n), 0);
    for (int i : s.order)
        drawn[std::size_t(i)] = 1;
    int candidatesLeft = kMaxLabelCandidates;
    const bool highlightActive = highlight_.active();
    auto tryPlace = [&](int i, double pointRadius, bool strong) {
        if (!drawn[std::size_t(i)])
            return;
        const ScreenPoint& sp = s.screen[std::size_t(i)];
        const QPointF p(sp.x, sp.y);
        if (!inner.contains(p))
            return;
        --candidatesLeft;
        float& width = strong ? boldLabelWidths_[i] : labelWidths_[i];
        if (width < 0 && !labelPlacer_.mightFit(p, pointRadius, minLabelWidth_, h))
            return;
        if (width < 0)
            width = float((strong ? boldMetrics : metrics).horizontalAdvance(words_[i].word) +
                          2 * kLabelPadX);
        QRectF placed;
        const int side = labelPlacer_.place(p, pointRadius, width, h, labelSide_[i], &placed);
        if (side < 0)
            return;
        labelSide_[i] = quint8(side);
        placedLabelRects_.append(placed);
        placedLabelIndices_.append(i);
    };
    auto radiusOf = [&](int i) { return radiusAt(camera_, s.screen[std::size_t(i)].depth); };
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
            colour = mix(colour, kBackground,
                         0.5 * kFarFade * depthFraction(s, s.screen[std::size_t(i)].depth));
        painter.fillRect(r, QColor::fromRgba(kLabelBackground));
        painter.setPen(QColor::fromRgba(colour));
        painter.setFont(strong ? boldFont : labelFont_);
        painter.drawText(QPointF(r.left() + kLabelPadX, r.top() + labelAscent_), words_[i].word);
    }
    painter.restore();
}

}  // namespace embedscope
