#include "PlotLegend.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLinearGradient>
#include <QLocale>
#include <QPainter>

#include <algorithm>

#include "PlotColours.h"

namespace embedscope {

namespace {

using namespace plotcolours;

constexpr double kPad = 5;
constexpr double kSwatch = 9;
constexpr double kMaxNameWidth = 170;
constexpr double kBarWidth = 140;
constexpr double kBarHeight = 8;

QString tr(const char* text) {
    return QCoreApplication::translate("PlotLegend", text);
}

}  // namespace

QString PlotLegend::countText(qsizetype count) {
    // Grouped by commas, as elsewhere in the window ("400,000 words").
    return QLocale(QLocale::English).toString(qlonglong(count));
}

PlotLegend::PlotLegend(const PlotColouring& colouring, const QVector<bool>& hiddenEntries,
                       const QFont& font, const QRectF& area, const QPaintDevice* device)
    : colouring_(colouring), hiddenEntries_(hiddenEntries), font_(font), titleFont_(font) {
    if (colouring.kind == PlotColouring::Kind::Frequency)
        return;
    titleFont_.setBold(true);
    const QFontMetricsF fm(font_, device);
    const QFontMetricsF tm(titleFont_, device);
    rowHeight_ = std::ceil(fm.height() + 3);
    double width = tm.horizontalAdvance(colouring.title);
    QVector<int> entries;
    if (colouring.kind == PlotColouring::Kind::Categorical) {
        entries = colouring.listedEntries();
        double nameWidth = 0;
        for (int e : entries) {
            nameWidth = std::max(nameWidth, fm.horizontalAdvance(colouring.legend[e].name));
            countWidth_ =
                std::max(countWidth_, fm.horizontalAdvance(countText(colouring.legend[e].count)));
        }
        width =
            std::max(width, kSwatch + 6 + std::min(nameWidth, kMaxNameWidth) + 10 + countWidth_);
        if (std::any_of(hiddenEntries.begin(), hiddenEntries.end(), [](bool h) { return h; }))
            entries.append(kShowAll);
    } else {
        width =
            std::max({width, kBarWidth,
                      fm.horizontalAdvance(QString::number(colouring.minimum, 'g', 4)) +
                          fm.horizontalAdvance(QString::number(colouring.maximum, 'g', 4)) + 12});
        if (colouring.legend.value(PlotColouring::kNumericSteps).count > 0)
            entries.append(PlotColouring::kNumericSteps);
    }
    width += 2 * kPad;
    const double left = area.right() - width - 10;
    double y = area.top() + 8 + kPad;
    titleRect_ = QRectF(left + kPad, y, width - 2 * kPad, std::ceil(tm.height()));
    y = titleRect_.bottom() + 2;
    if (colouring.kind == PlotColouring::Kind::Numeric) {
        barRect_ = QRectF(left + kPad, y + 2, width - 2 * kPad, kBarHeight);
        y = barRect_.bottom() + 2 + rowHeight_;  // the minimum and maximum under the bar
    }
    for (int e : entries) {
        if (y + rowHeight_ > area.bottom() - 40)
            break;  // does not fit: left out
        rows_.append({e, QRectF(left + kPad, y, width - 2 * kPad, rowHeight_)});
        y += rowHeight_;
    }
    bounds_ = QRectF(left, area.top() + 8, width, y + kPad - (area.top() + 8));
}

int PlotLegend::entryAt(const QPointF& pixel) const {
    for (const Row& row : rows_)
        if (row.rect.contains(pixel))
            return row.entry;
    return kNone;
}

void PlotLegend::paint(QPainter& painter) const {
    if (bounds_.isNull())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(bounds_, QColor(255, 255, 255, 225));
    painter.setPen(QColor::fromRgba(kGridLine));
    painter.drawRect(bounds_.adjusted(0, 0, -1, -1));
    painter.setFont(titleFont_);
    painter.setPen(QColor::fromRgba(kAxisText));
    const QFontMetricsF tm(titleFont_, painter.device());
    painter.drawText(titleRect_, Qt::AlignLeft | Qt::AlignVCenter,
                     tm.elidedText(colouring_.title, Qt::ElideRight, titleRect_.width()));
    painter.setFont(font_);
    const QFontMetricsF fm(font_, painter.device());
    if (!barRect_.isNull()) {
        QLinearGradient gradient(barRect_.topLeft(), barRect_.topRight());
        for (int i = 0; i <= 8; ++i)
            gradient.setColorAt(i / 8.0, viridis(kViridisUsed * i / 8.0));
        painter.fillRect(barRect_, gradient);
        const QRectF below(barRect_.left(), barRect_.bottom() + 2, barRect_.width(), rowHeight_);
        painter.drawText(below, Qt::AlignLeft | Qt::AlignVCenter,
                         QString::number(colouring_.minimum, 'g', 4));
        painter.drawText(below, Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(colouring_.maximum, 'g', 4));
    }
    for (const Row& row : rows_) {
        if (row.entry == kShowAll) {
            painter.setPen(QColor::fromRgba(kHighlightLabel));
            painter.drawText(row.rect, Qt::AlignLeft | Qt::AlignVCenter, tr("show all"));
            continue;
        }
        const PlotColouring::LegendEntry& e = colouring_.legend[row.entry];
        const bool off = hidden(row.entry);
        const QRectF swatch(row.rect.left(), row.rect.center().y() - kSwatch / 2, kSwatch, kSwatch);
        if (off) {
            painter.setPen(QColor::fromRgba(e.colour | 0xff000000));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(swatch.adjusted(0, 0, -1, -1));
        } else {
            painter.fillRect(swatch, QColor::fromRgba(e.colour | 0xff000000));
        }
        painter.setPen(QColor::fromRgba(off ? kDimmedLabel : kLabelText));
        const QRectF name(swatch.right() + 6, row.rect.top(),
                          row.rect.width() - kSwatch - 6 - countWidth_ - 10, row.rect.height());
        painter.drawText(name, Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(e.name, Qt::ElideRight, name.width()));
        painter.setPen(QColor::fromRgba(off ? kDimmedLabel : kTickText));
        painter.drawText(row.rect, Qt::AlignRight | Qt::AlignVCenter, countText(e.count));
    }
    painter.restore();
}

}  // namespace embedscope
