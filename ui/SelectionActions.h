// The Selection menu and what it does with the multi-word selection (WordSelection): the
// selection tool that Shift+drag draws on the plot (rectangle or lasso, remembered between runs),
// select all plotted / clear (Esc), isolate the selection and show all again, add the neighbours
// of the selection, export its words and vectors, and tag it as a category of a metadata column
// (WordTags; undoable). The status bar says "N words selected".
//
// Every command that asks something has a function taking the answer, which the menu action
// calls after its dialog and tests call directly.
#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <vector>

#include "PlotRegion.h"
#include "VectorFormats.h"
#include "WordTags.h"

class QAction;
class QLabel;
class QMenu;
class QStatusBar;
class QUndoStack;
class QWidget;

namespace embedscope {

class NeighboursPanel;
class PlotArea;
class TrainingController;
class WindowExports;
class WordSelection;

class SelectionActions : public QObject {
    Q_OBJECT
public:
    struct Parts {
        TrainingController* controller = nullptr;
        PlotArea* plotArea = nullptr;
        NeighboursPanel* neighbours = nullptr;  // its "top k" is the neighbours' k
        WindowExports* exports = nullptr;
        QStatusBar* status = nullptr;
    };
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    // window: the parent of the actions (their shortcuts work in the whole window) and dialogs.
    SelectionActions(QWidget* window, const Parts& parts, ErrorReporter reportError);

    WordSelection* selection() const { return selection_; }
    // The tag columns: categorical metadata columns with one row per vector row.
    const WordTags& tags() const { return tags_; }
    QUndoStack* undoStack() const { return undo_; }
    QMenu* menu() const { return menu_; }
    QLabel* statusLabel() const { return statusLabel_; }

    void setTool(PlotRegion::Shape shape);  // remembered in the settings
    PlotRegion::Shape tool() const { return tool_; }

    void selectAllPlotted();
    // Shows only the selected words that are plotted, until showAll().
    void isolateSelection();
    // Shows only these rows (a saved view's isolation), until showAll().
    void isolateRows(const std::vector<std::int32_t>& rows);
    void showAll();
    // Adds the k nearest neighbours of every selected word (k: the Neighbours panel's "top k"),
    // from the neighbour index; returns how many words were added (0 also when the index is not
    // built yet, which the status bar says).
    int selectNeighbours();
    // Exports the selected words and their vectors; false after reporting an error.
    bool exportSelection(const QString& path, VectorFormat format);
    // Tags the selected words as tag in column (made if new); false after reporting an error.
    bool tagSelection(const QString& column, const QString& tag);
    // Replaces every tag column by those of tags (a session's); the undo history goes.
    void setTags(const WordTags& tags);

    // Test seam for Tag selection…: asks for the tag and the column (column holds the proposal on
    // entry); false cancels. Default: a dialog.
    using TagAsker = std::function<bool(QString* column, QString* tag)>;
    void setTagAsker(TagAsker asker) { askTag_ = std::move(asker); }

    // Selections larger than this do not look up neighbours (one index query per word).
    static constexpr int kMaxNeighbourQueries = 2000;
    static constexpr const char* kDefaultTagColumn = "tags";

    QAction* rectangleToolAction() const { return rectangleTool_; }
    QAction* lassoToolAction() const { return lassoTool_; }
    QAction* selectAllAction() const { return selectAll_; }
    QAction* clearAction() const { return clear_; }
    QAction* isolateAction() const { return isolate_; }
    QAction* showAllAction() const { return showAll_; }
    QAction* neighboursAction() const { return neighbours_; }
    QAction* exportAction() const { return export_; }
    QAction* tagAction() const { return tag_; }

signals:
    // A tag column was made, changed (tagged, or a tag undone) or removed (an undone first tag).
    void tagsChanged(const QString& column);

private:
    void createActions(QWidget* window);
    void buildMenu(QWidget* window);
    void onSelectionChanged();
    void updateStatus();      // the status bar's "N words selected" and the actions' enabled states
    void onVectorsChanged();  // new vectors: their rows are other words
    void updateEnabled();
    void tagSelectionWithDialog();
    bool askTagWithDialog(QString* column, QString* tag);

    TrainingController* controller_;
    PlotArea* plotArea_;
    NeighboursPanel* neighbourPanel_;
    WindowExports* exports_;
    QStatusBar* status_;
    QWidget* window_;
    ErrorReporter reportError_;
    TagAsker askTag_;

    WordSelection* selection_;
    WordTags tags_;
    QUndoStack* undo_;
    PlotRegion::Shape tool_ = PlotRegion::Shape::Rectangle;
    QLabel* statusLabel_;
    QMenu* menu_ = nullptr;

    QAction* rectangleTool_ = nullptr;
    QAction* lassoTool_ = nullptr;
    QAction* selectAll_ = nullptr;
    QAction* clear_ = nullptr;
    QAction* isolate_ = nullptr;
    QAction* showAll_ = nullptr;
    QAction* neighbours_ = nullptr;
    QAction* export_ = nullptr;
    QAction* tag_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
};

}  // namespace embedscope
