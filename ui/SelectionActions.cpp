#include "SelectionActions.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>
#include <utility>

#include "Error.h"
#include "NeighboursPanel.h"
#include "PlotArea.h"
#include "Settings.h"
#include "TrainingController.h"
#include "WindowExports.h"
#include "WordSelection.h"

namespace embedscope {

namespace {

// One "Tag selection…": redo tags the rows, undo gives them their earlier tags back (and removes
// the category or the column if the tag made them).
class TagCommand : public QUndoCommand {
public:
    TagCommand(WordTags& tags, std::string column, std::string tag, std::vector<std::int32_t> rows,
               std::int32_t rowCount, std::function<void(const QString&)> changed)
        : tags_(tags),
          column_(std::move(column)),
          tag_(std::move(tag)),
          rows_(std::move(rows)),
          rowCount_(rowCount),
          changed_(std::move(changed)) {
        setText(QObject::tr("tag %n word(s) as %1", nullptr, int(rows_.size()))
                    .arg(QString::fromStdString(tag_)));
    }
    void redo() override {
        change_ = tags_.tag(column_, tag_, rows_, rowCount_);
        changed_(QString::fromStdString(column_));
    }
    void undo() override {
        tags_.undo(change_);
        changed_(QString::fromStdString(column_));
    }

private:
    WordTags& tags_;
    std::string column_, tag_;
    std::vector<std::int32_t> rows_;
    std::int32_t rowCount_;
    std::function<void(const QString&)> changed_;
    WordTags::Change change_;
};

}  // namespace

SelectionActions::SelectionActions(QWidget* window, const Parts& parts, ErrorReporter reportError)
    : QObject(window),
      controller_(parts.controller),
      plotArea_(parts.plotArea),
      neighbourPanel_(parts.neighbours),
      exports_(parts.exports),
      status_(parts.status),
      window_(window),
      reportError_(std::move(reportError)),
      selection_(new WordSelection(this)),
      undo_(new QUndoStack(this)),
      statusLabel_(new QLabel(window)) {
    createActions(window);
    buildMenu(window);
    status_->addPermanentWidget(statusLabel_);
    statusLabel_->hide();
    connect(selection_, &WordSelection::selectionChanged, this,
            &SelectionActions::onSelectionChanged);
    connect(
        plotArea_, &PlotArea::rowsSelected, this,
        [this](const std::vector<std::int32_t>& rows, bool add) { selection_->select(rows, add); });
    connect(controller_, &TrainingController::corpusChanged, this,
            &SelectionActions::onVectorsChanged);
    // The plotted words changed (another count, another list, the selected word tracked): the
    // label's "not plotted" and what Select all takes change with them.
    connect(plotArea_, &PlotArea::wordsChanged, this, &SelectionActions::updateStatus);
    setTool(settings::loadSelectionTool(QSettings(), PlotRegion::Shape::Rectangle));
    updateEnabled();
}

void SelectionActions::createActions(QWidget* window) {
    auto make = [this, window](const QString& text, const QKeySequence& shortcut, auto slot) {
        auto* action = new QAction(text, window);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    auto* tools = new QActionGroup(this);
    rectangleTool_ = make(tr("&Rectangle"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R),
                          [this] { setTool(PlotRegion::Shape::Rectangle); });
    lassoTool_ = make(tr("&Lasso"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L),
                      [this] { setTool(PlotRegion::Shape::Lasso); });
    for (QAction* action : {rectangleTool_, lassoTool_}) {
        action->setCheckable(true);
        action->setToolTip(
            tr("Shift+drag on the plot selects the words inside the outline; "
               "Shift+Ctrl+drag adds them to the selection"));
        tools->addAction(action);
    }
    selectAll_ =
        make(tr("Select all &plotted words"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A),
             [this] { selectAllPlotted(); });
    clear_ =
        make(tr("&Clear selection"), QKeySequence(Qt::Key_Escape), [this] { selection_->clear(); });
    isolate_ =
        make(tr("&Isolate selection"), QKeySequence(Qt::Key_I), [this] { isolateSelection(); });
    isolate_->setToolTip(tr("Show only the selected words (I); Shift+I shows all again"));
    showAll_ = make(tr("Show &all"), QKeySequence(Qt::SHIFT | Qt::Key_I), [this] { showAll(); });
    neighbours_ = make(tr("Select &neighbours of the selection"), QKeySequence(Qt::Key_N),
                       [this] { selectNeighbours(); });
    neighbours_->setToolTip(
        tr("Adds the nearest neighbours of every selected word (as many as "
           "the Neighbours panel lists)"));
    export_ = make(tr("&Export selection…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                   [this] { exports_->exportRowsWithDialog(selection_->rows()); });
    tag_ =
        make(tr("&Tag selection…"), QKeySequence(Qt::Key_T), [this] { tagSelectionWithDialog(); });
    undoAction_ = undo_->createUndoAction(window, tr("&Undo"));
    undoAction_->setShortcut(QKeySequence::Undo);
    redoAction_ = undo_->createRedoAction(window, tr("&Redo"));
    redoAction_->setShortcut(QKeySequence::Redo);
}

void SelectionActions::buildMenu(QWidget* window) {
    menu_ = new QMenu(tr("&Selection"), window);
    QMenu* tools = menu_->addMenu(tr("Selection &tool (Shift+drag)"));
    tools->addAction(rectangleTool_);
    tools->addAction(lassoTool_);
    menu_->addSeparator();
    menu_->addAction(selectAll_);
    menu_->addAction(clear_);
    menu_->addAction(neighbours_);
    menu_->addSeparator();
    menu_->addAction(isolate_);
    menu_->addAction(showAll_);
    menu_->addSeparator();
    menu_->addAction(tag_);
    menu_->addAction(undoAction_);
    menu_->addAction(redoAction_);
    menu_->addSeparator();
    menu_->addAction(export_);
}

void SelectionActions::setTool(PlotRegion::Shape shape) {
    tool_ = shape;
    (shape == PlotRegion::Shape::Lasso ? lassoTool_ : rectangleTool_)->setChecked(true);
    plotArea_->setSelectionTool(shape);
    QSettings settings;
    settings::saveSelectionTool(settings, shape);
}

void SelectionActions::selectAllPlotted() {
    const QVector<PlotWord>& words = plotArea_->words();
    const ScatterPlot* plot = plotArea_->plot2d();  // isolated like the 3-D view
    std::vector<std::int32_t> rows;
    for (qsizetype i = 0; i < words.size(); ++i)
        if (plot->isPointShown(int(i)))  // isolated, "all" means all that is shown
            rows.push_back(words[i].vocabIndex);
    selection_->select(rows);
}

void SelectionActions::isolateSelection() {
    if (selection_->isEmpty())
        return;
    isolateRows(selection_->rows());
    const int shown = int(plotArea_->indicesOfRows(selection_->rows()).size());
    status_->showMessage(
        tr("Showing only the %n selected plotted word(s); Shift+I shows all", nullptr, shown),
        6000);
}

void SelectionActions::isolateRows(const std::vector<std::int32_t>& rows) {
    plotArea_->isolateRows(rows);
    updateEnabled();
}

void SelectionActions::showAll() {
    plotArea_->showAllRows();
    updateEnabled();
}

int SelectionActions::selectNeighbours() {
    if (selection_->isEmpty())
        return 0;
    if (selection_->count() > kMaxNeighbourQueries) {
        status_->showMessage(tr("Select at most %1 words to add their neighbours")
                                 .arg(QLocale().toString(kMaxNeighbourQueries)),
                             8000);
        return 0;
    }
    const int k = neighbourPanel_ ? neighbourPanel_->neighbourCount() : 10;
    std::vector<std::int32_t> rows = selection_->rows();
    const int before = selection_->count();
    bool answered = false;
    for (std::int32_t row : selection_->rows()) {
        const std::vector<Neighbour> nearest = controller_->nearest(row, k);
        answered = answered || !nearest.empty();
        for (const Neighbour& n : nearest)
            rows.push_back(n.index);
    }
    if (!answered) {
        status_->showMessage(tr("The neighbour index is not built yet; try again in a moment"),
                             6000);
        return 0;
    }
    selection_->select(rows);
    const int added = selection_->count() - before;
    status_->showMessage(
        tr("Added %n neighbour(s) of the selection (top %1 of each word)", nullptr, added).arg(k),
        6000);
    return added;
}

bool SelectionActions::exportSelection(const QString& path, VectorFormat format) {
    return exports_->exportRows(path, format, selection_->rows());
}

bool SelectionActions::tagSelection(const QString& column, const QString& tag) {
    const QString columnName = column.trimmed();
    const QString tagName = tag.trimmed();
    const auto source = controller_->source();
    if (selection_->isEmpty() || !source) {
        reportError_(tr("Tag selection"), tr("Select some words to tag first"));
        return false;
    }
    if (columnName.isEmpty() || tagName.isEmpty()) {
        reportError_(tr("Tag selection"), tr("A tag and its column need names"));
        return false;
    }
    try {
        undo_->push(new TagCommand(tags_, columnName.toStdString(), tagName.toStdString(),
                                   selection_->rows(), source->rows(),
                                   [this](const QString& name) { emit tagsChanged(name); }));
    } catch (const Error& e) {
        reportError_(tr("Tag selection"), QString::fromUtf8(e.what()));
        return false;
    }
    status_->showMessage(tr("Tagged %n word(s) as \"%1\" in column \"%2\" (Ctrl+Z undoes)", nullptr,
                            selection_->count())
                             .arg(tagName, columnName),
                         8000);
    return true;
}

void SelectionActions::setTags(const WordTags& tags) {
    undo_->clear();
    std::vector<std::string> names;
    for (const MetadataColumn& c : tags_.columns())
        names.push_back(c.name);
    for (const MetadataColumn& c : tags.columns())
        if (std::find(names.begin(), names.end(), c.name) == names.end())
            names.push_back(c.name);
    tags_ = tags;
    for (const std::string& name : names)
        emit tagsChanged(QString::fromStdString(name));
}

void SelectionActions::tagSelectionWithDialog() {
    QString column = QString::fromLatin1(kDefaultTagColumn);
    QString tag;
    const bool answered = askTag_ ? askTag_(&column, &tag) : askTagWithDialog(&column, &tag);
    if (answered)
        tagSelection(column, tag);
}

bool SelectionActions::askTagWithDialog(QString* column, QString* tag) {
    QDialog dialog(window_);
    dialog.setWindowTitle(tr("Tag selection"));
    auto* form = new QFormLayout(&dialog);
    auto* tagEdit = new QLineEdit(*tag, &dialog);
    tagEdit->setPlaceholderText(tr("e.g. animals"));
    auto* columnBox = new QComboBox(&dialog);
    columnBox->setEditable(true);
    columnBox->addItem(*column);
    for (const MetadataColumn& c : tags_.columns())
        if (QString::fromStdString(c.name) != *column)
            columnBox->addItem(QString::fromStdString(c.name));
    auto* explanation =
        new QLabel(tr("Tag the %n selected word(s) as a category of a metadata column; a word "
                      "tagged before in that column gets the new tag.",
                      nullptr, selection_->count()),
                   &dialog);
    explanation->setWordWrap(true);
    form->addRow(explanation);
    form->addRow(tr("&Tag:"), tagEdit);
    form->addRow(tr("&Column:"), columnBox);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    connect(tagEdit, &QLineEdit::textChanged, ok,
            [ok](const QString& text) { ok->setEnabled(!text.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *tag = tagEdit->text();
    *column = columnBox->currentText();
    return true;
}

void SelectionActions::onSelectionChanged() {
    plotArea_->setSelectedRows(selection_->rows());
    updateStatus();
}

void SelectionActions::updateStatus() {
    const int count = selection_->count();
    if (count == 0) {
        statusLabel_->clear();
        statusLabel_->hide();
    } else {
        const int plotted = int(plotArea_->indicesOfRows(selection_->rows()).size());
        QString text = count == 1 ? tr("1 word selected")
                                  : tr("%1 words selected").arg(QLocale().toString(count));
        if (plotted < count)
            text += tr(" (%n not plotted)", nullptr, count - plotted);
        statusLabel_->setText(text);
        statusLabel_->show();
    }
    updateEnabled();
}

void SelectionActions::onVectorsChanged() {
    selection_->clear();
    plotArea_->showAllRows();
    undo_->clear();
    std::vector<std::string> names;
    for (const MetadataColumn& c : tags_.columns())
        names.push_back(c.name);
    tags_.clear();
    for (const std::string& name : names)
        emit tagsChanged(QString::fromStdString(name));
    updateEnabled();
}

void SelectionActions::updateEnabled() {
    const bool any = !selection_->isEmpty();
    const bool haveVectors = controller_->source() != nullptr;
    for (QAction* action : {clear_, isolate_, neighbours_})
        action->setEnabled(any);
    for (QAction* action : {export_, tag_})
        action->setEnabled(any && haveVectors);
    showAll_->setEnabled(plotArea_->isolating());
    selectAll_->setEnabled(!plotArea_->words().isEmpty());
}

}  // namespace embedscope
