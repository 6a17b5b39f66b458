// The facade between the trainer and the widgets: projections for the current tracked words only,
// stale results dropped, neighbour queries from the refreshed index, control calls, shutdown.
#include <QSignalSpy>

#include "Projection.h"
#include "TrainingController.h"
#include "uitestutil.h"

using namespace embedscope;

namespace {

TrainerOptions smallOptions(int epochs) {
    TrainerOptions options;
    options.dim = 16;
    options.epochs = epochs;
    options.threads = 2;
    return options;
}

}  // namespace

class TestTrainingController : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() { test::useTemporarySettings(dir_); }

    void projectsTheUntrainedTableForTheTrackedWords() {
        TrainingController controller;
        QSignalSpy projected(&controller, &TrainingController::frameReady);
        controller.setTrackedCount(10);
        controller.setCorpus(test::loadTopics(dir_), smallOptions(5));
        QCOMPARE(controller.state(), TrainerState::Idle);
        QCOMPARE(controller.trackedRows().size(), std::size_t(10));
        QVERIFY(projected.wait(5000));
        const auto frame = projected.last().at(0).value<std::shared_ptr<const Frame>>();
        QVERIFY(frame);
        QCOMPARE(frame, controller.lastFrame());
        // The frame names its rows: exactly the tracked rows, one 2-D position each.
        QCOMPARE(frame->rows, controller.trackedRows());
        QCOMPARE(frame->positions.rows(), Eigen::Index(10));
        QCOMPARE(frame->dims(), 2);
        QCOMPARE(frame->explained.size(), std::size_t(2));
        QVERIFY(frame->explained[0] >= frame->explained[1] && frame->explained[1] > 0);
        // The positions are the PCA of exactly those rows of the table.
        const RowMatrixXf table = controller.trainer()->inputVectors();
        RowMatrixXf tracked(10, table.cols());
        for (int i = 0; i < 10; ++i)
            tracked.row(i) = table.row(frame->rows[i]);
        Projection reference;
        const ProjectionFrame expected = reference.project(tracked);
        for (int i = 0; i < 10; ++i)
            for (int c = 0; c < 2; ++c)
                QVERIFY(std::abs(std::abs(frame->positions(i, c)) -
                                 std::abs(expected.points(i, c))) < 1e-3f);
    }

    // The Inspector's rows of a running table are read by the projection job, never on the GUI
    // thread: asking returns nothing at first, and inspectedRowsReady follows with them. A table
    // that does not change (not running) is copied at once.
    void inspectedRowsOfARunningTableArriveFromTheWorker() {
        TrainingController controller;
        controller.setCorpus(test::loadTopics(dir_), smallOptions(400));
        const std::vector<std::int32_t> rows{3, 1, 4};
        const auto idle = controller.inspectRows(rows);
        QVERIFY(idle);
        QCOMPARE(idle->rows, rows);
        QSignalSpy ready(&controller, &TrainingController::inspectedRowsReady);
        controller.start();
        QCOMPARE(controller.state(), TrainerState::Running);
        QVERIFY(!controller.inspectRows(rows));
        QVERIFY(ready.wait(5000));
        const auto snapshot = controller.inspectRows(rows);
        QVERIFY(snapshot);
        QCOMPARE(snapshot->rows, rows);
        QCOMPARE(snapshot->vectors.rows(), Eigen::Index(3));
        controller.stop();
    }

    void dropsProjectionsForEarlierWordSets() {
        TrainingController controller;
        controller.setCorpus(test::loadTopics(dir_), smallOptions(200));
        QVector<int> sizes;
        QVector<int> expected;
        connect(&controller, &TrainingController::frameReady, this,
                [&](std::shared_ptr<const Frame> frame) {
                    sizes << int(frame->positions.rows());
                    expected << int(controller.trackedRows().size());
                    QCOMPARE(frame->rows, controller.trackedRows());
                });
        controller.start();
        // Change the word set repeatedly while projections are in flight: every delivered frame
        // must match the word set current at delivery.
        for (int count : {5, 12, 3, 20, 7}) {
            controller.setTrackedCount(count);
            QTest::qWait(30);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!sizes.isEmpty() && sizes.last() == 7, 5000);
        QCOMPARE(sizes, expected);
        controller.stop();
        // On a slow (busy) machine the waits above can outlast the training run itself.
        QVERIFY(controller.state() == TrainerState::Stopped ||
                controller.state() == TrainerState::Finished);
    }

    void trackedWordListSkipsUnknownWords() {
        TrainingController controller;
        controller.setCorpus(test::loadTopics(dir_), smallOptions(5));
        const int found = controller.setTrackedWords(
            {QStringLiteral("red"), QStringLiteral("dog"), QStringLiteral("zebra"),
             QStringLiteral("red"), QStringLiteral("cat")});
        QCOMPARE(found, 3);
        QVERIFY(controller.usesTrackedWordList());
        QVERIFY(!controller.trackedListFellBack());
        QCOMPARE(controller.missingTrackedWords(), QStringList{QStringLiteral("zebra")});
        QStringList words;
        for (std::int32_t row : controller.trackedRows())
            words << controller.wordAt(row);
        QCOMPARE(words.size(), 3);
        QVERIFY(words.contains(QStringLiteral("red")));
        QVERIFY(words.contains(QStringLiteral("dog")));
        QVERIFY(words.contains(QStringLiteral("cat")));
        // Most frequent first, as the plot's label priority expects.
        QVERIFY(std::is_sorted(controller.trackedRows().begin(), controller.trackedRows().end()));

        // Too few known words for a projection: the most frequent words instead.
        QCOMPARE(controller.setTrackedWords({QStringLiteral("red"), QStringLiteral("zebra")}), 1);
        QVERIFY(controller.trackedListFellBack());
        QCOMPARE(controller.trackedRows().size(), std::size_t(28));
    }

    void neighboursComeFromTheRefreshedIndex() {
        TrainingController controller;
        controller.setCorpus(test::loadTopics(dir_), smallOptions(30));
        QSignalSpy finished(&controller, &TrainingController::trainingFinished);
        controller.start();
        QVERIFY(finished.wait(60000));
        QCOMPARE(controller.state(), TrainerState::Finished);
        // The final index is built when training ends.
        QTRY_VERIFY_WITH_TIMEOUT(controller.neighbourIndex() &&
                                     controller.neighbourIndex()->size() == 28 &&
                                     controller.progress().wordsProcessed > 0,
                                 5000);
        QSignalSpy indexed(&controller, &TrainingController::neighbourIndexChanged);
        controller.refreshNow();
        QVERIFY(indexed.wait(5000));
        // After training, a colour's nearest words are colours.
        const QStringList colours = {QStringLiteral("red"),    QStringLiteral("green"),
                                     QStringLiteral("blue"),   QStringLiteral("yellow"),
                                     QStringLiteral("purple"), QStringLiteral("orange"),
                                     QStringLiteral("pink"),   QStringLiteral("brown")};
        const auto near = controller.nearest(controller.indexOf(QStringLiteral("red")), 3);
        QCOMPARE(near.size(), std::size_t(3));
        for (const Neighbour& n : near)
            QVERIFY2(colours.contains(controller.wordAt(n.index)),
                     qPrintable(controller.wordAt(n.index)));
        const auto answers = controller.analogy(controller.indexOf(QStringLiteral("dog")),
                                                controller.indexOf(QStringLiteral("cat")),
                                                controller.indexOf(QStringLiteral("red")), 5);
        QCOMPARE(answers.size(), std::size_t(5));
        QVERIFY(controller.nearest(-1, 3).empty());
    }

    void learningRateChangeKeepsTheTable() {
        TrainingController controller;
        controller.setCorpus(test::loadTopics(dir_), smallOptions(1000));
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainerState::Paused, 5000);
        const std::uint64_t generation = controller.trainerGeneration();
        TrainerOptions options = controller.options();
        options.learningRate = 0.005;
        QVERIFY(!controller.needsNewTable(options));
        controller.setOptions(options);
        QCOMPARE(controller.trainerGeneration(), generation);
        controller.resume();
        QTRY_VERIFY_WITH_TIMEOUT(
            controller.progress().learningRate <= 0.005 && controller.progress().learningRate > 0,
            5000);
        options.window = 2;
        QVERIFY(controller.needsNewTable(options));
        controller.setOptions(options);
        QVERIFY(controller.trainerGeneration() != generation);
        QCOMPARE(controller.state(), TrainerState::Idle);
        // The line order changes the run too: the new trainer reads the lines the new way.
        options.shuffleLines = !options.shuffleLines;
        QVERIFY(controller.needsNewTable(options));
        controller.setOptions(options);
        QCOMPARE(controller.trainer()->options().shuffleLines, options.shuffleLines);
    }

    void aNewTrainerIsOneGeneration() {
        // A new corpus or options that need a new table replace the trainer once: one new
        // trainer generation, and one new frame generation (the plotted rows stay the same).
        TrainingController controller;
        controller.setCorpus(test::loadTopics(dir_), smallOptions(30));
        auto nextFrameGeneration = [&controller] {
            QSignalSpy frames(&controller, &TrainingController::frameReady);
            if (!frames.wait(5000))
                return std::uint64_t(0);
            return frames.last()
                .at(0)
                .value<std::shared_ptr<const embedscope::Frame>>()
                ->generation;
        };
        const std::uint64_t firstFrame = nextFrameGeneration();
        QVERIFY(firstFrame > 0);
        const std::uint64_t generation = controller.trainerGeneration();

        controller.setCorpus(test::loadTopics(dir_), smallOptions(30));
        QCOMPARE(controller.trainerGeneration(), generation + 1);
        QCOMPARE(nextFrameGeneration(), firstFrame + 1);

        TrainerOptions options = controller.options();
        options.window = 2;
        controller.setOptions(options);
        QCOMPARE(controller.trainerGeneration(), generation + 2);
        QCOMPARE(nextFrameGeneration(), firstFrame + 2);
    }

    void destroyingWhileRunningJoins() {
        auto controller = std::make_unique<TrainingController>();
        controller->setCorpus(test::loadTopics(dir_), smallOptions(1000));
        controller->setTrackedCount(28);
        QSignalSpy progress(controller.get(), &TrainingController::progressChanged);
        controller->start();
        QVERIFY(progress.wait(5000));
        controller.reset();  // must stop and join the workers and the projection jobs
        QTest::qWait(100);   // queued deliveries addressed to it are dropped with it
    }
};

EMBEDSCOPE_TEST_MAIN(TestTrainingController)
#include "tst_trainingcontroller.moc"
