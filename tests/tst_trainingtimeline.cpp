// The training timeline's recording policy: frames offered far more often than kept stay within
// the byte budget, spread evenly over the whole run, keep the first frame, and the interval grows
// by doubling as the run goes on.
#include <malloc.h>

#include <algorithm>
#include <cmath>

#include "TrainingTimeline.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::errorMessage;

namespace {

constexpr int kRows = 10;
constexpr int kDim = 8;

// A frame whose every value is its time, so a test can tell which frame's vectors it holds.
RowMatrixXf vectorsAt(double seconds) {
    return RowMatrixXf::Constant(kRows, kDim, static_cast<float>(seconds));
}

FrameMetrics metricsAt(double seconds) {
    FrameMetrics metrics;
    metrics.seconds = seconds;
    metrics.loss = 1.0 / (1.0 + seconds);
    metrics.wordsProcessed = static_cast<std::uint64_t>(seconds * 1000);
    return metrics;
}

std::vector<std::int32_t> trackedRows() {
    std::vector<std::int32_t> rows(kRows);
    for (int i = 0; i < kRows; ++i)
        rows[i] = 3 * i;
    return rows;
}

}  // namespace

class TestTrainingTimeline : public QObject {
    Q_OBJECT

private slots:
    void recordsTwentyFramesASecondAtFirst() {
        TrainingTimeline timeline(trackedRows(), kDim);
        for (int i = 0; i <= 100; ++i)  // one second, offered every 10 ms
            timeline.offer(metricsAt(i * 0.01), vectorsAt(i * 0.01));
        QVERIFY2(timeline.frames().size() >= 20,
                 qPrintable(QString::number(timeline.frames().size())));
        QCOMPARE(timeline.interval(), TrainingTimeline::kInitialInterval);
        QCOMPARE(timeline.thinnings(), 0);
    }

    void manyFramesStayWithinBudgetAndSpanTheRunEvenly() {
        const std::size_t frameBytes = kRows * kDim * sizeof(float) + sizeof(FrameMetrics);
        const std::size_t budget = 100 * frameBytes + frameBytes / 2;  // room for 100 frames
        TrainingTimeline timeline(trackedRows(), kDim, budget);
        QCOMPARE(timeline.maxFrames(), std::size_t(100));
        const int offers = 100000;  // 1000 s every 10 ms
        double lastInterval = timeline.interval();
        for (int i = 0; i < offers; ++i) {
            const double t = i * 0.01;
            if (timeline.wants(t) != timeline.offer(metricsAt(t), vectorsAt(t)))
                QFAIL(qPrintable(QStringLiteral("wants() and offer() disagree at %1 s").arg(t)));
            QVERIFY(timeline.bytes() <= budget);
            QVERIFY(timeline.frames().size() <= timeline.maxFrames());
            // The interval only ever doubles.
            if (timeline.interval() != lastInterval) {
                QCOMPARE(timeline.interval(), 2 * lastInterval);
                lastInterval = timeline.interval();
            }
        }
        const double end = (offers - 1) * 0.01;
        timeline.addFinal(metricsAt(end), vectorsAt(end));
        const auto& frames = timeline.frames();
        QVERIFY(timeline.bytes() <= budget);

        // The interval grew: 1000 s in 100 frames needs about 10 s between frames.
        QVERIFY(timeline.thinnings() > 0);
        QCOMPARE(timeline.interval(),
                 TrainingTimeline::kInitialInterval * std::pow(2.0, timeline.thinnings()));
        QVERIFY2(timeline.interval() >= 1000.0 / 100 / 2 && timeline.interval() <= 1000.0 / 100 * 2,
                 qPrintable(QString::number(timeline.interval())));
        // Between half and all of the frames the budget holds.
        QVERIFY2(frames.size() >= 50, qPrintable(QString::number(frames.size())));

        // The first frame is kept, the last is the run's end, and each frame holds its own vectors.
        QCOMPARE(frames.front().metrics.seconds, 0.0);
        QCOMPARE(frames.back().metrics.seconds, end);
        for (const TimelineFrame& frame : frames) {
            QCOMPARE(frame.vectors->rows(), Eigen::Index(kRows));
            QCOMPARE((*frame.vectors)(kRows - 1, kDim - 1),
                     static_cast<float>(frame.metrics.seconds));
            QCOMPARE(frame.metrics, metricsAt(frame.metrics.seconds));
        }

        // Evenly spread over the whole run: every gap between recorded frames (the final one
        // aside) is the interval, give or take one offer, so the start is thinned like the end.
        for (std::size_t i = 1; i + 1 < frames.size(); ++i) {
            const double gap = frames[i].metrics.seconds - frames[i - 1].metrics.seconds;
            QVERIFY2(std::abs(gap - timeline.interval()) <= 0.011,
                     qPrintable(QStringLiteral("gap %1 s before frame %2 (interval %3 s)")
                                    .arg(gap)
                                    .arg(i)
                                    .arg(timeline.interval())));
        }
        QVERIFY(end - frames[frames.size() - 2].metrics.seconds <= timeline.interval() + 0.011);
    }

