#include "HeatStrip.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

#include "DivergingColorMap.h"

namespace embedscope {

HeatStrip::HeatStrip(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMouseTracking(true);
}

void HeatStrip::setValues(const QVector<float>& values) {
    values_ = values;
    update();
}

void HeatStrip::setRange(double range) {
    range_ = range;
    update();
}

double HeatStrip::effectiveRange() const {
    if (range_ > 0)
        return range_;
    double maxAbs = 0;
    for (float v : values_)
        maxAbs = std::max(maxAbs, double(std::abs(v)));
    return maxAbs > 0 ? maxAbs : 1.0;
}

int HeatStrip::cellAt(double x) const {
    if (values_.isEmpty() || x < 1 || x >= width() - 1)
        return -1;
    const int cell = static_cast<int>((x - 1) / ((width() - 2.0) / values_.size()));
    return cell < values_.size() ? cell : -1;
}

void HeatStrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QRectF strip(1, 1, width() - 2, height() - 2);
    painter.fillRect(strip, QColor(240, 240, 240));
    if (!values_.isEmpty()) {
        const double cell = strip.width() / values_.size();
        const double range = effectiveRange();
        for (int i = 0; i < values_.size(); ++i)
            painter.fillRect(
                QRectF(strip.left() + i * cell, strip.top(), cell + 0.5, strip.height()),
                divergingColor(values_[i] / range));
    }
    painter.setPen(QColor(160, 160, 160));
    painter.drawRect(strip);
}

bool HeatStrip::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int cell = cellAt(help->pos().x());
        if (cell >= 0)
            QToolTip::showText(help->globalPos(),
                               tr("d%1 = %2").arg(cell).arg(double(values_[cell]), 0, 'f', 4),
                               this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

}  // namespace embedscope
