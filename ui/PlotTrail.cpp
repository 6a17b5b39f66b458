// The painting of the selected word's trail (PlotTrail.h), the same in 2-D and 3-D.
#include "PlotTrail.h"

#include <QColor>
#include <QPainter>
#include <QPen>

namespace embedscope {

void paintFadingTrail(QPainter& painter, const QVector<QPointF>& path, QRgb colour) {
    const int segments = int(path.size()) - 1;
    if (segments < 1)
        return;
    painter.save();
    QColor c = QColor::fromRgba(colour);
    for (int s = 0; s < segments; ++s) {
        if (!isFinitePoint(path[s]) || !isFinitePoint(path[s + 1]))
            continue;
        // age: 1/segments for the oldest segment .. 1 for the newest.
        const double age = double(s + 1) / segments;
        c.setAlphaF(float(0.8 * age));
        painter.setPen(QPen(c, 1.0 + 1.5 * age, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(path[s], path[s + 1]);
        painter.setPen(Qt::NoPen);
        painter.setBrush(c);
        painter.drawEllipse(path[s], 1.5, 1.5);
    }
    painter.restore();
}

}  // namespace embedscope
