// embedscope-bench replay [--frames N] [--words W] [--dim D] [--axes fixed|aligned] [--trails T]
//
// Scrubbing a training timeline (issue 18: at most 16 ms a frame). Writes a session of N frames
// (default 1,000) of W tracked words (300) x D dimensions (100), each frame a small random step
// from the one before, opens it in the real MainWindow (offscreen unless DISPLAY is set), and
// then steps the timeline bar through every frame as a scrubbing user does: the frame's
// projection onto the final frame's axes, the plot's new positions and a synchronous repaint of
// the plot. The reference, measured in the same run, is the repaint alone on the same frames
// (what any frame costs to draw), so `scrub_over_paint` is the replay's own overhead as a ratio.
// --axes aligned scrubs the per-frame aligned projection instead of the fixed axes: each frame
// met for the first time costs its own PCA (the scrub goes forward from the first frame, as
// playing does). Choosing aligned with the cursor at the last frame, which projects every frame
// on the way, is timed apart (`first_jump_ms`).
// --trails T then selects T tracked words, marks the trail start at the first frame and scrubs
// every frame again: each frame now also gets the T words' trails from the first frame to it
// (ReplayTrails, TimelineBar) and paints them; `trails_over_scrub` is that scrub's median over
// the plain scrub's, in the same run.
// Prints one JSON object.
#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "MainWindow.h"
#include "ScatterPlot.h"
#include "SelectionActions.h"
#include "SessionActions.h"
#include "SessionFile.h"
#include "TimelineBar.h"
#include "WordSelection.h"

