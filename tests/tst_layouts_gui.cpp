// Issue 17 in the window: PCA, t-SNE, UMAP, custom axes and 3-D on loaded vectors and on the
// built-in kind of corpus; cancelling and pausing a running layout; 3-D picking; unknown words in
// custom axes named.
#include <QAction>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

#include "LayoutControls.h"
#include "MainWindow.h"
#include "PlotArea.h"
#include "PlotView3D.h"
#include "ScatterPlot.h"
#include "TrainingController.h"
#include "VectorFormats.h"
#include "uitestutil.h"

using namespace embedscope;
using namespace embedscope::test;

namespace {

// Three clusters of 20 words in 24-D around well separated centres, with deterministic noise.
WordVectors threeClusters() {
    WordVectors result;
    const int perCluster = 20, dim = 24;
    result.vectors.resize(3 * perCluster, dim);
    std::uint64_t state = 11;
    const auto noise = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<float>((state >> 40) % 1000) / 1000.0f - 0.5f;
    };
    const char* names[] = {"animal", "colour", "number"};
    for (int c = 0; c < 3; ++c)
        for (int i = 0; i < perCluster; ++i) {
            const int row = c * perCluster + i;
            result.words.push_back(std::string(names[c]) + std::to_string(i));
            for (int d = 0; d < dim; ++d)
                result.vectors(row, d) = (d % 3 == c ? 3.0f : 0.0f) + 0.5f * noise();
        }
    return result;
}

int clusterOfRow(std::int32_t row) {
    return row / 20;
}

// The share of points whose nearest other point in the layout is of their own cluster.
double sameClusterNearest(const Frame& frame) {
    int same = 0;
    for (Eigen::Index i = 0; i < frame.positions.rows(); ++i) {
        float best = INFINITY;
        Eigen::Index nearest = -1;
        for (Eigen::Index j = 0; j < frame.positions.rows(); ++j)
            if (j != i) {
                const float d = (frame.positions.row(i) - frame.positions.row(j)).squaredNorm();
                if (d < best) {
                    best = d;
                    nearest = j;
                }
            }
        same += clusterOfRow(frame.rows[i]) == clusterOfRow(frame.rows[nearest]);
    }
    return double(same) / double(frame.positions.rows());
}

}  // namespace

class TestLayoutsGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QTemporaryDir settingsDir_;
    QStringList errors_;

    std::unique_ptr<MainWindow> windowOnVectors() {
        auto window = std::make_unique<MainWindow>();
        window->setErrorHandler(
            [this](const QString&, const QString& message) { errors_ << message; });
        window->setConfirmer([](const QString&) { return true; });
        const QString path = dir_.filePath(QStringLiteral("clusters.vec"));
        writeVectors(path.toStdString(), threeClusters(), VectorFormat::Word2VecText);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(path);
        if (!loaded.wait(10000))
            return nullptr;
        return window;
    }

    // Waits for a final frame of the method (the layout job idle) and returns it.
    static std::shared_ptr<const Frame> finalFrame(MainWindow& window, LayoutMethod method) {
        TrainingController* controller = window.controller();
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60000) {
            const auto frame = controller->lastFrame();
            if (frame && frame->method == method && !controller->layouts().running())
                return frame;
            QTest::qWait(20);
        }
        return nullptr;
    }

