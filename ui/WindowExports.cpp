#include "WindowExports.h"

#include <QFileInfo>
#include <QSettings>
#include <QStatusBar>

#include <algorithm>
#include <memory>

#include "Exports.h"
#include "FileDialogs.h"
#include "ModalJob.h"
#include "ScatterPlot.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

const QString kExportFolderKey = QStringLiteral("exportDirectory");

struct VectorFormatChoice {
    QString suffix;
    QString filter;
};

VectorFormatChoice choiceFor(VectorFormat format) {
    switch (format) {
        case VectorFormat::Csv:
            return {QStringLiteral("csv"), WindowExports::tr("CSV (*.csv)")};
        case VectorFormat::Word2VecText:
            return {QStringLiteral("vec"), WindowExports::tr("word2vec text (*.vec *.txt)")};
        case VectorFormat::Word2VecBinary:
            return {QStringLiteral("bin"), WindowExports::tr("word2vec binary (*.bin)")};
        case VectorFormat::Glove:
            return {QStringLiteral("txt"), WindowExports::tr("GloVe text (*.txt)")};
        case VectorFormat::Projector:
            return {QStringLiteral("tsv"), WindowExports::tr("Projector TSV (*.tsv)")};
        case VectorFormat::Npy:
            return {QStringLiteral("npy"),
                    WindowExports::tr("NumPy array + NAME.vocab.txt word list (*.npy)")};
    }
    return {};
}

}  // namespace

WindowExports::WindowExports(TrainingController* controller, ScatterPlot* plot, QWidget* window,
                             QStatusBar* status, ErrorReporter reportError)
    : QObject(window),
      controller_(controller),
      plot_(plot),
      window_(window),
      status_(status),
      reportError_(std::move(reportError)) {}

QString WindowExports::exportFolder() {
    return safeStartFolder(QSettings().value(kExportFolderKey).toString());
}

void WindowExports::rememberExportFolder(const QString& path) {
    QSettings().setValue(kExportFolderKey, QFileInfo(path).absolutePath());
}

bool WindowExports::exportVectors(const QString& path, VectorFormat format) {
    if (!controller_->source()) {
        reportError_(tr("Export failed"),
                     tr("%1: nothing to export: open a corpus first").arg(path));
        return false;
    }
    const TrainingController::TableVersion version = controller_->tableVersion();
    auto vectors = std::make_shared<const WordVectors>(controller_->currentVectors());
    const QString files = writeVectorFile(path, format, vectors);
    if (files.isEmpty())
        return false;
    exportedVersion_ = version;
    emit vectorsExported();
    status_->showMessage(tr("Wrote %1 vectors to %2").arg(vectors->rows()).arg(files), 6000);
    return true;
}

QString WindowExports::writeVectorFile(const QString& path, VectorFormat format,
                                       std::shared_ptr<const WordVectors> vectors) {
    if (!writeExportWithProgressDialog(
            window_, path,
            [vectors, path, format](const JobControl& control) {
                writeVectors(path.toStdString(), *vectors, format, control);
            },
            status_, reportError_))
        return {};
    rememberExportFolder(path);
    // The Projector format writes its words beside the vectors, in a second file.
    if (format == VectorFormat::Projector)
        return tr("%1 and %2")
            .arg(path, QString::fromStdString(metadataPathFor(path.toStdString())));
    return path;
}

bool WindowExports::exportRows(const QString& path, VectorFormat format,
                               const std::vector<std::int32_t>& rows) {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    std::vector<std::int32_t> valid;
    for (std::int32_t row : rows)
        if (source && row >= 0 && row < source->rows())
            valid.push_back(row);
    if (valid.empty()) {
        reportError_(tr("Export failed"),
                     tr("%1: nothing to export: no words are selected").arg(path));
        return false;
    }
    auto subset = std::make_shared<WordVectors>();
    const std::shared_ptr<const Snapshot> snapshot = source->snapshot(valid);
    subset->vectors = snapshot->vectors;
    subset->words.reserve(valid.size());
    for (std::int32_t row : snapshot->rows)
        subset->words.push_back(source->words()[std::size_t(row)]);
    const QString files = writeVectorFile(path, format, subset);
    if (files.isEmpty())
        return false;
    status_->showMessage(tr("Wrote %n selected word(s) to %1", nullptr, subset->rows()).arg(files),
                         6000);
    return true;
}

