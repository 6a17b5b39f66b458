// The window's central view: the 2-D ScatterPlot or the 3-D PlotView3D, whichever the frame
// being shown needs. It turns frames into what the plots show (positions, glides, axis titles)
// and passes selection, search, labels and point size to both, so that switching 2-D and 3-D
// keeps them. It also owns what colours the points (a metadata column or frequency) and which of
// the colour legend's entries are hidden, for both plots.
#pragma once

#include <QStackedWidget>
#include <QVector>

#include <functional>
#include <memory>
#include <vector>

#include "Frame.h"
#include "MetadataColumn.h"
#include "PlotColouring.h"
#include "ReplayTrails.h"
#include "ScatterPlot.h"

namespace embedscope {

class PlotView3D;

class PlotArea : public QStackedWidget {
    Q_OBJECT
public:
    explicit PlotArea(QWidget* parent = nullptr);

    ScatterPlot* plot2d() const { return plot2d_; }
    PlotView3D* plot3d() const { return plot3d_; }
    bool showing3d() const;

    // The plotted words, in frame row order. The next frame's positions arrive without a glide.
    void setWords(const QVector<PlotWord>& words);
    const QVector<PlotWord>& words() const { return words_; }
    // True when the plot's words are exactly these rows, in this order.
    bool showsRows(const std::vector<std::int32_t>& rows) const;
    // A new table: its first positions replace the old ones without a glide (a glide would draw
    // a trail between two unrelated tables).
    void startNewTable();
    // Shows the frame (its rows must be words()): in 3-D when it has three columns.
    void showFrame(const Frame& frame, int glideMs);

    void setSelectedIndex(int index);
    void setHighlight(const QString& pattern, bool regex);
    void setLabelsVisible(bool visible);
    void setPointSize(double pixels);
    void setNeighbourProvider(std::function<QStringList(int index)> provider);
    void fitToData();

    // The multi-word selection as vector rows: both plots ring those of them they show. Kept when
    // the plotted words change (the same rows are ringed among the new words).
    void setSelectedRows(const std::vector<std::int32_t>& rows);
    // Only these rows are drawn, picked and labelled, until showAllRows(); kept likewise. The 2-D
    // view fits the rows shown (and all again after showAllRows).
    void isolateRows(const std::vector<std::int32_t>& rows);
    void showAllRows();
    bool isolating() const { return isolating_; }
    const std::vector<std::int32_t>& isolatedRows() const { return isolatedRows_; }
    // The outline Shift+drag draws in both plots.
    void setSelectionTool(PlotRegion::Shape shape);
    // The plot indices of those rows that are plotted, increasing.
    std::vector<int> indicesOfRows(const std::vector<std::int32_t>& rows) const;
    // Colours the points by column (nullptr: by frequency rank), for the plotted words' rows;
    // categoryLabels gives category c a label on the map (k-means clusters). Shows every entry.
    void setColourColumn(std::shared_ptr<const MetadataColumn> column,
                         const QStringList& categoryLabels = {});
    // The same column with other rows' values (a tag column tagged again): keeps the hidden
    // entries.
    void refreshColourColumn(std::shared_ptr<const MetadataColumn> column);
    std::shared_ptr<const MetadataColumn> colourColumn() const { return colourColumn_; }
    const PlotColouring& colouring() const { return colouring_; }
    const QVector<bool>& hiddenEntries() const { return hiddenEntries_; }
    // A click on the legend's entry: isolates it (only it shown; clicking the isolated entry again
    // shows all); with Ctrl, Shift or Alt it hides the entry (or shows it again).
    // PlotLegend::kShowAll shows all.
    void clickLegendEntry(int entry, Qt::KeyboardModifiers modifiers);
    void showAllEntries();
    // Hides the legend's entries where hidden is true (a saved view's); entries beyond it show.
    void setHiddenEntries(const QVector<bool>& hidden);
    // Whether the plot shows a frame of this layout method and dimension count (of the current
    // table): a saved camera belongs to such a frame.
    bool showsLayout(LayoutMethod method, int dims) const {
        return newTableShown_ && shownMethod_ == method && shownDims_ == dims;
    }
    void setDensityContours(bool on);  // 2-D only

    // The rows whose replay trails are drawn: the selected word's (setSelectedIndex), then the
    // multi-word selection's plotted ones, most frequent first, at most ReplayTrails::kMaxWords
    // in all.
    std::vector<std::int32_t> trailRows() const;
    // The timeline's trails (TimelineBar::trailsChanged) on the 2-D plot, which shows the replay
    // (its frames are 2-D); null ends them. Trails of rows not plotted are left out.
    void showReplayTrails(std::shared_ptr<const std::vector<ReplayTrail>> trails);

    // "PC1 (23.4% of variance)", "t-SNE 2", "man → woman (3.1% of variance)".
    static QString axisTitle(const Frame& frame, int axis);

signals:
    void pointClicked(int index);  // index into words()
    // A selection gesture on either plot ended: the vector rows of the points inside it.
    void rowsSelected(const std::vector<std::int32_t>& rows, bool add);
    // setWords gave the plots new words (the selection and isolation already applied to them).
    void wordsChanged();
    void colouringChanged();  // another column, or entries hidden or shown
    void frameShown();        // showFrame put a frame on a plot
    // trailRows() changed: another selected word, selection or words.
    void trailRowsChanged(const std::vector<std::int32_t>& rows);

private:
    // The selection and the isolation (as rows) onto a plot that has words_.
    void applyRowMarks(PlotWidget* plot) const;
    void onPointsSelected(const QVector<int>& indices, bool add);
    void applyColouring();  // colouring_ from the column and words_, to both plots

    ScatterPlot* plot2d_;
    PlotView3D* plot3d_;
    QVector<PlotWord> words_;
    bool words3dCurrent_ = false;  // plot3d_ has words_ (set lazily: 3-D is for fewer points)
    bool newTableShown_ = false;   // the current table's first positions reached the plot
    LayoutMethod shownMethod_ = LayoutMethod::Pca;
    int shownDims_ = 2;
    int selected_ = -1;
    QString highlight_;
    bool highlightRegex_ = false;
    std::vector<std::int32_t> selectedRows_, isolatedRows_;
    bool isolating_ = false;
    std::shared_ptr<const MetadataColumn> colourColumn_;
    QStringList categoryLabels_;
    PlotColouring colouring_;
    QVector<bool> hiddenEntries_;  // per colouring_.legend entry
};

}  // namespace embedscope
