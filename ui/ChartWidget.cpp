#include "ChartWidget.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace embedscope {

QVector<double> niceTicks(double lo, double hi, int maxTicks) {
    QVector<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || maxTicks < 2)
        return ticks;
    if (hi < lo)
        std::swap(lo, hi);
    if (hi == lo) {
        const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    // The step is 1, 2 or 5 times a power of ten: the smallest such step giving <= maxTicks - 1
    // intervals over the range.
    const double rough = (hi - lo) / (maxTicks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude * 10;
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (magnitude * factor >= rough) {
            step = magnitude * factor;
            break;
        }
    }
    const double first = std::floor(lo / step) * step;
    const double last = std::ceil(hi / step) * step;
    for (int i = 0; first + i * step <= last + step * 1e-9; ++i) {
        const double tick = first + i * step;
        ticks.push_back(std::abs(tick) < step * 1e-9 ? 0.0 : tick);
    }
    return ticks;
}

QString compactNumber(double value) {
    const double magnitude = std::abs(value);
    if (magnitude >= 1e9)
        return QString::number(value / 1e9, 'g', 3) + QLatin1Char('G');
    if (magnitude >= 1e6)
        return QString::number(value / 1e6, 'g', 3) + QLatin1Char('M');
    if (magnitude >= 1e4)
        return QString::number(value / 1e3, 'g', 3) + QLatin1Char('k');
    return QString::number(value, 'g', 3);
}

ChartWidget::ChartWidget(const QString& title, const QString& xLabel, QWidget* parent)
    : QWidget(parent), title_(title), xLabel_(xLabel) {
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ChartWidget::addPoint(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y))
        return;
    points_.push_back({x, y});
    if (points_.size() > maxPoints_)
        thin();
    update();
}

void ChartWidget::clear() {
    points_.clear();
    update();
}

void ChartWidget::setMarker(std::optional<double> x) {
    if (x && !std::isfinite(*x))
        x.reset();
    marker_ = x;
    update();
}

void ChartWidget::setTitle(const QString& title) {
    title_ = title;
    update();
}

void ChartWidget::setMaxPoints(int maxPoints) {
    maxPoints_ = std::max(16, maxPoints);
    while (points_.size() > maxPoints_)
        thin();
    update();
}

void ChartWidget::thin() {
    // Average pairs in the older half: the recent half keeps full resolution.
    const int half = points_.size() / 2;
    QVector<QPointF> thinned;
    thinned.reserve(points_.size());
    for (int i = 0; i + 1 < half; i += 2)
        thinned.push_back((points_[i] + points_[i + 1]) / 2);
    for (int i = half - (half % 2); i < points_.size(); ++i)
        thinned.push_back(points_[i]);
    points_ = thinned;
}

void ChartWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QFontMetrics metrics(font());
    const QColor text = palette().color(QPalette::Text);
    QColor grid = palette().color(QPalette::Mid);
    grid.setAlpha(90);

    painter.setPen(text);
    painter.drawText(QRect(6, 2, width() - 12, metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     title_);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(6, 2, width() - 12, metrics.height()), Qt::AlignRight | Qt::AlignVCenter,
                     tr("x: %1").arg(xLabel_));
    if (points_.size() < 2) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("no data yet"));
        return;
    }

    double yMin = points_.front().y(), yMax = yMin;
    for (const QPointF& p : points_) {
        yMin = std::min(yMin, p.y());
        yMax = std::max(yMax, p.y());
    }
    const double xMin = points_.front().x();
    const double xMax = std::max(points_.back().x(), xMin + 1e-9);
    const QVector<double> yTicks = niceTicks(yMin, yMax, 5);
    const double yLo = yTicks.front(), yHi = yTicks.back();

    int labelWidth = 0;
    for (double tick : yTicks)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(compactNumber(tick)));
    const QRectF plot(labelWidth + 10, metrics.height() + 6, width() - labelWidth - 18,
                      height() - 2 * metrics.height() - 12);
    if (plot.width() < 10 || plot.height() < 10)
        return;
    const auto toPixel = [&](const QPointF& p) {
        return QPointF(plot.left() + (p.x() - xMin) / (xMax - xMin) * plot.width(),
                       plot.bottom() - (p.y() - yLo) / (yHi - yLo) * plot.height());
    };

    for (double tick : yTicks) {
        const double y = toPixel({xMin, tick}).y();
        painter.setPen(grid);
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(text);
        painter.drawText(QRectF(0, y - metrics.height() / 2.0, labelWidth + 4, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, compactNumber(tick));
    }
    for (double tick : niceTicks(xMin, xMax, 6)) {
        if (tick < xMin || tick > xMax)
            continue;
        const double x = toPixel({tick, yLo}).x();
        painter.setPen(grid);
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(text);
        painter.drawText(QRectF(x - 40, plot.bottom() + 2, 80, metrics.height()), Qt::AlignCenter,
                         compactNumber(tick));
    }
    // Several samples may land on one pixel column: the path still has every point, which is
    // cheap at maxPoints and keeps spikes visible.
    QPainterPath path(toPixel(points_.front()));
    for (int i = 1; i < points_.size(); ++i)
        path.lineTo(toPixel(points_[i]));
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.6));
    painter.setClipRect(plot.adjusted(-1, -1, 1, 1));
    painter.drawPath(path);
    if (marker_ && *marker_ >= xMin && *marker_ <= xMax) {
        const double x = toPixel({*marker_, yLo}).x();
        painter.setPen(QPen(palette().color(QPalette::Text), 1.0, Qt::DashLine));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
}

}  // namespace embedscope
