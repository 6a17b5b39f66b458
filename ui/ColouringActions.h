// What the points are coloured by, as commands: File > Open metadata… (a Projector-style TSV,
// core/MetadataTsv), and View > Colour by: frequency rank, any loaded metadata column, k-means
// clusters (core/KMeans, on a worker behind a progress dialog with Cancel, k asked for), and
// membership of a word list (a file, or typed words), and the tag columns that Selection > Tag
// selection makes (offerTagColumns: they follow every tag and undo). Every result is a
// MetadataColumn kept in a list the menu offers, with its Origin (what made it: enough to make it
// again for a session or a bookmark, restore()); PlotArea colours by the chosen one. A file or a
// clustering that fails leaves the list and the colouring as they were. New vectors (other rows)
// drop the list.
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
class SelectionActions;
class TrainingController;
class WordTags;

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

    // What made a column: a session or a bookmark stores it to colour the same way again.
    struct Origin {
        enum class Kind { Frequency, Metadata, KMeans, WordList, Tags };
        Kind kind = Kind::Frequency;
        QString path;       // Metadata: the TSV file, absolute
        QString column;     // Metadata: the column's name; Tags: the tag column's name
        int k = 0;          // KMeans
        QString name;       // WordList: what names the list ("words.txt", "3 typed")
        QStringList words;  // WordList
        // The same column: kind and what identifies it of that kind.
        bool sameColumn(const Origin& other) const;
    };
    struct Entry {
        std::shared_ptr<const MetadataColumn> column;
        QStringList categoryLabels;  // k-means: the most central words of each cluster
        Origin origin;
    };
    const std::vector<Entry>& columns() const { return columns_; }
    int currentColumn() const { return current_; }
    // The current colouring's origin (Kind::Frequency when by frequency rank).
    Origin currentOrigin() const;
    // Colours as origin says: by the listed column it made, else by one made again (the metadata
    // file read, k-means run, the word list or the tag column taken). Returns "" when done, else
    // what went wrong for the status bar (a metadata file that moved...): the colouring is then
    // by frequency. Asks nothing and reports no error dialog (a k-means run shows its progress).
    QString restore(const Origin& origin);
    // The tag columns of selection (SelectionActions::tags) join the list, following tagsChanged.
    void offerTagColumns(const SelectionActions* selection);

    static constexpr std::int64_t kKMeansSample = 100000;

private:
    void addColumn(MetadataColumn column, const QStringList& categoryLabels, Origin origin);
    // Reads a metadata file into the list; returns the index of its first column, or -1 with
    // *error set ("" when cancelled, which the status bar says).
    int loadMetadata(const QString& path, QString* error);
    int indexOf(const Origin& origin) const;  // of the entry origin made, or -1
    void onTagsChanged(const QString& column);
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
    const WordTags* tags_ = nullptr;
    int current_ = -1;
};

}  // namespace embedscope
