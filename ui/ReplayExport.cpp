#include "ReplayExport.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QProgressDialog>
#include <QStatusBar>

#include <memory>
#include <optional>

#include "Error.h"
#include "Exports.h"
#include "FileDialogs.h"
#include "ModalJob.h"
#include "ReplayWriters.h"
#include "ScatterPlot.h"
#include "TimelineBar.h"
#include "TrainingController.h"
#include "WindowExports.h"

namespace embedscope {

ReplayExport::ReplayExport(TrainingController* controller, TimelineBar* bar, ScatterPlot* plot,
                           QWidget* window, QStatusBar* status, ErrorReporter reportError)
    : QObject(window),
      controller_(controller),
      bar_(bar),
      plot_(plot),
      window_(window),
      status_(status),
      reportError_(std::move(reportError)),
      action_(new QAction(tr("&Replay (CSV, PNG frames, GIF or WebP)…"), window)) {
    action_->setEnabled(bar_->replay() != nullptr);
    connect(bar_, &TimelineBar::replayChanged, action_, &QAction::setEnabled);
    connect(action_, &QAction::triggered, this, &ReplayExport::exportWithDialog);
}

int ReplayExport::frameCountFor(Format format) const {
    const int frames = bar_->frameCount();
    const bool animation = format == Format::Gif || format == Format::Webp;
    return animation ? int(animationFrames(frames, bar_->speed()).size()) : frames;
}

bool ReplayExport::exportWithDialog() {
    const QString csv = tr("Positions per frame as CSV (*.csv)");
    const QString gif = tr("Animated GIF (*.gif)");
    const QString webp = tr("Animated WebP (*.webp)");
    const QString png = tr("PNG frame sequence (a new folder) (*)");
    QString chosen = gif;
    const QString path =
        getSaveFileName(window_, tr("Export the replay"),
                        WindowExports::exportFolder() + QStringLiteral("/replay.gif"),
                        QStringList{gif, webp, csv, png}.join(QStringLiteral(";;")), &chosen);
    if (path.isEmpty())
        return false;
    const QString suffix = QFileInfo(path).suffix().toLower();
    Format format = chosen == csv    ? Format::Csv
                    : chosen == png  ? Format::PngSequence
                    : chosen == webp ? Format::Webp
                                     : Format::Gif;
    if (suffix == QLatin1String("csv"))
        format = Format::Csv;
    else if (suffix == QLatin1String("gif"))
        format = Format::Gif;
    else if (suffix == QLatin1String("webp"))
        format = Format::Webp;
    return exportReplay(path, format);
}

bool ReplayExport::exportReplay(const QString& path, Format format) {
    if (!bar_->replay()) {
        reportError_(tr("Export failed"),
                     tr("%1: nothing to export: no training timeline to replay").arg(path));
        return false;
    }
    bar_->setPlaying(false);
    return format == Format::Csv ? writeCsv(path) : writeImages(path, format);
}

bool ReplayExport::writeCsv(const QString& path) {
    const TimelineReplay& shown = *bar_->replay();
    QStringList words;
    for (const std::int32_t row : shown.rows())
        words << controller_->wordAt(row);
    // The worker projects its own copy of the replay (same frames, same axes): the bar's stays
    // the GUI's.
    auto replay = std::make_shared<TimelineReplay>(shown);
    if (!writeExportWithProgressDialog(
            window_, path,
            [replay, words, path](const JobControl& control) {
                writeReplayCsv(path, *replay, words, control);
            },
            status_, reportError_))
        return false;
    status_->showMessage(
        tr("Wrote %1 frames of %2 words to %3").arg(replay->size()).arg(words.size()).arg(path),
        6000);
    return true;
}

bool ReplayExport::writeImages(const QString& path, Format format) {
    const QSize size = plotExportSize(*plot_);
    const bool animation = format == Format::Gif || format == Format::Webp;
    const std::vector<int> frames = animation ? animationFrames(bar_->frameCount(), bar_->speed())
                                              : animationFrames(bar_->frameCount(), 1.0);
    const int shownFrame = bar_->currentFrame();
    // TimelineBar::positions is not const (it projects on demand); the bar is not playing and the
    // dialog is window-modal, so nothing else asks it meanwhile.
    auto* replay = const_cast<TimelineReplay*>(bar_->replay());

    QProgressDialog progress(tr("Drawing the replay…"), tr("Cancel"), 0, int(frames.size()),
                             window_);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    bool cancelled = false;
    try {
        std::optional<GifWriter> gif;
        std::optional<WebpWriter> webp;
        if (format == Format::Gif) {
            gif.emplace(path, size, animationDelayCentiseconds(bar_->speed()));
        } else if (format == Format::Webp) {
            webp.emplace(path, size, 10 * animationDelayCentiseconds(bar_->speed()));
        } else if (!QDir().mkpath(path)) {
            throw Error(fileError(path.toStdString(), "cannot create the folder"));
        }
        for (std::size_t i = 0; i < frames.size() && !cancelled; ++i) {
            const RowMatrixXf positions = replay->positions(frames[i]);
            plot_->setTargetPositions(positions.data(), positions.rows(), 0);
            if (i == 0)  // the selected word's trail starts at the first exported frame, not where
                plot_->clearTrail();  // the plot was before the export
            const QImage image = renderPlotImage(*plot_, size);
            if (gif) {
                gif->addFrame(image);
            } else if (webp) {
                webp->addFrame(image);
            } else {
                const QString file =
                    QDir(path).filePath(sequenceFrameName(int(i), int(frames.size())));
                writePngImage(file, image);
            }
            progress.setValue(int(i) + 1);  // processes events: Cancel, repaints
            cancelled = progress.wasCanceled();
        }
        if (gif && !cancelled)
            gif->commit();
        if (webp && !cancelled)
            webp->commit();
    } catch (const std::exception& e) {
        bar_->setCurrentFrame(shownFrame);
        reportError_(tr("Export failed"), QString::fromUtf8(e.what()));
        return false;
    }
    bar_->setCurrentFrame(shownFrame);  // the plot shows the bar's frame again
    if (cancelled) {
        status_->showMessage(animation ? tr("Export cancelled; no file was changed")
                                       : tr("Export cancelled; the frames written so far stay"),
                             5000);
        return false;
    }
    status_->showMessage(tr("Wrote %1 frames of %2 x %3 to %4")
                             .arg(frames.size())
                             .arg(size.width())
                             .arg(size.height())
                             .arg(path),
                         6000);
    return true;
}

}  // namespace embedscope
