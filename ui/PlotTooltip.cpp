#include "PlotTooltip.h"

#include <QLocale>

namespace embedscope {

QString plotTooltipText(const PlotWord& word, const QStringList& neighbours) {
    QString text = QStringLiteral("<b>%1</b><br>count: %2")
                       .arg(word.word.toHtmlEscaped(), QLocale().toString(word.count));
    if (!neighbours.isEmpty()) {
        QStringList escaped;
        for (const QString& n : neighbours)
            escaped.append(n.toHtmlEscaped());
        text += QStringLiteral("<br>neighbours: ") + escaped.join(QStringLiteral(", "));
    }
    return text;
}

}  // namespace embedscope
