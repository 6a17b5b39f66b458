// Trails of selected words over the replayed span (issue 18): a small run is recorded, two
// words are selected besides the Inspector's, the timeline is scrubbed from frame a to frame b,
// and the plot holds each of those words' trail: its positions in frames a..b as the replay
// projects them (on fixed axes, then aligned per frame), drawn over the plot. Play starts a span
// of its own; a new table clears the trails.
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <algorithm>
#include <cmath>

#include "MainWindow.h"
#include "PlotArea.h"
#include "ScatterPlot.h"
#include "SelectionActions.h"
#include "TimelineBar.h"
#include "TimelineRecorder.h"
#include "TrainingController.h"
#include "TrainingPanel.h"
#include "VectorFormats.h"
#include "WordSelection.h"
#include "uitestutil.h"

using namespace embedscope;
using namespace embedscope::test;

namespace {

// The plot's replay trail of table row `row`, or null.
const PlotTrailPath* trailOf(const ScatterPlot& plot, std::int32_t row) {
    for (const PlotTrailPath& trail : plot.replayTrails())
        if (plot.words()[trail.index].vocabIndex == row)
            return &trail;
    return nullptr;
}

// Whether trail holds row's positions in frames from..to (either order) as replay projects them.
QString trailMismatch(const PlotTrailPath& trail, TimelineReplay& replay, std::int32_t row,
                      int from, int to) {
    const auto member = std::find(replay.rows().begin(), replay.rows().end(), row);
    if (member == replay.rows().end())
        return QStringLiteral("row %1 is not tracked").arg(row);
    const auto m = Eigen::Index(member - replay.rows().begin());
    if (trail.points.size() != std::abs(to - from) + 1)
        return QStringLiteral("%1 points for frames %2..%3")
            .arg(trail.points.size())
            .arg(from)
            .arg(to);
    const int step = to >= from ? 1 : -1;
    for (int k = 0; k < trail.points.size(); ++k) {
        const RowMatrixXf positions = replay.positions(from + step * k);
        const QPointF expected(positions(m, 0), positions(m, 1));
        if (QLineF(trail.points[k], expected).length() > 1e-4)
            return QStringLiteral("frame %1: (%2, %3) instead of (%4, %5)")
                .arg(from + step * k)
                .arg(trail.points[k].x())
                .arg(trail.points[k].y())
                .arg(expected.x())
                .arg(expected.y());
    }
    return {};
}

}  // namespace

class TestReplayTrailsGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QTemporaryDir settingsDir_;
    QStringList errors_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        useTemporarySettings(settingsDir_);
    }

    void trailsFollowTheReplayedSpan() {
        const QString corpus = writeFile(dir_, QStringLiteral("topics.txt"), topicCorpus());
        auto window = newQuietWindow(errors_);
        showExposed(*window, {1100, 750});
        QSignalSpy loaded(window.get(), &MainWindow::corpusLoaded);
        window->openCorpus(corpus);
        QVERIFY(loaded.wait(10000));
        TrainerOptions options = window->trainingPanel()->options();
        options.dim = 12;
        options.epochs = 5000;  // stopped once the timeline holds a dozen frames
        window->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        QSignalSpy finished(window->controller(), &TrainingController::trainingFinished);
        window->controller()->start();
        const TimelineRecorder* recorder = window->timelineRecorder();
        QTRY_VERIFY_WITH_TIMEOUT(
            recorder->timeline() && recorder->timeline()->frames().size() >= 12, 60000);
        window->controller()->stop();
        QVERIFY(finished.count() == 1 || finished.wait(60000));
        TimelineBar* bar = window->timelineBar();
        QTRY_VERIFY_WITH_TIMEOUT(bar->frameCount() > 0, 5000);
        const int frames = bar->frameCount();
        QVERIFY2(frames >= 12, qPrintable(QString::number(frames)));
        ScatterPlot* plot = window->plot();
        QVERIFY(!plot->showingReplayTrails());  // the run's end: no replay yet

        // The Inspector's word and two selected ones, all tracked.
        const std::vector<std::int32_t> tracked = window->controller()->trackedRows();
        QVERIFY(tracked.size() > 8);
        const std::vector<std::int32_t> picked = {tracked[3], tracked[7]};
        window->selectionActions()->selection()->select(picked);
        const std::int32_t inspected = tracked[1];
        window->selectRow(inspected);
        QCOMPARE(window->plotArea()->trailRows(),
                 (std::vector<std::int32_t>{inspected, picked[0], picked[1]}));

        // Scrub from a (marked) to b with the arrow keys.
        const int a = 1, b = frames - 2;
        bar->setCurrentFrame(a);
        bar->markTrailStart(true);
        QVERIFY(bar->trailStartButton()->isChecked());
        QCOMPARE(bar->trailStart(), a);
        bar->slider()->setFocus();
        for (int f = a; f < b; ++f)
            QTest::keyClick(bar->slider(), Qt::Key_Right);
        QCOMPARE(bar->currentFrame(), b);
        QVERIFY(plot->showingReplayTrails());
        QCOMPARE(plot->replayTrails().size(), 3);
        for (const ReplayAxes axes : {ReplayAxes::Fixed, ReplayAxes::Aligned}) {
            bar->setReplayAxes(axes);  // shows the frame again, its trails in that projection
            TimelineReplay replay = *bar->replay();  // a copy projects the same on its own
            QCOMPARE(replay.axes(), axes);
            for (const std::int32_t row : {inspected, picked[0], picked[1]}) {
                const PlotTrailPath* trail = trailOf(*plot, row);
                QVERIFY(trail);
                const QString mismatch = trailMismatch(*trail, replay, row, a, b);
                QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
            }
        }
        bar->setReplayAxes(ReplayAxes::Fixed);

        // They are drawn: the picture without them (a span of one frame) differs.
        QTRY_VERIFY_WITH_TIMEOUT(!plot->isAnimating(), 5000);
        const QImage withTrails = plot->grab().toImage();
        bar->markTrailStart(true);  // here: trails of one frame
        QCOMPARE(plot->replayTrails().front().points.size(), 1);
        const QImage without = plot->grab().toImage();
        QVERIFY(withTrails != without);

        // Unmarked, play starts the span: from frame 2 to the end.
        bar->markTrailStart(false);
        QVERIFY(!bar->trailStartButton()->isChecked());
        bar->setCurrentFrame(2);
        bar->setSpeed(4);
        bar->setPlaying(true);
        QTRY_VERIFY_WITH_TIMEOUT(!bar->isPlaying(), 10000);
        QCOMPARE(bar->trailStart(), 2);
        QCOMPARE(bar->currentFrame(), frames - 1);
        {
            TimelineReplay replay = *bar->replay();
            const PlotTrailPath* trail = trailOf(*plot, picked[1]);
            QVERIFY(trail);
            const QString mismatch = trailMismatch(*trail, replay, picked[1], 2, frames - 1);
            QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        }
        // Grabbing the slider starts a span there, and scrubbing back draws the way back.
        emit bar->slider()->sliderPressed();
        bar->setCurrentFrame(frames - 4);
        {
            TimelineReplay replay = *bar->replay();
            const PlotTrailPath* trail = trailOf(*plot, picked[0]);
            QVERIFY(trail);
            const QString mismatch =
                trailMismatch(*trail, replay, picked[0], frames - 1, frames - 4);
            QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        }
        // A word leaving the selection loses its trail.
        window->selectionActions()->selection()->select({picked[1]});
        QVERIFY(!trailOf(*plot, picked[0]));
        QVERIFY(trailOf(*plot, picked[1]));

        // A new table: no trails.
        const QString vectors = dir_.filePath(QStringLiteral("other.csv"));
        WordVectors other;
        other.vectors = RowMatrixXf::Random(30, 4);
        for (int r = 0; r < 30; ++r)
            other.words.push_back("v" + std::to_string(r));
        writeVectors(vectors.toStdString(), other, VectorFormat::Csv);
        QSignalSpy opened(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(opened.wait(10000));
        QVERIFY(!plot->showingReplayTrails());
        QVERIFY(plot->replayTrails().isEmpty());
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
    }
};

EMBEDSCOPE_TEST_MAIN(TestReplayTrailsGui)
#include "tst_replaytrails_gui.moc"
