// The window's exports: the vectors in every format (written on a worker thread with progress and
// Cancel), the projection as CSV, and the plot as PNG or SVG.
//
// Each export has a function taking the path, which the menu actions call after their file
// dialog and tests call directly. Every write is atomic. The folder of an export is remembered
// for the next dialog only after the write succeeded: a failed write into /proc once made every
// later dialog start there, where Qt's dialog hung.
#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "VectorFormats.h"

class QStatusBar;
class QWidget;

namespace embedscope {

class ScatterPlot;
class TrainingController;

class WindowExports : public QObject {
    Q_OBJECT
public:
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    // window: the parent of the dialogs; status: where successes and cancels are said.
    WindowExports(TrainingController* controller, ScatterPlot* plot, QWidget* window,
                  QStatusBar* status, ErrorReporter reportError);

    // Each returns false after reporting the error (or on cancel).
    bool exportVectors(const QString& path, VectorFormat format);
    bool exportProjection(const QString& path);
    bool exportPlot(const QString& path);
    // The words and vectors of these rows only (a selection), in their order, in any vector
    // format; atomic like every export. Does not count as exporting the table.
    bool exportRows(const QString& path, VectorFormat format,
                    const std::vector<std::int32_t>& rows);

    // The same after a save dialog; false when the dialog was cancelled too.
    bool exportVectorsWithDialog(VectorFormat format);
    // A save dialog offering every vector format (the filter chosen, or the name's extension,
    // picks the format): the "Export…" answer to a question about discarding vectors.
    bool exportVectorsInAnyFormatWithDialog();
    // exportRows after a save dialog offering every vector format.
    bool exportRowsWithDialog(const std::vector<std::int32_t>& rows);
    bool exportProjectionWithDialog();
    bool exportPlotWithDialog(const QString& suffix);

    // Test seam: replaces the save dialog. It receives the caption, the proposed path and the
    // filters (";;"-separated), may set the chosen filter, and returns the path ("" cancels).
    using SavePathChooser = std::function<QString(const QString& caption, const QString& start,
                                                  const QString& filters, QString* chosenFilter)>;
    void setSavePathChooser(SavePathChooser chooser) { choosePath_ = std::move(chooser); }

    // The folder the next export dialog starts in: the last one written to, if it is still safe
    // to browse, else the documents folder.
    static QString exportFolder();

    // TrainingController::TableVersion of the last vector export.
    std::pair<std::uint64_t, std::uint64_t> exportedVersion() const { return exportedVersion_; }
    // The vectors of this table version were written elsewhere (a session file): they no longer
    // count as unexported.
    void noteVectorsSaved(std::pair<std::uint64_t, std::uint64_t> version) {
        exportedVersion_ = version;
        emit vectorsExported();
    }

signals:
    void vectorsExported();

private:
    static void rememberExportFolder(const QString& path);
    // Writes vectors to path in format with the progress dialog and remembers the folder: the
    // files written, as the status bar names them (the Projector format's metadata TSV too), or
    // "" after reporting an error or a cancel.
    QString writeVectorFile(const QString& path, VectorFormat format,
                            std::shared_ptr<const WordVectors> vectors);
    // A save dialog offering every vector format: the path ("" on cancel) and, in format, the
    // format its extension names, else the filter chosen.
    QString chooseVectorFile(const QString& caption, const QString& startName,
                             VectorFormat* format);
    QString chooseSavePath(const QString& caption, const QString& start, const QString& filters,
                           QString* chosenFilter = nullptr);

    TrainingController* controller_;
    ScatterPlot* plot_;
    QWidget* window_;
    QStatusBar* status_;
    ErrorReporter reportError_;
    SavePathChooser choosePath_;
    std::pair<std::uint64_t, std::uint64_t> exportedVersion_{};
};

}  // namespace embedscope
