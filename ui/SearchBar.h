// The tool bar's word search: a field (with completion) and a regex box; the plot highlights the
// matching words as they are typed, the count (or why the pattern is invalid) stands beside, and
// Enter asks for the word to be selected.
#pragma once

#include <QObject>
#include <QString>

class QCheckBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QToolBar;

namespace embedscope {

class PlotArea;
class ScatterPlot;

class SearchBar : public QObject {
    Q_OBJECT
public:
    // Adds its widgets to bar. plot is plotArea's 2-D plot, whose highlight count is shown.
    SearchBar(QToolBar* bar, PlotArea* plotArea, ScatterPlot* plot, QCompleter* completer);

    // Edit > Search (Ctrl+F): the field takes the focus, its text selected.
    void focus();
    // The plot's words changed: the search highlights among the new ones.
    void highlightAgain();

signals:
    void wordEntered(const QString& word);  // trimmed

private:
    void applySearch();

    PlotArea* plotArea_;
    QLineEdit* edit_;
    QCheckBox* regex_;
    QLabel* count_;
};

}  // namespace embedscope
