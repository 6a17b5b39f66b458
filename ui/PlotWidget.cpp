#include "PlotWidget.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "PlotColours.h"
#include "PlotTooltip.h"
#include "Projection.h"

namespace embedscope {

namespace {

constexpr int kFrameIntervalMs = 16;  // ~60 fps

}  // namespace

PlotWidget::PlotWidget(int dims, QWidget* parent) : QWidget(parent), dims_(dims) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    animTimer_.setTimerType(Qt::PreciseTimer);
    animTimer_.setInterval(kFrameIntervalMs);
    connect(&animTimer_, &QTimer::timeout, this, [this] {
        // A stalled event loop must not make the points jump: at most 100 ms per step.
        const double elapsedMs = std::min(100.0, animClock_.nsecsElapsed() / 1e6);
        animClock_.restart();
        advanceAnimation(elapsedMs);
    });
}

void PlotWidget::startAnimation() {
    if (animTimer_.isActive())
        return;
    animClock_.start();
    animTimer_.start();
}

void PlotWidget::stopAnimation() {
    animTimer_.stop();
}

void PlotWidget::resetWords(const QVector<PlotWord>& words) {
    words_ = words;
    const int n = int(words_.size());
    hasPositions_ = false;
    selected_ = -1;
    hovered_ = -1;
    resetSelectionMarks();
    // Colour by frequency rank until told otherwise (setColouring).
    colouring_ = frequencyColouring(n);
    colourIndex_ = colouring_.keys;
    hiddenEntries_.clear();
    texts_.clear();
    texts_.reserve(n);
    for (const PlotWord& w : words_)
        texts_.append(w.word);
    highlight_.update(texts_, highlight_.pattern(), highlight_.regex());
    highlightUpdated();
    updateLabelMetrics();
    labelSide_.fill(0, n);
    clearPlacedLabels();
}

void PlotWidget::setColouring(const PlotColouring& colouring, const QVector<bool>& hiddenEntries) {
    if (colouring.keys.size() != words_.size())
        return;
    colouring_ = colouring;
    hiddenEntries_ = hiddenEntries;
    colourIndex_ = colouring_.visibleKeys(hiddenEntries);
    colouringUpdated();
    update();
}

void PlotWidget::colouringUpdated() {}

PlotLegend PlotWidget::metadataLegend(const QRectF& area, const QPaintDevice* device) const {
    static const PlotColouring frequency;
    const bool shown = colouring_.kind != PlotColouring::Kind::Frequency && !highlight_.active();
    return PlotLegend(shown ? colouring_ : frequency, hiddenEntries_, scaledFont(0.8, false), area,
                      device);
}

int PlotWidget::legendEntryAt(const QPointF& pixel) const {
    return metadataLegend(QRectF(rect()), this).entryAt(pixel);
}

QVector<PlotLegend::Row> PlotWidget::legendRows() const {
    return metadataLegend(QRectF(rect()), this).rows();
}

bool PlotWidget::placeBox(const QPointF& centre, double w, double h, QRectF* placed) {
    const QRectF centred(centre.x() - w / 2, centre.y() - h / 2, w, h);
    if (labelPlacer_.isFreeInside(centred)) {
        labelPlacer_.reserve(centred);
        *placed = centred;
        return true;
    }
    return labelPlacer_.place(centre, 0.0, w, h, 0, placed) >= 0;
}

void PlotWidget::setHighlight(const QString& pattern, bool regex) {
    highlight_.update(texts_, pattern, regex);
    highlightUpdated();
    update();
}

void PlotWidget::highlightUpdated() {
    emit highlightChanged();
}

void PlotWidget::setLabelsVisible(bool visible) {
    labelsVisible_ = visible;
    update();
}

void PlotWidget::setNeighbourProvider(std::function<QStringList(int)> provider) {
    neighbourProvider_ = std::move(provider);
}

QString PlotWidget::placeholderText() const {
    if (words_.isEmpty())
        return tr("No words to show yet");
    if (words_.size() < Projection::kMinRows)
        return tr("A %1-D projection needs at least %2 words; %n plotted", nullptr,
                  int(words_.size()))
            .arg(dims_)
            .arg(Projection::kMinRows);
    return hasPositions_ ? QString() : tr("Waiting for vectors");
}

