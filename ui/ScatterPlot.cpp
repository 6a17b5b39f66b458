#include "ScatterPlot.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLinearGradient>
#include <QLocale>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QResizeEvent>
#include <QStaticText>
#include <QToolTip>
#include <QWheelEvent>
#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <limits>

#include "Projection.h"

namespace embedscope {

namespace {

// Light theme.
constexpr QRgb kBackground = 0xffffffff;
constexpr QRgb kGridLine = 0xffeef0f4;
constexpr QRgb kOriginLine = 0xffc3c8d0;
constexpr QRgb kTickText = 0xff9aa1ab;
constexpr QRgb kAxisText = 0xff495057;
constexpr QRgb kLabelText = 0xff2b3036;
constexpr QRgb kDimmedPoint = 0x70b8bec7;  // non-matching points while a highlight is active
constexpr QRgb kDimmedLabel = 0xffa7adb5;
constexpr QRgb kHighlightPoint = 0xffe8590c;
constexpr QRgb kHighlightLabel = 0xffc2410c;
constexpr QRgb kSelected = 0xffd6336c;
constexpr QRgb kLabelBackground = 0xa0ffffff;
constexpr QColor kEmptyText{0x86, 0x8e, 0x96};

// Viridis (perceptually uniform, readable in grey scale) at nine stops. Only its darker 85% is
// used: the yellow end vanishes on a white background.
constexpr QRgb kViridisStops[] = {0xff440154, 0xff482878, 0xff3e4989, 0xff31688e, 0xff26828e,
                                  0xff1f9e89, 0xff35b779, 0xff6ece58, 0xfffde725};
constexpr double kViridisUsed = 0.85;
constexpr int kPaletteSize = 32;
constexpr int kPointAlpha = 215;  // overlapping points darken: density stays visible

QColor viridis(double t) {
    constexpr int last = int(std::size(kViridisStops)) - 1;
    t = std::clamp(t, 0.0, 1.0) * last;
    const int i = std::min(int(t), last - 1);
    const double f = t - i;
    const QColor a = QColor::fromRgb(kViridisStops[i]);
    const QColor b = QColor::fromRgb(kViridisStops[i + 1]);
    return QColor::fromRgbF(float(a.redF() + f * (b.redF() - a.redF())),
                            float(a.greenF() + f * (b.greenF() - a.greenF())),
                            float(a.blueF() + f * (b.blueF() - a.blueF())));
}

const QVector<QRgb>& rankPalette() {
    static const QVector<QRgb> colours = [] {
        QVector<QRgb> result;
        for (int i = 0; i < kPaletteSize; ++i) {
            QColor c = viridis(kViridisUsed * i / (kPaletteSize - 1));
            c.setAlpha(kPointAlpha);
            result.append(c.rgba());
        }
        return result;
    }();
    return colours;
}

// A "nice" grid step (1, 2 or 5 times a power of ten) close to `raw` data units.
double niceStep(double raw) {
    if (!(raw > 0.0) || !std::isfinite(raw))
        return 1.0;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double mantissa = raw / power;
    const double nice = mantissa < 1.5 ? 1.0 : mantissa < 3.5 ? 2.0 : mantissa < 7.5 ? 5.0 : 10.0;
    return nice * power;
}

bool finitePoint(const QPointF& p) {
    return std::isfinite(p.x()) && std::isfinite(p.y());
}

constexpr double kLabelPadX = 2.0;
constexpr double kLabelGap = 2.0;   // between a point's edge and its label
constexpr double kLabelCell = 4.0;  // pixels per cell of the label occupancy grid
constexpr double kPickCell = 12.0;  // >= kPickRadius, so a 3x3 block of cells covers the radius
constexpr double kDragThreshold = 3.0;
constexpr int kFrameIntervalMs = 16;  // ~60 fps
constexpr double kGlideSettle = 6.0;  // spring rate times glide time
constexpr double kSettledPixels = 0.01;
constexpr double kLegendBarWidth = 90;
constexpr double kLegendBarHeight = 6;

}  // namespace

ScatterPlot::ScatterPlot(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setBackgroundRole(QPalette::Base);
    animTimer_.setTimerType(Qt::PreciseTimer);
    animTimer_.setInterval(kFrameIntervalMs);
    connect(&animTimer_, &QTimer::timeout, this, &ScatterPlot::advanceAnimation);
    updateLabelMetrics();
    syncViewport();
}

ScatterPlot::~ScatterPlot() = default;

void ScatterPlot::setWords(const QVector<PlotWord>& words) {
    animTimer_.stop();
    words_ = words;
    const int n = int(words_.size());
    target_ = current_ = velocity_ = QVector<QPointF>(n, QPointF(0, 0));
    hasPositions_ = false;
    autoFit_ = true;
    stopViewGlide();
    selected_ = -1;
    hovered_ = -1;
    selectedTrail_.clear();
    labelSide_.fill(0, n);
    // Colour by frequency rank on a log scale: the head of a Zipf distribution is where the
    // counts differ most, so it gets most of the colour range.
    colourIndex_.resize(n);
    const double logN = std::log1p(std::max(1, n - 1));
    for (int i = 0; i < n; ++i)
        colourIndex_[i] = quint8(std::lround((kPaletteSize - 1) * std::log1p(i) / logN));
    updateHighlightMatches();
    updateLabelMetrics();
    placedLabelRects_.clear();
    placedLabelIndices_.clear();
    invalidatePixels();
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
    target_ = positions;
    if (!hasPositions_ || glideMs <= 0) {
        animTimer_.stop();
        stopViewGlide();
        current_ = target_;
        velocity_.fill(QPointF(0, 0), target_.size());
        hasPositions_ = true;
        if (autoFit_)
            transform_.fit(targetBounds());
        invalidatePixels();
        update();
        return;
    }
    // A step response (1 + wt) e^(-wt) of a critically damped spring is below 2% at wt = 6.
    springRate_ = kGlideSettle / glideMs;
    if (autoFit_) {
        PlotTransform fitted = transform_;
        fitted.fit(targetBounds());
        setViewTarget(fitted);
    }
    if (!animTimer_.isActive()) {
        animClock_.start();
        animTimer_.start();
    }
}

void ScatterPlot::setViewTarget(const PlotTransform& fitted) {
    if (!viewGlides_) {
        viewCentreVelocity_ = QPointF(0, 0);
        viewLogScaleVelocity_ = 0.0;
    }
    viewGlides_ = true;
    viewTargetCentre_ = fitted.dataCentre();
    viewTargetLogScale_ = std::log(fitted.scale());
}

void ScatterPlot::stopViewGlide() {
    viewGlides_ = false;
    viewCentreVelocity_ = QPointF(0, 0);
    viewLogScaleVelocity_ = 0.0;
}

namespace {

// One step of a critically damped spring x'' = -2w x' - w^2 x (x: offset from the target),
// solved exactly over dt so that any frame rate gives the same motion:
//     x(t) = (x0 + (v0 + w x0) t) e^(-wt),    v(t) = (v0 - w (v0 + w x0) t) e^(-wt).
template <typename T>
void springStep(T& offset, T& velocity, double omega, double dt, double decay) {
    const T carried = (velocity + offset * omega) * dt;
    velocity = (velocity - carried * omega) * decay;
    offset = (offset + carried) * decay;
}

}  // namespace

void ScatterPlot::advanceAnimation() {
    // A stalled event loop must not make the points jump: at most 100 ms per step.
    const double dt = std::min(100.0, animClock_.nsecsElapsed() / 1e6);
    animClock_.restart();
    const double omega = springRate_;
    const double decay = std::exp(-omega * dt);
    double maxOffset2 = 0.0, maxVelocity2 = 0.0;
    const int n = int(current_.size());
    for (int i = 0; i < n; ++i) {
        QPointF offset = current_[i] - target_[i];
        springStep(offset, velocity_[i], omega, dt, decay);
        current_[i] = target_[i] + offset;
        // NaN never compares greater, so a non-finite target cannot keep the timer running.
        maxOffset2 = std::max(maxOffset2, QPointF::dotProduct(offset, offset));
        maxVelocity2 = std::max(maxVelocity2, QPointF::dotProduct(velocity_[i], velocity_[i]));
    }
    bool viewSettled = true;
    if (viewGlides_) {
        QPointF centreOffset = transform_.dataCentre() - viewTargetCentre_;
        double logScaleOffset = std::log(transform_.scale()) - viewTargetLogScale_;
        springStep(centreOffset, viewCentreVelocity_, omega, dt, decay);
        springStep(logScaleOffset, viewLogScaleVelocity_, omega, dt, decay);
        transform_.setDataCentre(viewTargetCentre_ + centreOffset);
        transform_.setScale(std::exp(viewTargetLogScale_ + logScaleOffset));
        const double pixels = std::hypot(centreOffset.x(), centreOffset.y()) * transform_.scale();
        viewSettled = pixels < kSettledPixels && std::abs(logScaleOffset) < 1e-4 &&
                      std::abs(viewLogScaleVelocity_) / omega < 1e-4;
    }
    // Settled: every point within a hundredth of a pixel of its target, and the distance it would
    // still coast (|v| / w) as small. Then snap exactly and stop the timer.
    const double settled = kSettledPixels / transform_.scale();
    if (viewSettled && maxOffset2 < settled * settled &&
        maxVelocity2 < settled * settled * omega * omega) {
        current_ = target_;
        velocity_.fill(QPointF(0, 0));
        if (viewGlides_) {
            transform_.setDataCentre(viewTargetCentre_);
            transform_.setScale(std::exp(viewTargetLogScale_));
        }
        stopViewGlide();
        animTimer_.stop();
    }
    invalidatePixels();
    update();
}

void ScatterPlot::recordTrailPoint() {
    if (selected_ < 0 || selected_ >= current_.size())
        return;
    const QPointF p = current_[selected_];
    if (!finitePoint(p))
        return;
    if (!selectedTrail_.isEmpty() && selectedTrail_.last() == p)
        return;
    selectedTrail_.append(p);
    if (selectedTrail_.size() > kTrailLength)
        selectedTrail_.remove(0);
}

void ScatterPlot::clearTrail() {
    selectedTrail_.clear();
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

void ScatterPlot::setHighlight(const QString& pattern, bool regex) {
    highlightPattern_ = pattern;
    highlightRegex_ = regex;
    updateHighlightMatches();
    update();
}

bool ScatterPlot::isHighlighted(int index) const {
    return index >= 0 && index < highlighted_.size() && highlighted_[index];
}

QString ScatterPlot::highlightSummary() const {
    if (highlightPattern_.isEmpty())
        return {};
    if (!highlightError_.isEmpty())
        return highlightError_;
    return tr("%n plotted match(es)", nullptr, highlightCount_);
}

void ScatterPlot::updateHighlightMatches() {
    const int n = int(words_.size());
    highlighted_.fill(false, n);
    highlightCount_ = 0;
    highlightError_.clear();
    if (highlightPattern_.isEmpty()) {
        emit highlightChanged();
        return;
    }
    if (highlightRegex_) {
        const QRegularExpression re(highlightPattern_, QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            // patternErrorOffset() counts UTF-16 units from 0; people count characters from 1.
            // An error at the very end (an unclosed group) has no character to point at.
            const qsizetype offset = re.patternErrorOffset();
            const QString where =
                offset >= 0 && offset < highlightPattern_.size()
                    ? tr("at character %1")
                          .arg(QStringView(highlightPattern_).left(offset).toUcs4().size() + 1)
                    : tr("at its end");
            highlightError_ = tr("invalid pattern %1: %2").arg(where, re.errorString());
            emit highlightChanged();
            return;
        }
        for (int i = 0; i < n; ++i)
            highlighted_[i] = re.match(words_[i].word).hasMatch();
    } else {
        for (int i = 0; i < n; ++i)
            highlighted_[i] = words_[i].word.contains(highlightPattern_, Qt::CaseInsensitive);
    }
    highlightCount_ = int(std::count(highlighted_.cbegin(), highlighted_.cend(), true));
    emit highlightChanged();
}

void ScatterPlot::setLabelsVisible(bool visible) {
    labelsVisible_ = visible;
    update();
}

void ScatterPlot::setPointSize(double pixels) {
    pointSize_ = std::clamp(pixels, 1.0, 40.0);
    sprites_.clear();
    update();
}

void ScatterPlot::fitToData() {
    autoFit_ = true;
    stopViewGlide();
    syncViewport();
    transform_.fit(targetBounds());
    invalidatePixels();
    update();
}

void ScatterPlot::setNeighbourProvider(std::function<QStringList(int)> provider) {
    neighbourProvider_ = std::move(provider);
}

QVector<QPointF> ScatterPlot::currentPositions() const {
    return current_;
}

QRectF ScatterPlot::targetBounds() const {
    double minX = std::numeric_limits<double>::infinity(), minY = minX;
    double maxX = -minX, maxY = -minX;
    for (const QPointF& p : target_) {
        if (!finitePoint(p))
            continue;
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    if (!(minX <= maxX))
        return QRectF(-1, -1, 2, 2);
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

void ScatterPlot::syncViewport() {
    if (transform_.viewport() != QRectF(rect()))
        transform_.setViewport(QRectF(rect()));
}

void ScatterPlot::invalidatePixels() {
    pickIndexValid_ = false;
}

void ScatterPlot::userMovedView() {
    autoFit_ = false;
    stopViewGlide();
    invalidatePixels();
    update();
}

// --- picking ---------------------------------------------------------------------------------

void ScatterPlot::ensurePickIndex() const {
    if (pickIndexValid_)
        return;
    const int n = int(current_.size());
    pixelCache_.resize(n);
    for (int i = 0; i < n; ++i)
        pixelCache_[i] = transform_.toPixel(current_[i]);
    // A uniform grid over the viewport, filled by counting sort: O(n) to build, and a query
    // looks at the 3x3 cells around the cursor only.
    pickColumns_ = std::max(1, int(std::ceil(width() / kPickCell)));
    pickRows_ = std::max(1, int(std::ceil(height() / kPickCell)));
    const int cells = pickColumns_ * pickRows_;
    auto cellOf = [&](const QPointF& p) {
        if (!(p.x() >= 0 && p.y() >= 0 && p.x() < width() && p.y() < height()))
            return -1;
        return int(p.y() / kPickCell) * pickColumns_ + int(p.x() / kPickCell);
    };
    pickCellStart_.fill(0, cells + 1);
    for (int i = 0; i < n; ++i) {
        const int c = cellOf(pixelCache_[i]);
        if (c >= 0)
            ++pickCellStart_[c + 1];
    }
    for (int c = 0; c < cells; ++c)
        pickCellStart_[c + 1] += pickCellStart_[c];
    pickItems_.resize(pickCellStart_[cells]);
    QVector<int> fill(pickCellStart_.cbegin(), pickCellStart_.cend() - 1);
    for (int i = 0; i < n; ++i) {
        const int c = cellOf(pixelCache_[i]);
        if (c >= 0)
            pickItems_[fill[c]++] = i;
    }
    pickIndexValid_ = true;
}

int ScatterPlot::pointAt(const QPointF& pixel) const {
    if (!hasPositions_ || words_.isEmpty())
        return -1;
    const_cast<ScatterPlot*>(this)->syncViewport();
    ensurePickIndex();
    const int cx = int(std::floor(pixel.x() / kPickCell));
    const int cy = int(std::floor(pixel.y() / kPickCell));
    int best = -1;
    // Ties go to the earlier (more frequent) word, which is also the one drawn on top.
    double bestDistance2 = kPickRadius * kPickRadius;
    for (int y = std::max(0, cy - 1); y <= std::min(pickRows_ - 1, cy + 1); ++y) {
        for (int x = std::max(0, cx - 1); x <= std::min(pickColumns_ - 1, cx + 1); ++x) {
            const int c = y * pickColumns_ + x;
            for (int k = pickCellStart_[c]; k < pickCellStart_[c + 1]; ++k) {
                const int i = pickItems_[k];
                const QPointF d = pixelCache_[i] - pixel;
                const double distance2 = d.x() * d.x() + d.y() * d.y();
                if (distance2 < bestDistance2 ||
                    (distance2 == bestDistance2 && (best < 0 || i < best))) {
                    bestDistance2 = distance2;
                    best = i;
                }
            }
        }
    }
    return best;
}

// --- events ----------------------------------------------------------------------------------

void ScatterPlot::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    syncViewport();
    if (autoFit_ && hasPositions_) {
        if (viewGlides_) {
            PlotTransform fitted = transform_;
            fitted.fit(targetBounds());
            setViewTarget(fitted);
        } else {
            transform_.fit(targetBounds());
        }
    }
    invalidatePixels();
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
    pressed_ = true;
    dragging_ = false;
    pressPos_ = dragLast_ = event->position();
    event->accept();
}

void ScatterPlot::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
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
    const int index = pointAt(pos);
    if (index != hovered_) {
        hovered_ = index;
        emit pointHovered(index);
        update();
        // A tooltip already showing follows the cursor from point to point at once, instead of
        // waiting for the next tooltip delay.
        if (QToolTip::isVisible()) {
            if (index >= 0)
                QToolTip::showText(event->globalPosition().toPoint(), tooltipText(index), this);
            else
                QToolTip::hideText();
        }
    }
}

void ScatterPlot::mouseReleaseEvent(QMouseEvent* event) {
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
    const int index = pointAt(event->position());
    if (index >= 0) {
        setSelectedIndex(index);
        emit pointClicked(index);
    }
}

void ScatterPlot::leaveEvent(QEvent* event) {
    QWidget::leaveEvent(event);
    if (hovered_ != -1) {
        hovered_ = -1;
        emit pointHovered(-1);
        update();
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

void ScatterPlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        updateLabelMetrics();
        update();
    }
    QWidget::changeEvent(event);
}

bool ScatterPlot::event(QEvent* event) {
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

QString ScatterPlot::tooltipText(int index) const {
    const PlotWord& w = words_[index];
    QString text = QStringLiteral("<b>%1</b><br>count: %2")
                       .arg(w.word.toHtmlEscaped(), QLocale().toString(w.count));
    if (neighbourProvider_) {
        const QStringList neighbours = neighbourProvider_(index);
        if (!neighbours.isEmpty()) {
            QStringList escaped;
            for (const QString& n : neighbours)
                escaped.append(n.toHtmlEscaped());
            text += QStringLiteral("<br>neighbours: ") + escaped.join(QStringLiteral(", "));
        }
    }
    return text;
}

// --- painting --------------------------------------------------------------------------------

void ScatterPlot::updateLabelMetrics() {
    labelFont_ = scaledFont(0.9, false);
    const QFontMetricsF metrics(labelFont_, this);
    labelHeight_ = float(metrics.height());
    labelAscent_ = float(metrics.ascent());
    labelWidths_.resize(words_.size());
    labelTexts_ = QVector<QStaticText>(words_.size());  // laid out again, lazily
    boldLabelWidths_.fill(-1.0f, words_.size());
    for (int i = 0; i < words_.size(); ++i)
        labelWidths_[i] = float(metrics.horizontalAdvance(words_[i].word) + 2 * kLabelPadX);
}

void ScatterPlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    syncViewport();
    paintScene(painter, QRectF(rect()), transform_);
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

QString ScatterPlot::placeholderText() const {
    if (words_.isEmpty())
        return tr("No words to show yet");
    if (words_.size() < Projection::kMinRows)
        return tr("A 2-D projection needs at least %1 words; %n plotted", nullptr,
                  int(words_.size()))
            .arg(Projection::kMinRows);
    return hasPositions_ ? QString() : tr("Waiting for vectors");
}

void ScatterPlot::paintScene(QPainter& painter, const QRectF& area,
                             const PlotTransform& transform) {
    painter.save();
    painter.setClipRect(area);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    paintBackground(painter, area, transform);
    if (const QString placeholder = placeholderText(); !placeholder.isEmpty()) {
        painter.setPen(kEmptyText);
        painter.drawText(area, Qt::AlignCenter, placeholder);
        placedLabelRects_.clear();
        placedLabelIndices_.clear();
        paintAxisLabels(painter, area);
        painter.restore();
        return;
    }
    QVector<QPointF> pixels(current_.size());
    for (int i = 0; i < current_.size(); ++i)
        pixels[i] = transform.toPixel(current_[i]);
    paintTrail(painter, transform);
    paintPoints(painter, area, pixels);
    paintLabels(painter, area, pixels);
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
    if (selected_ < 0 || selectedTrail_.isEmpty() || !finitePoint(current_[selected_]))
        return;
    QVector<QPointF> path;
    for (const QPointF& p : selectedTrail_)
        path.append(transform.toPixel(p));
    path.append(transform.toPixel(current_[selected_]));
    // Older segments fade out: opacity and width grow linearly from the oldest to the newest.
    const int segments = int(path.size()) - 1;
    QColor colour = QColor::fromRgba(kSelected);
    for (int s = 0; s < segments; ++s) {
        const double age = double(s + 1) / segments;
        colour.setAlphaF(float(0.8 * age));
        painter.setPen(QPen(colour, 1.0 + 1.5 * age, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(path[s], path[s + 1]);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(path[s], 1.5, 1.5);
    }
    painter.setBrush(Qt::NoBrush);
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
                              const QVector<QPointF>& pixels) {
    const int n = int(pixels.size());
    const bool highlightActive = !highlightPattern_.isEmpty();
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
    drawOrder_.reserve(n);
    auto claim = [&](int i) {
        const QPointF& p = pixels[i];
        if (!finitePoint(p) || !reach.contains(p))
            return;
        const int x = std::clamp(int(p.x() - area.left()), 0, w - 1);
        const int y = std::clamp(int(p.y() - area.top()), 0, h - 1);
        quint8& taken = pixelTaken_[std::size_t(y) * w + x];
        if (taken)
            return;
        taken = 1;
        drawOrder_.push_back(i);
    };
    const int special[2] = {selected_, hovered_ != selected_ ? hovered_ : -1};
    for (int i : special)
        if (i >= 0 && i < n)
            claim(i);
    auto isSpecial = [&](int i) { return i == special[0] || i == special[1]; };
    if (highlightActive)
        for (int i = 0; i < n; ++i)
            if (highlighted_[i] && !isSpecial(i))
                claim(i);
    for (int i = 0; i < n; ++i)
        if (!isSpecial(i) && !(highlightActive && highlighted_[i]))
            claim(i);

    const bool raster =
        painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    const qreal dpr = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    const QVector<QRgb>& colours = rankPalette();
    auto colourOf = [&](int i) -> QRgb {
        if (highlightActive)
            return highlighted_[i] ? kHighlightPoint : kDimmedPoint;
        return colours[colourIndex_[i]];
    };
    auto sizeOf = [&](int i) {
        return highlightActive && highlighted_[i] ? pointSize_ * 1.35 : pointSize_;
    };
    painter.setPen(Qt::NoPen);
    for (auto it = drawOrder_.rbegin(); it != drawOrder_.rend(); ++it) {
        const int i = *it;
        if (isSpecial(i))
            continue;
        const double d = sizeOf(i);
        if (raster) {
            // Pre-rendered antialiased sprites: one blit per point instead of a path fill.
            const QPixmap& s = sprite(colourOf(i), d, dpr);
            const double half = s.width() / (2.0 * s.devicePixelRatio());
            painter.drawPixmap(QPointF(pixels[i].x() - half, pixels[i].y() - half), s);
        } else {
            painter.setBrush(QColor::fromRgba(colourOf(i)));
            painter.drawEllipse(pixels[i], d / 2, d / 2);
        }
    }
    // The hovered and the selected point: larger, with a white ring so they stand out of a
    // dense cluster.
    for (int k = 1; k >= 0; --k) {
        const int i = special[k];
        if (i < 0 || i >= n || !finitePoint(pixels[i]) || !reach.contains(pixels[i]))
            continue;
        const double r = std::max(4.0, pointSize_ * 0.9);
        const QColor fill = i == selected_ ? QColor::fromRgba(kSelected)
                                           : QColor::fromRgba(colourOf(i) | 0xff000000);
        painter.setPen(QPen(Qt::white, 2.0));
        painter.setBrush(fill);
        painter.drawEllipse(pixels[i], r, r);
        painter.setPen(QPen(fill.darker(140), 1.0));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(pixels[i], r + 1.5, r + 1.5);
    }
    painter.setBrush(Qt::NoBrush);
}

void ScatterPlot::paintLabels(QPainter& painter, const QRectF& area,
                              const QVector<QPointF>& pixels) {
    placedLabelRects_.clear();
    placedLabelIndices_.clear();
    const int n = int(pixels.size());
    const bool highlightActive = !highlightPattern_.isEmpty();
    if (labelWidths_.size() != n)
        updateLabelMetrics();
    if (boldLabelWidths_.size() != n)
        boldLabelWidths_.fill(-1.0f, n);
    if (labelTexts_.size() != n)
        labelTexts_ = QVector<QStaticText>(n);
    if (labelSide_.size() != n)
        labelSide_.fill(0, n);

    // A coarse occupancy grid: a rectangle marks every cell it touches, and a candidate is
    // rejected if any of its cells is marked. Two accepted rectangles therefore never share a
    // cell, so they never intersect. A row of cells is a bit set, so a test or a mark costs a
    // few word operations per row of the rectangle: placing n labels is O(n).
    const int columns = int(std::ceil(area.width() / kLabelCell)) + 1;
    const int rows = int(std::ceil(area.height() / kLabelCell)) + 1;
    const int wordsPerRow = (columns + 63) / 64;
    labelCellTaken_.assign(std::size_t(wordsPerRow) * rows, 0);
    struct CellRange {
        int x0, y0, x1, y1;
    };
    // Callers pass rectangles inside the area; the clamp only guards against rounding.
    auto cellRange = [&](const QRectF& r) {
        auto column = [&](double x) {
            return std::clamp(int((x - area.left()) / kLabelCell), 0, columns - 1);
        };
        auto row = [&](double y) {
            return std::clamp(int((y - area.top()) / kLabelCell), 0, rows - 1);
        };
        return CellRange{column(r.left()), row(r.top()), column(r.right()), row(r.bottom())};
    };
    // Bits lo..hi (inclusive) of a 64-bit word.
    auto bits = [](int lo, int hi) { return (~quint64(0) >> (63 - hi)) & (~quint64(0) << lo); };
    auto isFree = [&](const QRectF& r) {
        const CellRange c = cellRange(r);
        for (int y = c.y0; y <= c.y1; ++y) {
            const quint64* row = &labelCellTaken_[std::size_t(y) * wordsPerRow];
            for (int w = c.x0 >> 6; w <= c.x1 >> 6; ++w) {
                const int lo = w == c.x0 >> 6 ? c.x0 & 63 : 0;
                const int hi = w == c.x1 >> 6 ? c.x1 & 63 : 63;
                if (row[w] & bits(lo, hi))
                    return false;
            }
        }
        return true;
    };
    auto mark = [&](const QRectF& r) {
        const CellRange c = cellRange(r);
        for (int y = c.y0; y <= c.y1; ++y) {
            quint64* row = &labelCellTaken_[std::size_t(y) * wordsPerRow];
            for (int w = c.x0 >> 6; w <= c.x1 >> 6; ++w) {
                const int lo = w == c.x0 >> 6 ? c.x0 & 63 : 0;
                const int hi = w == c.x1 >> 6 ? c.x1 & 63 : 63;
                row[w] |= bits(lo, hi);
            }
        }
    };
    // The axis titles and the legend own their rectangles.
    const Decorations decor = decorations(area, painter.device());
    for (const QRectF& r : {decor.xTitle, decor.yTitle, decor.legend}) {
        const QRectF clipped = r.intersected(area);
        if (!clipped.isEmpty())
            mark(clipped);
    }
    const QRectF inner = area.adjusted(1, 1, -1, -1);
    const double innerLeft = inner.left(), innerTop = inner.top();
    const double innerRight = inner.right(), innerBottom = inner.bottom();
    auto insideInner = [&](const QRectF& r) {
        return r.left() >= innerLeft && r.top() >= innerTop && r.right() <= innerRight &&
               r.bottom() <= innerBottom;
    };
    const double h = labelHeight_;
    // Strong labels (selected, hovered, highlighted) are bold and wider: measured on demand, since
    // a broad highlight may match thousands of words but only a few hundred labels fit.
    QFont boldFont = labelFont_;
    boldFont.setBold(true);
    const QFontMetricsF boldMetrics(boldFont, this);
    auto tryPlace = [&](int i, double pointRadius, bool strong) {
        const QPointF& p = pixels[i];
        if (!(p.x() >= innerLeft && p.x() <= innerRight && p.y() >= innerTop &&
              p.y() <= innerBottom))
            return;
        if (strong && boldLabelWidths_[i] < 0)
            boldLabelWidths_[i] =
                float(boldMetrics.horizontalAdvance(words_[i].word) + 2 * kLabelPadX);
        const double w = strong ? boldLabelWidths_[i] : labelWidths_[i];
        const double offset = pointRadius + kLabelGap;
        // Right of the point first (reads naturally), then left, above, below, and the four
        // diagonal corners, which free up room in dense clusters.
        const double diagonal = offset * 0.7;
        const QRectF candidates[8] = {
            QRectF(p.x() + offset, p.y() - h / 2, w, h),
            QRectF(p.x() - offset - w, p.y() - h / 2, w, h),
            QRectF(p.x() - w / 2, p.y() - offset - h, w, h),
            QRectF(p.x() - w / 2, p.y() + offset, w, h),
            QRectF(p.x() + diagonal, p.y() - diagonal - h, w, h),
            QRectF(p.x() + diagonal, p.y() + diagonal, w, h),
            QRectF(p.x() - diagonal - w, p.y() - diagonal - h, w, h),
            QRectF(p.x() - diagonal - w, p.y() + diagonal, w, h),
        };
        // The side that worked in the previous frame is tried first, so that labels of moving
        // points do not flip sides from frame to frame.
        const int preferred = labelSide_[i];
        for (int k = 0; k < 8; ++k) {
            const int side = k == 0 ? preferred : (k <= preferred ? k - 1 : k);
            const QRectF& r = candidates[side];
            if (!insideInner(r) || !isFree(r))
                continue;
            mark(r);
            labelSide_[i] = quint8(side);
            placedLabelRects_.append(r);
            placedLabelIndices_.append(i);
            return;
        }
    };

    const double radius = pointSize_ / 2;
    if (selected_ >= 0 && selected_ < n)
        tryPlace(selected_, std::max(4.0, pointSize_ * 0.9) + 1.5, true);
    if (hovered_ >= 0 && hovered_ < n && hovered_ != selected_)
        tryPlace(hovered_, std::max(4.0, pointSize_ * 0.9) + 1.5, true);
    auto isSpecial = [&](int i) { return i == selected_ || i == hovered_; };
    if (highlightActive)
        for (int i = 0; i < n; ++i)
            if (highlighted_[i] && !isSpecial(i))
                tryPlace(i, radius * 1.35, true);
    if (labelsVisible_)
        for (int i = 0; i < n; ++i)
            if (!isSpecial(i) && !(highlightActive && highlighted_[i]))
                tryPlace(i, radius, false);

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
        const bool strong = isSpecial(i) || (highlightActive && highlighted_[i]);
        if (i == selected_)
            colour = kSelected;
        else if (highlightActive)
            colour = highlighted_[i] ? kHighlightLabel : kDimmedLabel;
        painter.setPen(QColor::fromRgba(colour));
        const QPointF topLeft(r.left() + kLabelPadX, r.top());
        if (strong) {
            painter.setFont(boldFont);
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
}

QFont ScatterPlot::scaledFont(double factor, bool bold) const {
    // Sized in (logical) pixels, not points: the label layout is measured once with the widget's
    // metrics, and pixel-sized text keeps those metrics on every device renderTo may paint on
    // (an SVG generator at 72 dpi, an image at 96 dpi, a high-DPI screen).
    QFont f = font();
    const double pixels = f.pixelSize() > 0 ? f.pixelSize() : f.pointSizeF() * logicalDpiY() / 72.0;
    f.setPixelSize(std::max(6, int(std::lround(pixels * factor))));
    f.setBold(bold);
    return f;
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
    if (words_.size() >= 2 && highlightPattern_.isEmpty()) {
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
    if (!d.legend.isNull()) {
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