bool WindowExports::exportProjection(const QString& path) {
    const std::shared_ptr<const Frame> frame = controller_->lastFrame();
    QStringList words;
    if (frame)
        for (std::int32_t row : frame->rows)
            words << controller_->wordAt(row);
    try {
        writeProjectionCsv(path, words, frame ? frame->positions : RowMatrixXf());
    } catch (const std::exception& e) {
        reportError_(tr("Export failed"), QString::fromUtf8(e.what()));
        return false;
    }
    rememberExportFolder(path);
    status_->showMessage(tr("Wrote the projection to %1").arg(path), 6000);
    return true;
}

bool WindowExports::exportPlot(const QString& path) {
    const QSize size = plotExportSize(*plot_);
    try {
        writePlotImage(path, *plot_, size);
    } catch (const std::exception& e) {
        reportError_(tr("Export failed"), QString::fromUtf8(e.what()));
        return false;
    }
    rememberExportFolder(path);
    status_->showMessage(tr("Wrote the plot to %1").arg(path), 6000);
    return true;
}

QString WindowExports::chooseSavePath(const QString& caption, const QString& start,
                                      const QString& filters, QString* chosenFilter) {
    if (choosePath_)
        return choosePath_(caption, start, filters, chosenFilter);
    return getSaveFileName(window_, caption, start, filters, chosenFilter);
}

bool WindowExports::exportVectorsWithDialog(VectorFormat format) {
    const VectorFormatChoice choice = choiceFor(format);
    const QString path =
        chooseSavePath(tr("Export vectors"),
                       exportFolder() + QStringLiteral("/vectors.") + choice.suffix, choice.filter);
    return !path.isEmpty() && exportVectors(path, format);
}

QString WindowExports::chooseVectorFile(const QString& caption, const QString& startName,
                                        VectorFormat* format) {
    QStringList filters;
    for (const VectorFormat f : kVectorFormats)
        filters << choiceFor(f).filter;
    QString chosen = filters.front();
    const QString path = chooseSavePath(caption, exportFolder() + QLatin1Char('/') + startName,
                                        filters.join(QStringLiteral(";;")), &chosen);
    if (path.isEmpty())
        return path;
    // The name's extension decides where it names a format; else the filter chosen.
    const QString suffix = QFileInfo(path).suffix().toLower();
    *format = kVectorFormats[std::max<qsizetype>(0, filters.indexOf(chosen))];
    for (const VectorFormat candidate : kVectorFormats)
        if (suffix == choiceFor(candidate).suffix)
            *format = candidate;
    return path;
}

bool WindowExports::exportVectorsInAnyFormatWithDialog() {
    VectorFormat format = VectorFormat::Csv;
    const QString path =
        chooseVectorFile(tr("Export the trained vectors"), QStringLiteral("vectors.csv"), &format);
    return !path.isEmpty() && exportVectors(path, format);
}

bool WindowExports::exportRowsWithDialog(const std::vector<std::int32_t>& rows) {
    VectorFormat format = VectorFormat::Csv;
    const QString path =
        chooseVectorFile(tr("Export the selected words"), QStringLiteral("selection.csv"), &format);
    return !path.isEmpty() && exportRows(path, format, rows);
}

bool WindowExports::exportProjectionWithDialog() {
    const QString path =
        chooseSavePath(tr("Export projection"), exportFolder() + QStringLiteral("/projection.csv"),
                       tr("CSV (*.csv)"));
    return !path.isEmpty() && exportProjection(path);
}

bool WindowExports::exportPlotWithDialog(const QString& suffix) {
    const QString path = chooseSavePath(
        tr("Export plot"), exportFolder() + QStringLiteral("/plot.") + suffix,
        suffix == QLatin1String("png") ? tr("PNG image (*.png)") : tr("SVG drawing (*.svg)"));
    return !path.isEmpty() && exportPlot(path);
}

}  // namespace embedscope