    void sparseOffersAreAllKeptUntilTheBudgetIsFull() {
        TrainingTimeline timeline(trackedRows(), kDim);
        for (int i = 0; i < 50; ++i)
            QVERIFY(timeline.offer(metricsAt(i * 0.5), vectorsAt(i * 0.5)));
        // A second offer in the same slot is not kept.
        QVERIFY(!timeline.wants(49 * 0.5 + 0.01));
        QVERIFY(!timeline.offer(metricsAt(49 * 0.5 + 0.01), vectorsAt(0)));
        QCOMPARE(timeline.frames().size(), std::size_t(50));
    }

    void finalFrameReplacesAnIdenticalLastOne() {
        TrainingTimeline timeline(trackedRows(), kDim);
        timeline.offer(metricsAt(1), vectorsAt(1));
        timeline.addFinal(metricsAt(1), vectorsAt(7));
        QCOMPARE(timeline.frames().size(), std::size_t(1));
        QCOMPARE((*timeline.frames().back().vectors)(0, 0), 7.0f);
        timeline.addFinal(metricsAt(1.01), vectorsAt(1.01));
        QCOMPARE(timeline.frames().size(), std::size_t(2));
    }

    // A pause hands the recorded timeline to the timeline bar, and a save hands it to the session
    // being written: copying the frames must share their vectors, not duplicate them (a copy of a
    // 200 MB timeline on every pause and again on save could hold 2-3 times the budget). Measured
    // with glibc's allocator statistics: the copy of 200 frames of 300 x 50 (12 MB) allocates
    // about the frame headers only.
    void copyingTheFramesSharesTheirVectors() {
        constexpr int rows = 300, dim = 50, frames = 200;
        std::vector<std::int32_t> tracked(rows);
        for (int i = 0; i < rows; ++i)
            tracked[std::size_t(i)] = i;
        TrainingTimeline timeline(tracked, dim);
        for (int f = 0; f < frames; ++f)
            timeline.offer(metricsAt(f), RowMatrixXf::Constant(rows, dim, float(f)));
        QCOMPARE(timeline.frames().size(), std::size_t(frames));
        const std::size_t before = mallinfo2().uordblks;
        const auto copy = timeline.frames();
        const std::size_t allocated = mallinfo2().uordblks - before;
        qInfo("copying %zu frames (%zu bytes of vectors) allocated %zu bytes", copy.size(),
              timeline.bytes(), allocated);
        QVERIFY2(allocated < timeline.bytes() / 100, qPrintable(QString::number(allocated)));
        QCOMPARE(copy.size(), std::size_t(frames));
    }

    void refusesABudgetTooSmallAndFramesOfTheWrongShape() {
        QVERIFY(errorMessage([] {
                    TrainingTimeline(trackedRows(), kDim, 400);
                }).contains(QLatin1String("cannot hold two frames")));
        TrainingTimeline timeline(trackedRows(), kDim);
        QVERIFY(errorMessage([&] {
                    timeline.offer(metricsAt(0), RowMatrixXf::Zero(kRows, 3));
                }).contains(QLatin1String("does not match")));
    }
};

EMBEDSCOPE_TEST_MAIN(TestTrainingTimeline)
#include "tst_trainingtimeline.moc"
