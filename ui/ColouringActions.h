// What the points are coloured by, as commands: File > Open metadata… (a Projector-style TSV,
// core/MetadataTsv), and View > Colour by: frequency rank, any loaded metadata column, k-means
// clusters (core/KMeans, on a worker behind a progress dialog with Cancel, k asked for), and
// membership of a word list (a file, or typed words). Every result is a MetadataColumn kept in a
// list the menu offers; PlotArea colours by the chosen one. A file or a clustering that fails
// leaves the list and the colouring as they were. New vectors (other rows) drop the list.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

#include "MetadataColumn.h"

class QAction;
class QMenu;
class QStatusBar;
class QWidget;

namespace embedscope {

class PlotArea;
class TrainingController;

class ColouringActions : public QObject {
    Q_OBJECT
public:
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    ColouringActions(TrainingController* controller, PlotArea* plotArea, QWidget* window,
                     QStatusBar* status, ErrorReporter reportError);

    QAction* openMetadataAction() const { return openMetadata_; }
    QMenu* colourByMenu() const { return menu_; }
    QAction* densityAction() const { return density_; }  // View > Density contours

    // The commands' work without their dialogs (the menu asks first; tests call these). Each
    // colours by its result and returns true, or reports the error and changes nothing.
    bool openMetadata(const QString& path);
    bool colourByKMeans(int k);
    bool colourByWordListFile(const QString& path);
    void colourByWords(const QStringList& words, const QString& name);
    // Colours by column index of columns(), or by frequency for -1.
    void colourByColumn(int index);

    struct Entry {
        std::shared_ptr<const MetadataColumn> column;
        QStringList categoryLabels;  // k-means: the most central words of each cluster
    };
    const std::vector<Entry>& columns() const { return columns_; }
    int currentColumn() const { return current_; }

    static constexpr std::int64_t kKMeansSample = 100000;

private:
    void addColumn(MetadataColumn column, const QStringList& categoryLabels);
    void forgetColumns();  // other vectors: the rows mean other words
    void rebuildMenu();
    void askKMeans();
    void askWordListFile();
    void askTypedWords();
    void askMetadataFile();

    TrainingController* controller_;
    PlotArea* plotArea_;
    QWidget* window_;
    QStatusBar* status_;
    ErrorReporter reportError_;
    QAction* openMetadata_;
    QAction* density_;
    QMenu* menu_;
    std::vector<Entry> columns_;
    int current_ = -1;
};

}  // namespace embedscope