namespace embedscope::bench {

namespace {

const char* const kUsage =
    "usage: embedscope-bench replay [--frames N] [--words W] [--dim D] [--axes fixed|aligned] "
    "[--trails T]";

// A session whose tracked words take a random walk from a small random start.
Session walkingSession(int frames, int words, int dim) {
    Session session;
    session.source = {"corpus", "", 0, 0};
    std::mt19937 random(1);
    std::normal_distribution<float> step(0.0f, 0.05f);
    RowMatrixXf current(words, dim);
    for (Eigen::Index i = 0; i < current.size(); ++i)
        current.data()[i] = 0.01f * step(random);
    for (int f = 0; f < frames; ++f) {
        for (Eigen::Index i = 0; i < current.size(); ++i)
            current.data()[i] += step(random);
        TimelineFrame frame;
        frame.metrics.seconds = 0.05 * f;
        frame.metrics.epoch = 1;
        frame.vectors = std::make_shared<const RowMatrixXf>(current);
        session.frames.push_back(std::move(frame));
    }
    session.vectors.vectors = current;
    for (int r = 0; r < words; ++r) {
        session.vectors.words.push_back("w" + std::to_string(r));
        session.trackedRows.push_back(r);
    }
    return session;
}

}  // namespace

int benchReplay(const Args& args) {
    long long frames = 1000, words = 300, dim = 100, trails = 0;
    std::string axes = "fixed";
    std::string positional;
    forEachOption(args, kUsage, positional, [&](const std::string& name, const std::string& v) {
        if (name == "--frames")
            frames = integerArgument(name, v, 2, 100000);
        else if (name == "--words")
            words = integerArgument(name, v, 3, 100000);
        else if (name == "--dim")
            dim = integerArgument(name, v, 2, 10000);
        else if (name == "--trails")
            trails = integerArgument(name, v, 0, 1000);
        else if (name == "--axes" && (v == "fixed" || v == "aligned"))
            axes = v;
        else
            return false;
        return true;
    });
    if (!positional.empty())
        throw std::runtime_error(kUsage);

    QTemporaryDir dir;
    QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeBench"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    const QString path = dir.filePath(QStringLiteral("replay.embedscope"));
    writeSession(path.toStdString(), walkingSession(int(frames), int(words), int(dim)));

    MainWindow window;
    window.setErrorHandler([](const QString&, const QString& message) {
        throw std::runtime_error(message.toStdString());
    });
    window.resize(1400, 900);
    window.show();
    // The session is read in the background: wait until it is shown.
    const auto open = [&window, &path] {
        bool opened = false;
        const QMetaObject::Connection connection = QObject::connect(
            window.sessions(), &SessionActions::sessionOpened, [&opened] { opened = true; });
        if (!window.sessions()->openSession(path))
            throw std::runtime_error("the session did not open");
        QElapsedTimer waited;
        waited.start();
        while (!opened && waited.elapsed() < 60000)
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
        QObject::disconnect(connection);
        if (!opened)
            throw std::runtime_error("the session did not open within 60 s");
        QApplication::processEvents();
    };
    open();
    TimelineBar* bar = window.timelineBar();
    ScatterPlot* plot = window.plot();
    if (!plot->isVisible() || plot->width() < 100)
        throw std::runtime_error("the plot is not shown");

    std::vector<double> scrub, paint;
    QElapsedTimer timer;
    double firstJumpMs = 0;
    if (axes == "aligned") {
        // The jump first on a replay of its own, then the scrub on a fresh one (nothing cached).
        // The cursor starts at the last frame: choosing aligned projects every frame up to it.
        timer.start();
        bar->setReplayAxes(ReplayAxes::Aligned);
        firstJumpMs = double(timer.nsecsElapsed()) / 1e6;
        open();
    }
    for (int pass = 0; pass < 2; ++pass) {
        for (int f = 0; f < bar->frameCount(); ++f) {
            timer.start();
            if (pass == 0)
                bar->setCurrentFrame(f);
            plot->repaint();
            QApplication::processEvents();
            (pass == 0 ? scrub : paint).push_back(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    std::vector<double> trailed;
    if (trails > 0) {
        std::vector<std::int32_t> rows;
        for (int r = 0; r < std::min<long long>(trails, words); ++r)
            rows.push_back(std::int32_t(r * words / std::min<long long>(trails, words)));
        window.selectionActions()->selection()->select(rows);
        bar->setCurrentFrame(0);
        bar->markTrailStart(true);
        for (int f = 0; f < bar->frameCount(); ++f) {
            timer.start();
            bar->setCurrentFrame(f);
            plot->repaint();
            QApplication::processEvents();
            trailed.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        if (plot->replayTrails().isEmpty())
            throw std::runtime_error("the plot does not show the trails");
    }
    // The selected words and the Inspector's (if tracked), at most ReplayTrails::kMaxWords.
    const long long trailedWords = plot->replayTrails().size();
    const double scrubMedian = percentile(scrub, 0.5);
    const double paintMedian = percentile(paint, 0.5);
    const double trailedMedian = trailed.empty() ? 0.0 : percentile(trailed, 0.5);
    std::printf(
        "{\"bench\":\"replay\",%s,\"load\":%.2f,\"frames\":%d,\"words\":%lld,\"dim\":%lld,"
        "\"axes\":\"%s\",\"scrub_median_ms\":%.3f,\"scrub_p95_ms\":%.3f,\"scrub_max_ms\":%.3f,"
        "\"paint_median_ms\":%.3f,\"scrub_over_paint\":%.2f,\"first_jump_ms\":%.1f,"
        "\"trailed_words\":%lld,\"scrub_trails_median_ms\":%.3f,\"scrub_trails_p95_ms\":%.3f,"
        "\"scrub_trails_max_ms\":%.3f,\"trails_over_scrub\":%.2f}\n",
        cpuJsonField().c_str(), loadAverage(), bar->frameCount(), words, dim, axes.c_str(),
        scrubMedian, percentile(scrub, 0.95), percentile(scrub, 1.0), paintMedian,
        paintMedian > 0 ? scrubMedian / paintMedian : 0.0, firstJumpMs, trailedWords, trailedMedian,
        trailed.empty() ? 0.0 : percentile(trailed, 0.95),
        trailed.empty() ? 0.0 : percentile(trailed, 1.0),
        scrubMedian > 0 && !trailed.empty() ? trailedMedian / scrubMedian : 0.0);
    return 0;
}

}  // namespace embedscope::bench
