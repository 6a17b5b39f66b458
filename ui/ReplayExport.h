// File > Export > Replay… (issue 18): the training timeline the bar under the plot replays, saved
// as CSV of positions per frame, as a PNG frame sequence (a folder of frame_0001.png, …) or as an
// animated GIF or WebP. The images are the plot's own, drawn through the offscreen path of the PNG
// export (ScatterPlot::renderTo) with each frame's positions set without a glide; the GIF and the
// WebP show the frames the bar would play at its current speed, at the bar's pace
// (ReplayWriters.h).
//
// The CSV is written on a worker (runWithProgressDialog, with Cancel). The images are drawn on the
// GUI thread, since a widget paints only there: a window-modal progress dialog keeps the window
// painting between frames and its Cancel stops before the next one. Each frame is written as soon
// as it is drawn, so memory does not grow with the number of frames. When it ends the plot shows
// the bar's frame again.
#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QAction;
class QStatusBar;
class QWidget;

namespace embedscope {

class ScatterPlot;
class TimelineBar;
class TrainingController;

class ReplayExport : public QObject {
    Q_OBJECT
public:
    enum class Format { Csv, PngSequence, Gif, Webp };
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    ReplayExport(TrainingController* controller, TimelineBar* bar, ScatterPlot* plot,
                 QWidget* window, QStatusBar* status, ErrorReporter reportError);

    // File > Export > Replay…, enabled while the bar has a replay.
    QAction* action() const { return action_; }

    // Writes the replay to path (a file for CSV and GIF, a folder for the PNG sequence, made if
    // missing). False after reporting the error, or on cancel.
    bool exportReplay(const QString& path, Format format);
    // A save dialog offering the four formats; false when it was cancelled too.
    bool exportWithDialog();

    // The frames an export of this format writes (an animation's thinned by the replay speed).
    int frameCountFor(Format format) const;

private:
    bool writeCsv(const QString& path);
    bool writeImages(const QString& path, Format format);

    TrainingController* controller_;
    TimelineBar* bar_;
    ScatterPlot* plot_;
    QWidget* window_;
    QStatusBar* status_;
    ErrorReporter reportError_;
    QAction* action_;
};

}  // namespace embedscope
