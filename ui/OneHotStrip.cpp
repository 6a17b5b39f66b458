#include "OneHotStrip.h"

#include <QPainter>

#include <algorithm>

namespace embedscope {

OneHotStrip::OneHotStrip(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void OneHotStrip::setVector(std::int64_t index, std::int64_t size) {
    index_ = index;
    size_ = std::max<std::int64_t>(0, size);
    update();
}

std::int64_t OneHotStrip::wordsPerBin() const {
    const std::int64_t cells = std::max(1, (width() - 2) / kMinCellPixels);
    return size_ <= cells ? 1 : (size_ + cells - 1) / cells;
}

QString OneHotStrip::caption() const {
    if (index_ < 0 || index_ >= size_)
        return {};
    const std::int64_t perBin = wordsPerBin();
    if (perBin > 1)
        return tr("1 at %1 (bin of %2 words), 0 in the other %3")
            .arg(index_)
            .arg(perBin)
            .arg(size_ - 1);
    if (size_ == 1)
        return tr("1 at %1, the only cell").arg(index_);
    if (size_ == 2)
        return tr("1 at %1, 0 in the other cell").arg(index_);
    return tr("1 at %1, 0 in the other %2 cells").arg(index_).arg(size_ - 1);
}

void OneHotStrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QFontMetrics metrics(font());
    const QRectF strip(1, 1, width() - 2, 18);
    painter.fillRect(strip, QColor(240, 240, 240));
    if (size_ <= 0)
        return;

    const std::int64_t perBin = wordsPerBin();
    const std::int64_t bins = (size_ + perBin - 1) / perBin;
    const double cell = strip.width() / double(bins);
    if (cell >= 5) {
        painter.setPen(QColor(210, 210, 210));
        for (std::int64_t b = 1; b < bins; ++b)
            painter.drawLine(QPointF(strip.left() + b * cell, strip.top()),
                             QPointF(strip.left() + b * cell, strip.bottom()));
    }
    painter.setPen(QColor(160, 160, 160));
    painter.drawRect(strip);
    if (index_ < 0 || index_ >= size_)
        return;

    const std::int64_t bin = index_ / perBin;
    // The lit cell is at least 3 px wide so that it shows even when bins are finer than a pixel.
    const double x = strip.left() + bin * cell;
    const QRectF lit(x, strip.top(), std::max(cell, 3.0), strip.height());
    painter.fillRect(lit, QColor(178, 24, 43));
    painter.setPen(QColor(178, 24, 43));
    painter.drawLine(QPointF(lit.center().x(), strip.bottom()),
                     QPointF(lit.center().x(), strip.bottom() + 5));

    const QString label = caption();
    const int textWidth = metrics.horizontalAdvance(label);
    double textX = lit.center().x() - textWidth / 2.0;
    textX = std::clamp(textX, 1.0, std::max(1.0, width() - 1.0 - textWidth));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QPointF(textX, strip.bottom() + 6 + metrics.ascent()), label);
}

}  // namespace embedscope
