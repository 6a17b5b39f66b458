#include "SearchFeedback.h"

#include <QFontMetrics>
#include <QLabel>
#include <QLineEdit>

#include "ScatterPlot.h"

namespace embedscope {

void showSearchFeedback(const ScatterPlot& plot, QLineEdit& searchBox, QLabel& label) {
    const QString summary = plot.highlightSummary();
    const bool invalid = !plot.highlightError().isEmpty();
    const int room = kMaxSearchFeedbackWidth - label.indent() - 2 * label.margin();
    label.setText(QFontMetrics(label.font()).elidedText(summary, Qt::ElideRight, room));
    label.setToolTip(summary);
    const QString red = invalid ? QStringLiteral("color: #b00020;") : QString();
    label.setStyleSheet(red);
    searchBox.setStyleSheet(red);
    searchBox.setToolTip(invalid ? summary : QString());
}

}  // namespace embedscope
