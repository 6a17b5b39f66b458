// The main window end to end: opening corpora (good, missing, cancelled), the training actions,
// asking before discarding trained vectors, remembering settings, and closing promptly.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>

#include "CorpusLoader.h"
#include "CorpusPanel.h"
#include "DefaultCorpusPreset.h"
#include "EvaluationDialog.h"
#include "MainWindow.h"
#include "ScatterPlot.h"
#include "Settings.h"
#include "TrainingController.h"
#include "TrainingPanel.h"
#include "VocabularyModel.h"
#include "uitestutil.h"

using namespace embedscope;

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString corpusPath_;
    QString bigCorpusPath_;
    QStringList errors_;

    // A window with the error and question dialogs replaced, the small corpus loaded, and options
    // that keep the trainer running for a while (many epochs).
    std::unique_ptr<MainWindow> openWindow() {
        auto window = std::make_unique<MainWindow>();
        window->setErrorHandler(
            [this](const QString&, const QString& message) { errors_ << message; });
        window->setConfirmer([](const QString&) { return true; });
        QSignalSpy loaded(window.get(), &MainWindow::corpusLoaded);
        window->openCorpus(corpusPath_);
        if (!loaded.wait(10000))
            qFatal("the test corpus did not load");
        TrainerOptions options = window->trainingPanel()->options();
        options.dim = 20;
        options.epochs = 1000;  // the most the panel offers
        window->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        if (window->controller()->options().dim != 20)
            qFatal("the panel's options were not applied");
        return window;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        test::useTemporarySettings(dir_);
        corpusPath_ = test::writeFile(dir_, QStringLiteral("topics.txt"), test::topicCorpus());
        // Large enough that a load cannot finish before the cancel right after it arrives.
        bigCorpusPath_ =
            test::writeFile(dir_, QStringLiteral("big.txt"), test::topicCorpus(400000));
    }

    void init() { errors_.clear(); }

    void opensCorpusThroughTheWindow() {
        auto window = openWindow();
        const TokenizedCorpus* corpus = window->controller()->corpus();
        QVERIFY(corpus);
        QCOMPARE(corpus->vocabulary.size(), 28);  // 3 topics of 8 words + 4 function words
        QCOMPARE(window->corpusPanel()->model()->rowCount(), corpus->vocabulary.size());
        QCOMPARE(window->plot()->words().size(), 28);  // fewer words than the tracked count
        for (int i = 0; i < 28; ++i) {
            QCOMPARE(window->plot()->words()[i].word,
                     QString::fromStdString(corpus->vocabulary.word(i)));
            QCOMPARE(window->plot()->words()[i].vocabIndex, i);
        }
        QVERIFY(window->windowTitle().contains(QStringLiteral("topics.txt")));
        QVERIFY(window->actions().start->isEnabled());
        QSettings settings;
        QCOMPARE(settings::recentFiles(settings).value(0),
                 QFileInfo(corpusPath_).absoluteFilePath());
        // The first projection (of the untrained table) reaches the plot.
        QTRY_VERIFY_WITH_TIMEOUT(window->controller()->lastFrame() != nullptr, 5000);
        QVERIFY(errors_.isEmpty());
    }

    void trainingActionsDriveTheTrainer() {
        auto window = openWindow();
        TrainingController* controller = window->controller();
        const MainWindow::Actions& actions = window->actions();
        QSignalSpy progress(controller, &TrainingController::progressChanged);

        actions.start->trigger();
        QVERIFY(progress.wait(5000));
        QCOMPARE(controller->state(), TrainerState::Running);
        QVERIFY(actions.pauseResume->isEnabled());
        QVERIFY(!actions.start->isEnabled());

        actions.pauseResume->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), TrainerState::Paused, 2000);
        QCOMPARE(actions.pauseResume->text(), MainWindow::tr("&Resume"));
        const std::uint64_t pausedAt = controller->progress().wordsProcessed;
        QTest::qWait(200);
        QCOMPARE(controller->progress().wordsProcessed, pausedAt);

        actions.pauseResume->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), TrainerState::Running, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(controller->progress().wordsProcessed > pausedAt, 5000);

        actions.pauseResume->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), TrainerState::Paused, 2000);
        const std::uint64_t beforeStep = controller->progress().wordsProcessed;
        actions.step->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(controller->progress().wordsProcessed >= beforeStep + 1000, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), TrainerState::Paused, 5000);

        actions.stop->trigger();
        QCOMPARE(controller->state(), TrainerState::Stopped);
        QVERIFY(!actions.stop->isEnabled());
        QVERIFY(actions.start->isEnabled());
        // The status bar and the charts saw the progress.
        QVERIFY(progress.count() > 0);
        QVERIFY(errors_.isEmpty());
    }

    void failedLoadKeepsTheCurrentCorpus() {
        auto window = openWindow();
        window->actions().step->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Paused, 5000);
        const Trainer* trainer = window->controller()->trainer();
        const std::uint64_t generation = window->controller()->trainerGeneration();
        const std::uint64_t trained = trainer->progress().wordsProcessed;

        const QString missing = dir_.filePath(QStringLiteral("no-such-corpus.txt"));
        {
            QSettings settings;  // as if it had been opened before and deleted since
            settings::addRecentFile(settings, QFileInfo(missing).absoluteFilePath());
        }
        QSignalSpy failed(window.get(), &MainWindow::loadFailed);
        window->openCorpus(missing);
        QVERIFY(failed.wait(5000));
        QCOMPARE(errors_.size(), 1);
        QVERIFY2(errors_.front().contains(QStringLiteral("no-such-corpus.txt")),
                 qPrintable(errors_.front()));
        QCOMPARE(window->controller()->trainerGeneration(), generation);
        QCOMPARE(window->controller()->corpus()->vocabulary.size(), 28);
        QCOMPARE(window->corpusPath(), corpusPath_);
        QCOMPARE(trainer->progress().wordsProcessed, trained);
        QCOMPARE(window->controller()->state(), TrainerState::Paused);
        QVERIFY(!window->isLoading());
        QSettings settings;
        QVERIFY(!settings::recentFiles(settings).contains(QFileInfo(missing).absoluteFilePath()));
    }

    // File > Open recent lists the files opened before and opens the one chosen; a file dropped
    // on the window opens as File > Open does.
    void recentMenuAndDropOpenFiles() {
        auto window = openWindow();
        const QString other =
            test::writeFile(dir_, QStringLiteral("other.txt"), test::topicCorpus());
        QSignalSpy loaded(window.get(), &MainWindow::corpusLoaded);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(other)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.get(), &drop);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window->corpusPath(), other);
        QVERIFY(window->windowTitle().contains(QStringLiteral("other.txt")));

        QMenu* recent = nullptr;
        for (QMenu* menu : window->menuBar()->findChildren<QMenu*>())
            if (menu->title() == MainWindow::tr("Open &recent"))
                recent = menu;
        QVERIFY(recent);
        emit recent->aboutToShow();
        QAction* topics = nullptr;
        for (QAction* action : recent->actions())
            if (action->text().endsWith(QFileInfo(corpusPath_).absoluteFilePath()))
                topics = action;
        QVERIFY(topics);
        QVERIFY(recent->actions().front()->text().endsWith(QFileInfo(other).absoluteFilePath()));
        topics->trigger();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window->corpusPath(), QFileInfo(corpusPath_).absoluteFilePath());
        QVERIFY(window->windowTitle().contains(QStringLiteral("topics.txt")));
        QVERIFY(errors_.isEmpty());
    }

    // Dropped on the window: a compressed corpus and a folder of shards open as files do; a
    // damaged archive is refused with its byte offset and the corpus open before stays.
    void compressedCorporaAndFoldersOpenByDrop() {
        auto window = openWindow();
        const auto drop = [&](const QString& path) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(path)});
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                                  Qt::NoModifier);
            QApplication::sendEvent(window.get(), &enter);
            QVERIFY(enter.isAccepted());
            QDropEvent event(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                             Qt::NoModifier);
            QApplication::sendEvent(window.get(), &event);
        };
        const QString plain =
            test::writeFile(dir_, QStringLiteral("shard.txt"), test::topicCorpus());
        const QString folder = dir_.filePath(QStringLiteral("shards"));
        QVERIFY(QDir().mkpath(folder));
        QProcess zstd;
        zstd.setStandardOutputFile(folder + QStringLiteral("/1.txt.zst"));
        zstd.start(QStringLiteral("zstd"), {QStringLiteral("-q"), QStringLiteral("-c"), plain});
        if (!zstd.waitForFinished(30000) || zstd.exitCode() != 0)
            QSKIP("zstd is not installed");
        QVERIFY(QFile::copy(plain, folder + QStringLiteral("/2.txt")));

        QSignalSpy loaded(window.get(), &MainWindow::corpusLoaded);
        drop(folder + QStringLiteral("/1.txt.zst"));
        QVERIFY2(loaded.wait(10000), qPrintable(errors_.join(QLatin1Char('\n'))));
        const std::uint64_t oneFile = window->controller()->corpus()->report.tokens;
        drop(folder);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window->corpusPath(), folder);
        QCOMPARE(window->controller()->corpus()->report.tokens, 2 * oneFile);

        QByteArray damaged = test::readAll(folder + QStringLiteral("/1.txt.zst"));
        damaged.truncate(damaged.size() / 2);
        const QString broken = test::writeFile(dir_, QStringLiteral("broken.txt.zst"), damaged);
        QSignalSpy failed(window.get(), &MainWindow::loadFailed);
        drop(broken);
        QVERIFY(failed.wait(10000));
        QCOMPARE(errors_.size(), 1);
        QVERIFY2(errors_.front().contains(broken + QStringLiteral(": byte offset ")),
                 qPrintable(errors_.front()));
        QCOMPARE(window->corpusPath(), folder);
        QCOMPARE(window->controller()->corpus()->report.tokens, 2 * oneFile);
    }

    void cancelledLoadKeepsTheCurrentCorpus() {
        auto window = openWindow();
        window->actions().start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Running, 5000);
        const std::uint64_t generation = window->controller()->trainerGeneration();
        const QString name = window->controller()->corpusName();

        QSignalSpy cancelled(window.get(), &MainWindow::loadCancelled);
        window->openCorpus(bigCorpusPath_);
        QVERIFY(window->isLoading());
        window->cancelLoad();
        QVERIFY(cancelled.wait(5000));
        QVERIFY(!window->isLoading());
        QCOMPARE(window->controller()->trainerGeneration(), generation);
        QCOMPARE(window->controller()->corpusName(), name);
        QCOMPARE(window->controller()->corpus()->vocabulary.size(), 28);
        QCOMPARE(window->controller()->state(), TrainerState::Running);
        QVERIFY(errors_.isEmpty());  // a cancel is not an error
    }

    void newTableAsksFirst_data() {
        QTest::addColumn<bool>("answer");
        QTest::newRow("keep the trained vectors") << false;
        QTest::newRow("discard them") << true;
    }

    void newTableAsksFirst() {
        QFETCH(bool, answer);
        auto window = openWindow();
        QStringList questions;
        window->setConfirmer([&](const QString& question) {
            questions << question;
            return answer;
        });
        window->actions().step->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Paused, 5000);
        QVERIFY(window->controller()->hasTrainedVectors());
        const std::uint64_t generation = window->controller()->trainerGeneration();

        TrainerOptions edited = window->trainingPanel()->options();
        edited.dim = 12;
        window->trainingPanel()->setOptions(edited);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        QCOMPARE(questions.size(), 1);
        if (answer) {
            QCOMPARE(window->controller()->options().dim, 12);
            QVERIFY(window->controller()->trainerGeneration() != generation);
            QVERIFY(!window->controller()->hasTrainedVectors());
        } else {
            QCOMPARE(window->controller()->options().dim, 20);
            QCOMPARE(window->controller()->trainerGeneration(), generation);
            QCOMPARE(window->trainingPanel()->options().dim, 20);  // the panel shows the table's
        }

        // Only the learning rate changed: applied to the running table, no question.
        questions.clear();
        window->trainingPanel()->setOptions(window->controller()->options());
        const std::uint64_t current = window->controller()->trainerGeneration();
        QMetaObject::invokeMethod(window->trainingPanel(), "learningRateEdited",
                                  Q_ARG(double, 0.01));
        QCOMPARE(window->controller()->options().learningRate, 0.01);
        QCOMPARE(window->controller()->trainerGeneration(), current);
        QVERIFY(questions.isEmpty());
    }

    // Quitting or opening another corpus asks first while the trained vectors are not exported,
    // and "no" keeps everything; once exported, nothing is left to lose and nothing is asked.
    void losingUnexportedVectorsAsksFirst() {
        auto window = openWindow();
        QStringList questions;
        window->setConfirmer([&](const QString& question) {
            questions << question;
            return false;
        });
        QTRY_VERIFY_WITH_TIMEOUT(window->actions().step->isEnabled(), 5000);
        window->actions().step->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Paused, 5000);
        const std::uint64_t generation = window->controller()->trainerGeneration();
        QTRY_VERIFY_WITH_TIMEOUT(window->isWindowModified(), 5000);  // "topics.txt* — Embedscope"

        QVERIFY(!window->close());
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.back().contains(QStringLiteral("not been exported")),
                 qPrintable(questions.back()));
        window->openCorpus(bigCorpusPath_);
        QCOMPARE(questions.size(), 2);
        QVERIFY2(questions.back().contains(QStringLiteral("big.txt")),
                 qPrintable(questions.back()));
        QVERIFY(!window->isLoading());
        window->openDefaultCorpus(true);
        QCOMPARE(questions.size(), 3);
        QVERIFY(!window->isLoading());
        QCOMPARE(window->controller()->trainerGeneration(), generation);
        QCOMPARE(window->corpusPath(), corpusPath_);

        // Exported, then trained further: the export no longer holds the vectors.
        QVERIFY(
            window->exportVectors(dir_.filePath(QStringLiteral("kept.csv")), VectorFormat::Csv));
        QVERIFY(!window->isWindowModified());
        const std::uint64_t exportedWords = window->controller()->tableVersion().second;
        QTRY_VERIFY_WITH_TIMEOUT(window->actions().step->isEnabled(), 5000);  // after the pause
        window->actions().step->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window->controller()->tableVersion().second > exportedWords, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Paused, 5000);
        questions.clear();
        QVERIFY(!window->close());
        QCOMPARE(questions.size(), 1);

        QVERIFY(
            window->exportVectors(dir_.filePath(QStringLiteral("kept.csv")), VectorFormat::Csv));
        questions.clear();
        QVERIFY(window->close());
        QVERIFY(questions.isEmpty());
        QVERIFY(errors_.isEmpty());
    }

    // The built-in corpus's vectors come back in seconds: leaving them asks nothing.
    void vectorsOfTheBuiltInCorpusAreNotAskedAbout() {
        MainWindow window;
        QStringList questions;
        window.setConfirmer([&](const QString& question) {
            questions << question;
            return false;
        });
        QSignalSpy loaded(&window, &MainWindow::corpusLoaded);
        window.openDefaultCorpus(false);
        QVERIFY(loaded.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(window.actions().step->isEnabled(), 5000);
        window.actions().step->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), TrainerState::Paused, 5000);
        QVERIFY(window.controller()->hasTrainedVectors());
        QTRY_VERIFY_WITH_TIMEOUT(window.actions().reset->isEnabled(), 5000);
        window.actions().reset->trigger();
        QVERIFY(!window.controller()->hasTrainedVectors());
        QTRY_VERIFY_WITH_TIMEOUT(window.actions().step->isEnabled(), 5000);
        window.actions().step->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), TrainerState::Paused, 5000);
        QVERIFY(!window.isWindowModified());
        QVERIFY(window.close());
        QVERIFY(questions.isEmpty());
    }

    void plotsAWordListFromAFile() {
        auto window = openWindow();
        // A selected word outside the list would be plotted too.
        window->selectRow(window->controller()->indexOf(QStringLiteral("red")));
        const QString list = test::writeFile(dir_, QStringLiteral("words.txt"),
                                             QByteArray("red blue\nzebra\n  dog\n"));
        QVERIFY(window->loadTrackedWordList(list));
        QStringList plotted;
        for (const PlotWord& word : window->plot()->words())
            plotted << word.word;
        QCOMPARE(plotted.size(), 3);  // zebra is not in the vocabulary
        QVERIFY(plotted.contains(QStringLiteral("red")));
        QVERIFY(plotted.contains(QStringLiteral("blue")));
        QVERIFY(plotted.contains(QStringLiteral("dog")));
        QCOMPARE(window->trainingPanel()->trackedWordList(), QStringLiteral("red blue zebra dog"));

        QVERIFY(!window->loadTrackedWordList(dir_.filePath(QStringLiteral("missing-words.txt"))));
        QCOMPARE(errors_.size(), 1);
        QVERIFY(errors_.front().contains(QStringLiteral("missing-words.txt")));
        QCOMPARE(window->plot()->words().size(), 3);  // unchanged
    }

    void userCorpusAfterTheDefaultOneGetsTheRememberedParameters() {
        {
            auto window = openWindow();  // a user corpus with dim 20: remembered on close
            window->close();
        }
        MainWindow window;
        window.setErrorHandler(
            [this](const QString&, const QString& message) { errors_ << message; });
        QSignalSpy loaded(&window, &MainWindow::corpusLoaded);
        window.openDefaultCorpus(false);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window.controller()->options().dim, defaultCorpusTrainerOptions().dim);
        QCOMPARE(window.controller()->options().epochs, defaultCorpusTrainerOptions().epochs);
        QVERIFY(window.controller()->corpus()->vocabulary.size() > 100);
        QVERIFY(window.corpusPath().isEmpty());

        window.openCorpus(corpusPath_);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(window.controller()->options().dim, 20);
        QCOMPARE(window.controller()->options().epochs, 1000);
        QCOMPARE(window.trainingPanel()->options().dim, 20);
        QVERIFY(errors_.isEmpty());
        window.close();
    }

    // A corpus of one-word lines trains to the end but teaches nothing: the status bar says so.
    void saysWhenNothingWasLearnt() {
        MainWindow window;
        window.setErrorHandler(
            [this](const QString&, const QString& message) { errors_ << message; });
        window.setConfirmer([](const QString&) { return true; });
        QSignalSpy loaded(&window, &MainWindow::corpusLoaded);
        window.openCorpus(test::writeFile(dir_, QStringLiteral("lonely.txt"),
                                          QByteArray("cat\ndog\n").repeated(6)));
        QVERIFY(loaded.wait(10000));
        TrainerOptions options = window.trainingPanel()->options();
        options.epochs = 2;
        window.trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window.trainingPanel(), "optionsEdited");
        auto* state = window.findChild<QLabel*>(QStringLiteral("trainingState"));
        QVERIFY(state);

        window.actions().start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), TrainerState::Finished, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QStringLiteral("nothing learnt")), 2000);
        QVERIFY(state->toolTip().contains(QStringLiteral("Subsampling")));
        QVERIFY(errors_.isEmpty());

        // An ordinary corpus finishes plainly.
        QSignalSpy reloaded(&window, &MainWindow::corpusLoaded);
        window.openCorpus(corpusPath_);
        QVERIFY(reloaded.wait(10000));
        options = window.trainingPanel()->options();
        options.epochs = 2;
        window.trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window.trainingPanel(), "optionsEdited");
        window.actions().start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), TrainerState::Finished, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(state->text(), MainWindow::tr("finished"), 2000);
        QVERIFY(state->toolTip().isEmpty());
        window.close();
    }

    void trainingPanelOffersEveryInit() {
        MainWindow window;
        for (std::optional<EmbeddingInit> init :
             {std::optional(EmbeddingInit::Word2VecUniform),
              std::optional(EmbeddingInit::GensimUniform), std::optional(EmbeddingInit::Normal),
              std::optional<EmbeddingInit>()}) {
            TrainerOptions options = window.trainingPanel()->options();
            options.init = init;
            window.trainingPanel()->setOptions(options);
            QCOMPARE(window.trainingPanel()->options().init, init);
        }
        window.close();
    }

    // The kernel and initialisation boxes start at "default", which follows the model and names
    // what it uses; an entry picked by name stays through a model switch and a restart, even when
    // it is the model's default (which needs no new table, so nothing is asked).
    void kernelAndInitFollowTheModelUntilPicked() {
        auto window = openWindow();
        QStringList questions;
        window->setConfirmer([&](const QString& question) {
            questions << question;
            return true;
        });
        TrainerOptions options = window->trainingPanel()->options();
        options.kernel.reset();
        options.init.reset();
        window->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        auto* model = window->trainingPanel()->findChild<QComboBox*>(QStringLiteral("model"));
        auto* kernel = window->trainingPanel()->findChild<QComboBox*>(QStringLiteral("kernel"));
        auto* init =
            window->trainingPanel()->findChild<QComboBox*>(QStringLiteral("initialisation"));
        QVERIFY(model && kernel && init);
        const auto pick = [](QComboBox* box, int data) {
            const int index = box->findData(data);
            QVERIFY(index >= 0);
            box->setCurrentIndex(index);
            emit box->activated(index);
        };
        for (TrainingModel trainingModel : {TrainingModel::Cbow, TrainingModel::SkipGram}) {
            pick(model, int(trainingModel));
            QCOMPARE(window->controller()->options().model, trainingModel);
            QVERIFY(!window->controller()->options().kernel);
            QVERIFY(!window->controller()->options().init);
            const QString defaultInitText =
                init->itemText(init->findData(int(defaultInit(trainingModel))));
            const QString defaultKernelText =
                kernel->itemText(kernel->findData(int(defaultKernel(trainingModel))));
            QVERIFY2(init->currentText().contains(defaultInitText),
                     qPrintable(init->currentText()));
            QVERIFY2(kernel->currentText().contains(defaultKernelText),
                     qPrintable(kernel->currentText()));
        }

        // CBOW's default range and kernel picked by name: the same table, so nothing is asked, and
        // the choice is recorded.
        pick(model, int(TrainingModel::Cbow));
        questions.clear();
        const std::uint64_t generation = window->controller()->trainerGeneration();
        pick(init, int(defaultInit(TrainingModel::Cbow)));
        pick(kernel, int(defaultKernel(TrainingModel::Cbow)));
        QVERIFY(questions.isEmpty());
        QCOMPARE(window->controller()->trainerGeneration(), generation);
        QCOMPARE(window->controller()->options().init, defaultInit(TrainingModel::Cbow));
        QCOMPARE(window->controller()->options().kernel, defaultKernel(TrainingModel::Cbow));
        // They stay when the model changes, although skip-gram's defaults differ.
        pick(model, int(TrainingModel::SkipGram));
        QCOMPARE(window->trainingPanel()->options().init, defaultInit(TrainingModel::Cbow));
        QCOMPARE(window->controller()->options().kernel, defaultKernel(TrainingModel::Cbow));
        QVERIFY(window->controller()->options().effectiveKernel() !=
                defaultKernel(TrainingModel::SkipGram));
        window->close();
        window.reset();

        MainWindow again;
        QCOMPARE(again.trainingPanel()->options().init, defaultInit(TrainingModel::Cbow));
        QCOMPARE(again.trainingPanel()->options().kernel, defaultKernel(TrainingModel::Cbow));
        again.close();
        // Back to the defaults for the tests that follow.
        TrainerOptions reset = again.trainingPanel()->options();
        reset.kernel.reset();
        reset.init.reset();
        QSettings settings;
        settings::saveTrainerOptions(settings, reset);
    }

    void trainingPanelOffersBothLineOrders() {
        MainWindow window;
        QVERIFY(!window.trainingPanel()->options().shuffleLines);  // word2vec's file order
        for (bool shuffleLines : {true, false}) {
            TrainerOptions options = window.trainingPanel()->options();
            options.shuffleLines = shuffleLines;
            window.trainingPanel()->setOptions(options);
            QCOMPARE(window.trainingPanel()->options().shuffleLines, shuffleLines);
        }
        window.close();
    }

    // Training > Evaluate (F7) opens one evaluation dialog, which keeps its results when closed.
    void evaluateOpensOneDialog() {
        auto window = openWindow();
        window->actions().evaluate->trigger();
        auto dialogs = window->findChildren<EvaluationDialog*>();
        QCOMPARE(dialogs.size(), 1);
        QVERIFY(dialogs.front()->isVisible());
        dialogs.front()->close();
        window->actions().evaluate->trigger();
        QCOMPARE(window->findChildren<EvaluationDialog*>(), dialogs);
        QVERIFY(dialogs.front()->isVisible());
        QCOMPARE(window->actions().evaluate->shortcut(), QKeySequence(Qt::Key_F7));
    }

    void remembersWindowAndParameters() {
        {
            auto window = openWindow();
            window->resize(1111, 777);
            window->setTrackedCount(17);
            window->close();
        }
        MainWindow again;
        QCOMPARE(again.size(), QSize(1111, 777));
        QCOMPARE(again.controller()->trackedCount(), 17);
        QCOMPARE(again.trainingPanel()->trackedCount(), 17);
        QCOMPARE(again.trainingPanel()->options().dim, 20);  // remembered for user corpora
        again.setTrackedCount(TrainingController::kDefaultTrackedCount);
        again.close();
    }

    void closingDuringTrainingIsPrompt() {
        auto window = openWindow();
        window->show();
        window->actions().start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Running, 5000);
        QTest::qWait(100);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(window->close());
        window.reset();
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    }

    void closingDuringLoadIsPrompt() {
        auto window = openWindow();
        window->show();
        window->openCorpus(bigCorpusPath_);
        QVERIFY(window->isLoading());
        QTest::qWait(50);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(window->close());
        window.reset();
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(errors_.isEmpty());
    }
};

EMBEDSCOPE_TEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