private slots:
    void initTestCase() { useTemporarySettings(settingsDir_); }
    void init() { errors_.clear(); }

    void switchesEveryLayoutOnLoadedVectors() {
        auto window = windowOnVectors();
        QVERIFY(window);
        LayoutControls* controls = window->layoutControls();
        TrainingController* controller = window->controller();
        const auto pca = finalFrame(*window, LayoutMethod::Pca);
        QVERIFY(pca);
        QCOMPARE(pca->size(), Eigen::Index(60));

        QSignalSpy frames(controller, &TrainingController::frameReady);
        controls->tsneAction()->trigger();
        const auto tsne = finalFrame(*window, LayoutMethod::Tsne);
        QVERIFY(tsne);
        QCOMPARE(tsne->rows, controller->trackedRows());
        QCOMPARE(tsne->dims(), 2);
        QCOMPARE(tsne->layout.iteration, tsne->layout.iterations);
        QVERIFY(frames.count() >= 1);
        QVERIFY2(sameClusterNearest(*tsne) > 0.95,
                 qPrintable(QString::number(sameClusterNearest(*tsne))));
        QCOMPARE(window->plot()->words().size(), 60);
        QVERIFY(controls->statusLabel()->text().contains(QLatin1String("t-SNE")));

        controls->umapAction()->trigger();
        const auto umap = finalFrame(*window, LayoutMethod::Umap);
        QVERIFY(umap);
        QVERIFY(sameClusterNearest(*umap) > 0.95);

        controls->pcaAction()->trigger();
        controls->threeDAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(controller->lastFrame() && controller->lastFrame()->dims() == 3,
                                 5000);
        QVERIFY(window->plotArea()->showing3d());
        QCOMPARE(controller->lastFrame()->explained.size(), std::size_t(3));

        controls->threeDAction()->trigger();  // back to 2-D
        QString error;
        QVERIFY2(controls->chooseAxes(QStringLiteral("animal0:colour0"),
                                      QStringLiteral("number1,number2:animal3"), &error),
                 qPrintable(error));
        const auto axes = finalFrame(*window, LayoutMethod::Axes);
        QVERIFY(axes);
        QCOMPARE(axes->dims(), 2);
        QVERIFY(!window->plotArea()->showing3d());
        // colour0 sits at the "to" end of x, animal0 at the "from" end.
        QVERIFY(axes->positions(20, 0) > axes->positions(0, 0));
        QCOMPARE(PlotArea::axisTitle(*axes, 0).left(19), QString::fromUtf8("animal0 → colour0 ("));
        QVERIFY(errors_.isEmpty());
    }

    // The same switches on the built-in corpus after a step of training (a paused run): every
    // method lays out the plotted words, 3-D for PCA and t-SNE, custom axes on its own words.
    void switchesEveryLayoutOnTheBuiltInCorpus() {
        MainWindow window;
        window.setErrorHandler(
            [this](const QString&, const QString& message) { errors_ << message; });
        window.setConfirmer([](const QString&) { return true; });
        QSignalSpy loaded(&window, &MainWindow::corpusLoaded);
        window.openDefaultCorpus(false);
        QVERIFY(loaded.wait(10000));
        TrainingController* controller = window.controller();
        LayoutControls* controls = window.layoutControls();
        QTRY_VERIFY_WITH_TIMEOUT(window.actions().step->isEnabled(), 5000);
        window.actions().step->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), TrainerState::Paused, 5000);
        if (controls->threeDAction()->isChecked())  // remembered from an earlier test
            controls->threeDAction()->trigger();
        const auto pca = finalFrame(window, LayoutMethod::Pca);
        QVERIFY(pca);
        const Eigen::Index plotted = pca->size();
        QVERIFY(plotted >= 20);

        for (auto [action, method] : {std::pair{controls->tsneAction(), LayoutMethod::Tsne},
                                      std::pair{controls->umapAction(), LayoutMethod::Umap}}) {
            action->trigger();
            const auto frame = finalFrame(window, method);
            QVERIFY(frame);
            QCOMPARE(frame->size(), plotted);
            QCOMPARE(frame->rows, controller->trackedRows());
            QVERIFY(frame->positions.allFinite());
            QVERIFY(!controller->layouts().layoutIsStale());
        }
        controls->tsneAction()->trigger();
        controls->threeDAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            controller->lastFrame() && controller->lastFrame()->method == LayoutMethod::Tsne &&
                controller->lastFrame()->dims() == 3 && !controller->layouts().running(),
            60000);
        QVERIFY(window.plotArea()->showing3d());
        controls->pcaAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(controller->lastFrame() &&
                                     controller->lastFrame()->method == LayoutMethod::Pca &&
                                     controller->lastFrame()->dims() == 3,
                                 10000);
        controls->threeDAction()->trigger();  // back to 2-D

        const std::vector<std::string>& words = controller->source()->words();
        const QString x = QString::fromStdString(words[0] + ":" + words[1]);
        const QString y = QString::fromStdString(words[2] + "," + words[3] + ":" + words[4]);
        QString error;
        QVERIFY2(controls->chooseAxes(x, y, &error), qPrintable(error));
        const auto axes = finalFrame(window, LayoutMethod::Axes);
        QVERIFY(axes);
        QCOMPARE(axes->size(), plotted);
        QVERIFY2(PlotArea::axisTitle(*axes, 0).startsWith(
                     QString::fromStdString(words[0] + " → " + words[1] + " (")),
                 qPrintable(PlotArea::axisTitle(*axes, 0)));
        controls->pcaAction()->trigger();
        QVERIFY(errors_.isEmpty());
    }

    void anotherLayoutForgetsTheLastFrame() {
        // Until the new layout's first frame arrives, the scheduler has no frame: the previous
        // layout's (2-D here) is not offered as the 3-D one's.
        auto window = windowOnVectors();
        QVERIFY(window);
        TrainingController* controller = window->controller();
        QVERIFY(finalFrame(*window, LayoutMethod::Pca));
        QCOMPARE(controller->lastFrame()->dims(), 2);
        LayoutOptions options = controller->layouts().layout();
        options.dims = 3;
        controller->layouts().setLayout(options);
        QVERIFY(!controller->lastFrame());
        QTRY_VERIFY_WITH_TIMEOUT(controller->lastFrame(), 5000);
        QCOMPARE(controller->lastFrame()->dims(), 3);
    }

    void customAxesWithUnknownWordsSayWhich() {
        auto window = windowOnVectors();
        QVERIFY(window);
        QString error;
        QVERIFY(!window->layoutControls()->chooseAxes(QStringLiteral("animal0:zebra"),
                                                      QStringLiteral("quux:colour1"), &error));
        QVERIFY2(error.contains(QLatin1String("zebra")) && error.contains(QLatin1String("quux")),
                 qPrintable(error));
        QCOMPARE(window->controller()->layouts().layout().method, LayoutMethod::Pca);  // unchanged
        QVERIFY(!window->layoutControls()->chooseAxes(QStringLiteral("animal0"),
                                                      QStringLiteral("a:b"), &error));
        QVERIFY2(error.contains(QLatin1String("FROM:TO")), qPrintable(error));
    }

    void cancelsAndPausesARunningLayout() {
        auto window = windowOnVectors();
        QVERIFY(window);
        TrainingController* controller = window->controller();
        LayoutOptions slow = controller->layouts().layout();
        slow.method = LayoutMethod::Tsne;
        slow.iterations = 1000000;  // would run for minutes
        controller->layouts().setLayout(slow);
        QTRY_VERIFY_WITH_TIMEOUT(
            controller->lastFrame() && controller->lastFrame()->method == LayoutMethod::Tsne,
            10000);
        QVERIFY(controller->layouts().running());
        // Pause: the iteration stops moving.
        window->layoutControls()->pauseAction()->setChecked(true);
        QTest::qWait(200);
        const int pausedAt = controller->lastFrame()->layout.iteration;
        QTest::qWait(300);
        QCOMPARE(controller->lastFrame()->layout.iteration, pausedAt);
        QVERIFY(window->layoutControls()->statusLabel()->text().contains(QLatin1String("paused")));
        // Another method cancels it at once (paused or not), and the scheduler says so.
        QSignalSpy finished(&controller->layouts(), &LayoutScheduler::finished);
        window->layoutControls()->pcaAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!controller->layouts().running(), 5000);
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);  // cancelled
        QVERIFY(finished.at(0).at(1).toString().isEmpty());
        QVERIFY(finalFrame(*window, LayoutMethod::Pca));
    }

    void threeDimensionalPickingSelectsTheWord() {
        auto window = windowOnVectors();
        QVERIFY(window);
        window->resize(900, 700);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->layoutControls()->threeDAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window->plotArea()->showing3d(), 5000);
        PlotView3D* view = window->plotArea()->plot3d();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isAnimating(), 5000);
        const int index = 25;
        const ScreenPoint where = view->screenPosition(index);
        QVERIFY(where.visible);
        QCOMPARE(view->pointAt(QPointF(where.x, where.y)), index);
        QTest::mouseClick(view, Qt::LeftButton, {},
                          QPoint(int(std::lround(where.x)), int(std::lround(where.y))));
        QCOMPARE(view->selectedIndex(), index);
        QCOMPARE(window->controller()->trackedRows()[index], 25);
        // The camera turns with a drag and R resets it.
        const double yaw = view->camera().yaw();
        QTest::mousePress(view, Qt::LeftButton, {}, QPoint(100, 100));
        QMouseEvent move(QEvent::MouseMove, QPointF(160, 100), view->mapToGlobal(QPointF(160, 100)),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view, &move);
        QTest::mouseRelease(view, Qt::LeftButton, {}, QPoint(160, 100));
        QVERIFY(std::abs(view->camera().yaw() - yaw) > 1e-3);
        QTest::keyClick(view, Qt::Key_R);
        QVERIFY(std::abs(view->camera().yaw() - yaw) < 1e-6);
    }

    // View > Layout > Principal components: PC3 on x and PC1 on y; a refused choice changes
    // nothing; 3-D adds the first unused component; the choice is remembered.
    void choosesThePrincipalComponents() {
        auto window = windowOnVectors();
        QVERIFY(window);
        LayoutControls* controls = window->layoutControls();
        TrainingController* controller = window->controller();
        if (controls->threeDAction()->isChecked())  // remembered from an earlier test
            controls->threeDAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(controller->lastFrame() && controller->lastFrame()->dims() == 2,
                                 10000);
        const auto pca = finalFrame(*window, LayoutMethod::Pca);
        QVERIFY(pca);
        QCOMPARE(pca->axisNames, (std::vector<std::string>{"PC1", "PC2"}));
        QVERIFY(controls->componentsAction()->isEnabled());

        QVERIFY(controls->chooseComponents({2, 0}));
        QTRY_VERIFY_WITH_TIMEOUT(
            controller->lastFrame() &&
                controller->lastFrame()->axisNames == (std::vector<std::string>{"PC3", "PC1"}),
            10000);
        const auto chosen = controller->lastFrame();
        QVERIFY(PlotArea::axisTitle(*chosen, 0).startsWith(QLatin1String("PC3")));
        // PC1 is now on y: the default frame's x, up to sign.
        const Eigen::VectorXf a = pca->positions.col(0), b = chosen->positions.col(1);
        const float cosine = a.dot(b) / (a.norm() * b.norm());
        QVERIFY2(std::abs(cosine) > 0.99, qPrintable(QString::number(cosine)));

        QString error;
        QVERIFY(!controls->chooseComponents({1, 1}, &error));
        QVERIFY2(error.contains(QLatin1String("both show PC2")), qPrintable(error));
        QCOMPARE(controller->layouts().layout().components, (std::vector<int>{2, 0}));

        controls->threeDAction()->trigger();
        QCOMPARE(controller->layouts().layout().components, (std::vector<int>{2, 0, 1}));
        QTRY_VERIFY_WITH_TIMEOUT(
            controller->lastFrame() && controller->lastFrame()->axisNames ==
                                           (std::vector<std::string>{"PC3", "PC1", "PC2"}),
            10000);
        controls->threeDAction()->trigger();
        QCOMPARE(controller->layouts().layout().components, (std::vector<int>{2, 0}));

        controls->tsneAction()->trigger();
        QVERIFY(!controls->componentsAction()->isEnabled());
        controls->pcaAction()->trigger();
        window.reset();
        // A new window starts with the remembered choice.
        auto again = windowOnVectors();
        QVERIFY(again);
        QCOMPARE(again->controller()->layouts().layout().components, (std::vector<int>{2, 0}));
        again->layoutControls()->chooseComponents({0, 1});  // the default again for later tests
        QVERIFY(errors_.isEmpty());
    }

    // A training run: t-SNE of the untrained table at once; while training runs without
    // "follow", the layout stays and says it is stale; with follow it restarts on new vectors.
    void layoutsOfATrainingRun() {
        auto window = std::make_unique<MainWindow>();
        window->setErrorHandler(
            [this](const QString&, const QString& message) { errors_ << message; });
        window->setConfirmer([](const QString&) { return true; });
        TrainingController* controller = window->controller();
        TrainerOptions options = controller->options();
        options.dim = 16;
        // Enough epochs that the run cannot end before the checks below (300 ended in about a
        // second on an idle machine, and the "following" note rightly went away with the run).
        options.epochs = 100000;
        options.threads = 1;
        controller->setCorpus(loadTopics(dir_), options);
        window->setTrackedCount(20);
        window->layoutControls()->tsneAction()->trigger();
        const auto idle = finalFrame(*window, LayoutMethod::Tsne);
        QVERIFY(idle);
        QCOMPARE(idle->size(), Eigen::Index(20));
        controller->start();
        QTRY_VERIFY_WITH_TIMEOUT(controller->layouts().layoutIsStale(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            window->layoutControls()->statusLabel()->text().contains(QLatin1String("earlier")),
            5000);
        QSignalSpy frames(controller, &TrainingController::frameReady);
        window->layoutControls()->followAction()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 2, 20000);
        QCOMPARE(controller->state(), TrainerState::Running);
        QVERIFY(
            window->layoutControls()->statusLabel()->text().contains(QLatin1String("following")));
        controller->stop();
        QVERIFY(errors_.isEmpty());
    }
};

QTEST_MAIN(TestLayoutsGui)
#include "tst_layouts_gui.moc"