void PlotWidget::leaveEvent(QEvent* event) {
    QWidget::leaveEvent(event);
    if (hovered_ != -1) {
        hovered_ = -1;
        emit pointHovered(-1);
        update();
    }
}

void PlotWidget::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        updateLabelMetrics();
        update();
    }
    QWidget::changeEvent(event);
}

bool PlotWidget::event(QEvent* event) {
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

void PlotWidget::hoverAt(const QPointF& pos, const QPoint& globalPos) {
    const int index = pointAt(pos);
    if (index == hovered_)
        return;
    hovered_ = index;
    emit pointHovered(index);
    update();
    // A tooltip already showing follows the cursor from point to point at once, instead of
    // waiting for the next tooltip delay.
    if (QToolTip::isVisible()) {
        if (index >= 0)
            QToolTip::showText(globalPos, tooltipText(index), this);
        else
            QToolTip::hideText();
    }
}

QFont PlotWidget::scaledFont(double factor, bool bold) const {
    // Sized in (logical) pixels, not points: the label layout is measured once with the widget's
    // metrics, and pixel-sized text keeps those metrics on every device renderTo may paint on
    // (an SVG generator at 72 dpi, an image at 96 dpi, a high-DPI screen).
    QFont f = font();
    const double pixels = f.pixelSize() > 0 ? f.pixelSize() : f.pointSizeF() * logicalDpiY() / 72.0;
    f.setPixelSize(std::max(6, int(std::lround(pixels * factor))));
    f.setBold(bold);
    return f;
}

void PlotWidget::updateLabelMetrics() {
    labelFont_ = scaledFont(0.9, false);
    boldLabelFont_ = labelFont_;
    boldLabelFont_.setBold(true);
    labelMetrics_ = QFontMetricsF(labelFont_, this);
    boldLabelMetrics_ = QFontMetricsF(boldLabelFont_, this);
    labelHeight_ = float(labelMetrics_.height());
    labelAscent_ = float(labelMetrics_.ascent());
    // The narrowest label there can be: one narrow character (PlotLabelPlacer::mightFit).
    minLabelWidth_ = float(labelMetrics_.horizontalAdvance(QLatin1Char('i')) + 2 * kLabelPadX);
    labelWidths_.fill(-1.0f, words_.size());
    boldLabelWidths_.fill(-1.0f, words_.size());
}

float PlotWidget::labelWidth(int index, bool bold) {
    float& width = bold ? boldLabelWidths_[index] : labelWidths_[index];
    if (width < 0) {
        const QFontMetricsF& metrics = bold ? boldLabelMetrics_ : labelMetrics_;
        width = float(metrics.horizontalAdvance(words_[index].word) + 2 * kLabelPadX);
    }
    return width;
}

void PlotWidget::clearPlacedLabels() {
    placedLabelRects_.clear();
    placedLabelIndices_.clear();
    categoryLabelRects_.clear();
    categoryLabelTexts_.clear();
    categoryLabelColours_.clear();
}

void PlotWidget::beginLabels(const QRectF& area, const QVector<QRectF>& reserved) {
    clearPlacedLabels();
    const int n = int(words_.size());
    if (labelWidths_.size() != n || boldLabelWidths_.size() != n)
        updateLabelMetrics();
    if (labelSide_.size() != n)
        labelSide_.fill(0, n);
    labelPlacer_.reset(area);
    for (const QRectF& r : reserved)
        labelPlacer_.reserve(r);
}

void PlotWidget::offerLabel(int index, const QPointF& p, double pointRadius, bool strong) {
    const float known = strong ? boldLabelWidths_[index] : labelWidths_[index];
    if (known < 0 && !labelPlacer_.mightFit(p, pointRadius, minLabelWidth_, labelHeight_))
        return;
    const double width = labelWidth(index, strong);
    QRectF placed;
    const int side =
        labelPlacer_.place(p, pointRadius, width, labelHeight_, labelSide_[index], &placed);
    if (side < 0)
        return;
    labelSide_[index] = quint8(side);
    placedLabelRects_.append(placed);
    placedLabelIndices_.append(index);
}

QString PlotWidget::tooltipText(int index) const {
    return plotTooltipText(words_[index],
                           neighbourProvider_ ? neighbourProvider_(index) : QStringList());
}

}  // namespace embedscope
