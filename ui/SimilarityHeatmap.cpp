#include "SimilarityHeatmap.h"

#include <QLinearGradient>
#include <QPainter>

#include <QHelpEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "DivergingColorMap.h"

namespace embedscope {

SimilarityHeatmap::SimilarityHeatmap(const QString& title, QWidget* parent)
    : QWidget(parent), title_(title) {}

void SimilarityHeatmap::setMatrix(const QStringList& words, const QVector<double>& values) {
    Q_ASSERT_X(values.size() == words.size() * words.size(), "SimilarityHeatmap::setMatrix",
               "values must be n by n for n words");
    words_ = words;
    values_ = values;
    update();
}

int SimilarityHeatmap::cellAt(const QPointF& pixel, int* column) const {
    if (words_.isEmpty() || cellSize_ <= 0)
        return -1;
    const QPointF local = pixel - origin_;
    const int r = static_cast<int>(std::floor(local.y() / cellSize_));
    const int c = static_cast<int>(std::floor(local.x() / cellSize_));
    if (local.x() < 0 || local.y() < 0 || r >= words_.size() || c >= words_.size())
        return -1;
    *column = c;
    return r;
}

bool SimilarityHeatmap::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        int column = -1;
        const int row = cellAt(help->pos(), &column);
        if (row >= 0)
            QToolTip::showText(help->globalPos(),
                               QStringLiteral("%1 · %2 = %3")
                                   .arg(words_[row], words_[column])
                                   .arg(value(row, column), 0, 'f', 3),
                               this);
        else if (colourBar_.contains(help->pos()))
            QToolTip::showText(help->globalPos(),
                               tr("Colour scale: −1 blue, 0 white, 1 red (values beyond are "
                                  "drawn as the end colours)"),
                               this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void SimilarityHeatmap::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QFontMetrics metrics(font());
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(0, 0, width(), metrics.height()), Qt::AlignHCenter | Qt::AlignVCenter,
                     title_);
    colourBar_ = QRectF();
    const int n = words_.size();
    if (n == 0)
        return;

    QStringList rowLabels;
    int labelWidth = 0;
    for (int r = 0; r < n; ++r) {
        rowLabels << QStringLiteral("%1 %2")
                         .arg(metrics.elidedText(words_[r], Qt::ElideRight, 80))
                         .arg(r + 1);
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(rowLabels.back()));
    }
    labelWidth += 8;
    const double top = metrics.height() + 4;
    // Square cells. Words are named down the left side with a number; the columns carry only
    // the numbers, which keeps the matrix square and readable at eight words.
    const double columnHeader = metrics.height() + 2;
    // The colour bar goes under the matrix or beside it, wherever it leaves the matrix larger:
    // beside when the widget is height-bound (the Inspector's dock is often short), under it
    // when width-bound. Its labels are the ends and the middle of the scale.
    constexpr double kBarGap = 5, kBarThickness = 8, kLabelGap = 3;
    const double scaleWidth = kBarGap + kBarThickness + kLabelGap +
                              metrics.horizontalAdvance(scaleLabel(colourScaleRange().first));
    const double scaleHeight = kBarGap + kBarThickness + 1 + metrics.height();
    const double freeWidth = width() - labelWidth - 4.0;
    const double freeHeight = height() - top - columnHeader - 4.0;
    const double sideWithBarUnder = std::min(freeWidth, freeHeight - scaleHeight);
    const double sideWithBarBeside = std::min(freeWidth - scaleWidth, freeHeight);
    const bool barBeside = sideWithBarBeside > sideWithBarUnder;
    const double side = std::max(sideWithBarUnder, sideWithBarBeside);
    if (side < 20)
        return;
    const double cell = side / n;
    const QPointF origin(labelWidth, top + columnHeader);
    origin_ = origin;
    cellSize_ = cell;
    QFont smallFont = font();
    smallFont.setPointSizeF(font().pointSizeF() * 0.75);
    const QFontMetrics small(smallFont);

    for (int r = 0; r < n; ++r) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRectF(0, origin.y() + r * cell, labelWidth - 4, cell),
                         Qt::AlignRight | Qt::AlignVCenter, rowLabels[r]);
        painter.drawText(QRectF(origin.x() + r * cell, top, cell, columnHeader), Qt::AlignCenter,
                         QString::number(r + 1));
        for (int c = 0; c < n; ++c) {
            const double v = values_[r * n + c];
            const QRectF box(origin.x() + c * cell, origin.y() + r * cell, cell, cell);
            painter.fillRect(box, divergingColor(v));
            if (cell >= small.horizontalAdvance(QStringLiteral("-.00")) + 2) {
                painter.setFont(smallFont);
                painter.setPen(std::abs(v) > 0.55 ? Qt::white : Qt::black);
                painter.drawText(
                    box, Qt::AlignCenter,
                    QString::number(v, 'f', 2).replace(QStringLiteral("0."), QStringLiteral(".")));
                painter.setFont(font());
            }
        }
    }
    painter.setPen(QColor(160, 160, 160));
    painter.drawRect(QRectF(origin, QSizeF(side, side)));
    paintColourBar(
        painter, barBeside ? QRectF(origin.x() + side + kBarGap, origin.y(), kBarThickness, side)
                           : QRectF(origin.x(), origin.y() + side + kBarGap, side, kBarThickness));
}

QString SimilarityHeatmap::scaleLabel(double value) {
    return QString::number(value).replace(QLatin1Char('-'), QChar(0x2212));  // a minus sign
}

void SimilarityHeatmap::paintColourBar(QPainter& painter, const QRectF& bar) {
    colourBar_ = bar;
    const auto [low, high] = colourScaleRange();
    const bool vertical = bar.height() > bar.width();
    // Low to high: left to right under the matrix, bottom to top beside it. divergingColor is
    // linear in RGB from its blue end to white at 0 and on to its red end, so a linear gradient
    // through those three colours draws it exactly.
    QLinearGradient gradient(vertical ? bar.bottomLeft() : bar.topLeft(),
                             vertical ? bar.topLeft() : bar.topRight());
    gradient.setColorAt(0.0, divergingColor(low));
    gradient.setColorAt((0.0 - low) / (high - low), divergingColor(0.0));
    gradient.setColorAt(1.0, divergingColor(high));
    painter.fillRect(bar, gradient);
    painter.setPen(QColor(160, 160, 160));
    painter.drawRect(bar);

    const QFontMetrics metrics(font());
    const QString labels[3] = {scaleLabel(low), scaleLabel(0.5 * (low + high)), scaleLabel(high)};
    painter.setPen(palette().color(QPalette::WindowText));
    if (vertical) {
        // Right of the bar: the end labels level with its ends, the middle one centred.
        const double x = bar.right() + 3, h = metrics.height();
        painter.drawText(QRectF(x, bar.bottom() - h, width() - x, h),
                         Qt::AlignLeft | Qt::AlignBottom, labels[0]);
        painter.drawText(QRectF(x, bar.center().y() - h / 2, width() - x, h),
                         Qt::AlignLeft | Qt::AlignVCenter, labels[1]);
        painter.drawText(QRectF(x, bar.top(), width() - x, h), Qt::AlignLeft | Qt::AlignTop,
                         labels[2]);
    } else {
        const QRectF under(bar.left(), bar.bottom() + 1, bar.width(), metrics.height());
        painter.drawText(under, Qt::AlignLeft | Qt::AlignTop, labels[0]);
        painter.drawText(under, Qt::AlignHCenter | Qt::AlignTop, labels[1]);
        painter.drawText(under, Qt::AlignRight | Qt::AlignTop, labels[2]);
    }
}

}  // namespace embedscope
