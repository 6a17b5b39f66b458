// The tooltip of a plotted word: the word, its count and, when known, its nearest neighbours.
#pragma once

#include <QString>
#include <QStringList>

#include "ScatterPlot.h"  // PlotWord

namespace embedscope {

// Rich text: "<b>word</b><br>count: 1,234<br>neighbours: a, b, c" (the neighbours line only when
// there are some); every word is HTML-escaped.
QString plotTooltipText(const PlotWord& word, const QStringList& neighbours);

}  // namespace embedscope
