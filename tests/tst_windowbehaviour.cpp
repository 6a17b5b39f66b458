// The window as a new user met it (issue 15's trial): stepping while paused, one question per
// change, parameters kept within a session, export folders, the plotted-words list, shortcuts
// from text fields, the Panels menu, trails across runs, the selected word always in view,
// buttons that keep their width, and a bad corpus on the command line.
#include <QAction>
#include <QDockWidget>
#include <QFileIconProvider>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

#include "DefaultCorpusPreset.h"
#include "FileDialogs.h"
#include "MainWindow.h"
#include "ScatterPlot.h"
#include "Settings.h"
#include "TrainingController.h"
#include "TrainingPanel.h"
#include "WindowExports.h"
#include "uitestutil.h"

using namespace embedscope;

// Accepts the shortcut override of Ctrl+E, as QLineEdit does under X11's key scheme.
class ClaimsCtrlE : public QObject {
public:
    bool eventFilter(QObject*, QEvent* event) override {
        if (event->type() == QEvent::ShortcutOverride) {
            auto* key = static_cast<QKeyEvent*>(event);
            if (key->key() == Qt::Key_E && key->modifiers() == Qt::ControlModifier) {
                event->accept();
                return true;
            }
        }
        return false;
    }
};

class TestWindowBehaviour : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString corpusPath_;
    QStringList errors_;
    QStringList questions_;

    std::unique_ptr<MainWindow> newWindow() {
        auto window = std::make_unique<MainWindow>();
        window->setErrorHandler(
            [this](const QString&, const QString& message) { errors_ << message; });
        window->setDiscardAsker([this](const QString& question) {
            questions_ << question;
            return MainWindow::DiscardAnswer::Discard;
        });
        return window;
    }

    static void waitForLoad(MainWindow& window) {
        QSignalSpy loaded(&window, &MainWindow::corpusLoaded);
        QVERIFY(loaded.wait(10000));
    }

    // The window on the test corpus, with `change` applied to the panel's options as a user's
    // edit.
    template <typename Change>
    std::unique_ptr<MainWindow> windowOnCorpus(Change change) {
        auto window = newWindow();
        window->openCorpus(corpusPath_);
        waitForLoad(*window);
        TrainerOptions options = window->trainingPanel()->options();
        change(options);
        window->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        return window;
    }

    static QString stateText(const MainWindow& window) {
        return window.findChild<QLabel*>(QStringLiteral("trainingState"))->text();
    }

    static void showAndActivate(MainWindow& window) {
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        test::useTemporarySettings(dir_);
        corpusPath_ = test::writeFile(dir_, QStringLiteral("topics.txt"), test::topicCorpus());
    }

    void init() {
        errors_.clear();
        questions_.clear();
        QSettings().clear();
    }

    // Defect 1: Step while paused on the built-in corpus stayed in "training" for good.
    void stepWhilePausedReturnsToPausedEveryTime() {
        auto window = newWindow();
        window->openDefaultCorpus(false);
        waitForLoad(*window);
        TrainerOptions options = window->trainingPanel()->options();
        options.threads = 2;
        window->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        QCOMPARE(window->controller()->options().threads, 2);
        const MainWindow::Actions& actions = window->actions();
        TrainingController* controller = window->controller();
        actions.start->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(controller->progress().epoch >= 3, 10000);
        actions.pauseResume->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateText(*window), MainWindow::tr("paused"), 3000);
        for (int i = 0; i < 20; ++i) {
            const std::uint64_t before = controller->progress().wordsProcessed;
            QVERIFY(actions.step->isEnabled());
            actions.step->trigger();
            QTRY_VERIFY2_WITH_TIMEOUT(
                stateText(*window) == MainWindow::tr("paused") && actions.step->isEnabled() &&
                    controller->progress().wordsProcessed > before,
                qPrintable(
                    QStringLiteral("step %1: the window says '%2'").arg(i).arg(stateText(*window))),
                3000);
            QCOMPARE(controller->state(), TrainerState::Paused);
        }
        QVERIFY(errors_.isEmpty());
    }

    // Defect 2: Return in a spin box, then the focus leaving it for the question, asked twice.
    void aChangeAsksOnlyOnce() {
        auto window = windowOnCorpus([](TrainerOptions& o) { o.epochs = 1000; });
        showAndActivate(*window);
        window->actions().start->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window->controller()->hasTrainedVectors(), 5000);
        auto* seed = window->trainingPanel()->findChild<QSpinBox*>(QStringLiteral("seed"));
        QVERIFY(seed);
        window->setDiscardAsker([&](const QString& question) {
            questions_ << question;
            seed->clearFocus();  // as the question's dialog takes the focus
            return MainWindow::DiscardAnswer::Discard;
        });
        seed->setFocus();
        QTRY_VERIFY(seed->hasFocus());
        seed->selectAll();
        QTest::keyClicks(seed, QStringLiteral("7"));
        QTest::keyClick(seed, Qt::Key_Return);
        QCOMPARE(questions_.size(), 1);
        QCOMPARE(window->controller()->options().seed, std::uint64_t(7));
    }

    // Defect 2: the thread count never needs a new table, so it never asks.
    void changingThreadsAfterARunDoesNotAsk() {
        auto window = windowOnCorpus([](TrainerOptions& o) { o.epochs = 1; });
        window->actions().start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Finished, 10000);
        const std::uint64_t generation = window->controller()->trainerGeneration();
        TrainerOptions options = window->trainingPanel()->options();
        options.threads = 1;
        window->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        QVERIFY2(questions_.isEmpty(), qPrintable(questions_.join(QLatin1Char('\n'))));
        QCOMPARE(window->controller()->options().threads, 1);
        QCOMPARE(window->controller()->trainerGeneration(), generation);  // vectors kept
        QCOMPARE(window->controller()->state(), TrainerState::Finished);
    }

    // Defect 3: the file corpus's parameters come back when it is reopened in the same session.
    void parametersComeBackWithinASession() {
        auto window = windowOnCorpus([](TrainerOptions& o) {
            o.dim = 80;
            o.threads = 1;
        });
        QCOMPARE(window->controller()->options().dim, 80);
        window->openDefaultCorpus(false);
        waitForLoad(*window);
        QCOMPARE(window->trainingPanel()->options().dim, defaultCorpusTrainerOptions().dim);
        window->openCorpus(corpusPath_);
        waitForLoad(*window);
        QCOMPARE(window->trainingPanel()->options().dim, 80);
        QCOMPARE(window->trainingPanel()->options().threads, 1);
        QCOMPARE(window->controller()->options().dim, 80);
    }

    // Defect 4: a failed export must not become the next dialog's folder; a pseudo-filesystem is
    // never a dialog's start.
    void onlyASuccessfulExportMovesTheDialogFolder() {
        auto window = windowOnCorpus([](TrainerOptions&) {});
        QStringList starts;
        QString answer;
        window->exports()->setSavePathChooser(
            [&](const QString&, const QString& start, const QString&, QString*) {
                starts << QFileInfo(start).path();
                return answer;
            });
        QTemporaryDir good;
        answer = good.filePath(QStringLiteral("v.csv"));
        QVERIFY(window->exports()->exportVectorsWithDialog(VectorFormat::Csv));
        answer = dir_.filePath(QStringLiteral("no-such-folder/v.csv"));
        QVERIFY(!window->exports()->exportVectorsWithDialog(VectorFormat::Csv));
        QCOMPARE(errors_.size(), 1);
        answer.clear();  // cancel
        QVERIFY(!window->exports()->exportVectorsWithDialog(VectorFormat::Csv));
        QCOMPARE(starts.size(), 3);
        QCOMPARE(starts[1], QFileInfo(good.path()).absoluteFilePath());
        QCOMPARE(starts[2], QFileInfo(good.path()).absoluteFilePath());

        // A folder remembered by an older version, in /proc: never a start.
        QSettings().setValue(QStringLiteral("exportDirectory"), QStringLiteral("/proc/sys"));
        QVERIFY(!WindowExports::exportFolder().startsWith(QStringLiteral("/proc")));
        QVERIFY(isPseudoFilesystem(QStringLiteral("/proc")));
        QVERIFY(isPseudoFilesystem(QStringLiteral("/proc/self/fd")));
        QVERIFY(isPseudoFilesystem(QStringLiteral("/sys/kernel")));
        QVERIFY(isPseudoFilesystem(QStringLiteral("/dev")));
        QVERIFY(!isPseudoFilesystem(dir_.path()));
        QVERIFY(!safeStartFolder(QStringLiteral("/proc")).startsWith(QStringLiteral("/proc")));
        QCOMPARE(safeStartFolder(dir_.path()), dir_.path());
    }

    // Defect 4: the dialogs name types from file names only. Qt's provider reads the file (which
    // blocks for ever on /proc/kmsg); this one must say nothing learnt from the content.
    void fileDialogsNeverReadFiles() {
        const QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        const QFileInfo noSuffix(test::writeFile(dir_, QStringLiteral("picture"), png));
        QVERIFY2(QFileIconProvider().type(noSuffix).contains(QStringLiteral("PNG")),
                 "the check below could not fail: Qt no longer sniffs content");
        QVERIFY(!FileNameIconProvider().type(noSuffix).contains(QStringLiteral("PNG")));
        const QFileInfo named(test::writeFile(dir_, QStringLiteral("picture.png"), png));
        QVERIFY(FileNameIconProvider().type(named).contains(QStringLiteral("PNG")));
    }

    // "Export…" in the question exports, then goes on.
    void exportAnswerExportsThenGoesOn() {
        auto window = windowOnCorpus([](TrainerOptions& o) { o.epochs = 1; });
        window->actions().start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Finished, 10000);
        const QString target = dir_.filePath(QStringLiteral("kept.vec"));
        QFile::remove(target);
        window->exports()->setSavePathChooser(
            [&](const QString&, const QString&, const QString& filters, QString*) {
                return filters.contains(QStringLiteral("word2vec")) ? target : QString();
            });
        window->setDiscardAsker([this](const QString& question) {
            questions_ << question;
            return MainWindow::DiscardAnswer::ExportFirst;
        });
        window->openDefaultCorpus(false);
        waitForLoad(*window);
        QCOMPARE(questions_.size(), 1);
        QVERIFY(window->corpusPath().isEmpty());           // it went on
        QVERIFY(test::readAll(target).startsWith("28 "));  // word2vec text: "ROWS DIM"
        QVERIFY(errors_.isEmpty());
    }

    // Defect 5: the clear button re-plots at once; missing words are named; too few fall back.
    void plottedWordList() {
        auto window = windowOnCorpus([](TrainerOptions&) {});
        TrainingController* controller = window->controller();
        auto* list = window->trainingPanel()->findChild<QLineEdit*>(QStringLiteral("trackedList"));
        QVERIFY(list);
        window->selectRow(controller->indexOf(QStringLiteral("dog")));  // plotted anyway
        list->setText(QStringLiteral("dog cat horse zebra yak"));
        QMetaObject::invokeMethod(list, "editingFinished");
        QCOMPARE(controller->trackedRows().size(), std::size_t(3));
        QCOMPARE(controller->missingTrackedWords(),
                 QStringList({QStringLiteral("zebra"), QStringLiteral("yak")}));
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("zebra, yak")));

        list->clear();  // what the clear button does: no editingFinished
        QVERIFY(!controller->usesTrackedWordList());
        QCOMPARE(controller->trackedRows().size(), std::size_t(28));

        list->setText(QStringLiteral("zebra dog"));
        QMetaObject::invokeMethod(list, "editingFinished");
        QVERIFY(controller->trackedListFellBack());
        QCOMPARE(controller->trackedRows().size(), std::size_t(28));
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("zebra")));
        QVERIFY(!window->plot()->words().isEmpty());
    }

    // Defect 5: a list carried over to a corpus without its words falls back and says why.
    void wordListCarriedToAnotherCorpus() {
        auto window = windowOnCorpus([](TrainerOptions&) {});
        auto* list = window->trainingPanel()->findChild<QLineEdit*>(QStringLiteral("trackedList"));
        window->selectRow(window->controller()->indexOf(QStringLiteral("dog")));
        list->setText(QStringLiteral("dog cat horse"));
        QMetaObject::invokeMethod(list, "editingFinished");
        QCOMPARE(window->controller()->trackedRows().size(), std::size_t(3));
        const QString other = test::writeFile(dir_, QStringLiteral("other.txt"),
                                              QByteArray("alpha beta gamma delta\n").repeated(50));
        window->openCorpus(other);
        waitForLoad(*window);
        QVERIFY(window->controller()->trackedListFellBack());
        QCOMPARE(window->plot()->words().size(), 4);
        const QString message = window->statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("dog, cat, horse")), qPrintable(message));
    }

    // Defect 6: the window's shortcuts work while a text field or spin box has the focus. Under
    // X11's key scheme a QLineEdit claims Ctrl+E ("end of line") by accepting the shortcut
    // override; the offscreen platform's scheme has no such binding, so each field here is made to
    // claim it the same way (an application filter such as the window's sees the event first).
    void shortcutsWorkFromTextFields() {
        auto window = windowOnCorpus([](TrainerOptions&) {});
        showAndActivate(*window);
        int dialogs = 0;
        window->exports()->setSavePathChooser(
            [&](const QString&, const QString&, const QString&, QString*) {
                ++dialogs;
                return QString();
            });
        QWidget* fields[] = {
            window->trainingPanel()->findChild<QSpinBox*>(QStringLiteral("seed")),
            window->trainingPanel()->findChild<QLineEdit*>(QStringLiteral("trackedList"))};
        ClaimsCtrlE claims;
        for (QWidget* field : fields) {
            QVERIFY(field);
            for (QWidget* part : field->findChildren<QWidget*>())
                part->installEventFilter(&claims);
            field->installEventFilter(&claims);
            field->setFocus();
            QTRY_VERIFY(field->hasFocus());
            const int before = dialogs;
            QTest::keyClick(field, Qt::Key_E, Qt::ControlModifier);
            QCOMPARE(dialogs, before + 1);
        }
        // A plain key stays the field's: Space types a space, it does not pause.
        auto* list = window->trainingPanel()->findChild<QLineEdit*>(QStringLiteral("trackedList"));
        list->setFocus();
        QTest::keyClicks(list, QStringLiteral("a b"));
        QCOMPARE(list->text(), QStringLiteral("a b"));
    }

    // Defect 7: "&" in a panel's title is not a mnemonic in View > Panels.
    void panelsMenuShowsAmpersands() {
        auto window = newWindow();
        const auto docks = window->findChildren<QDockWidget*>();
        QVERIFY(docks.size() >= 5);
        int withAmpersand = 0;
        for (QDockWidget* dock : docks) {
            const QString title = dock->windowTitle();
            QString expected = title;
            expected.replace(QLatin1Char('&'), QStringLiteral("&&"));
            QCOMPARE(dock->toggleViewAction()->text(), expected);
            withAmpersand += title.contains(QLatin1Char('&'));
        }
        QCOMPARE(withAmpersand, 2);  // Corpus & Vocabulary, Neighbours & Analogies
    }

    // Defect 8: a new run's table starts a new trail.
    void trailRestartsWithTheRun() {
        auto window = windowOnCorpus([](TrainerOptions& o) { o.epochs = 3; });
        window->selectRow(0);
        window->actions().start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Finished, 10000);
        // The trainer's state turns Finished on its thread; the window learns it a moment later
        // and only then enables Start (a trigger before that does nothing, and the old table's
        // last frame would then come after the connection below).
        QTRY_VERIFY_WITH_TIMEOUT(window->actions().start->isEnabled(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!window->plot()->selectedTrail().isEmpty(), 5000);
        const std::uint64_t oldTable = window->controller()->trainerGeneration();
        // The trail as the new table's first frame has been shown (this connection runs right
        // after the window's): a spy's wait() may return only after later frames of the running
        // table have added to the new trail, as they should.
        int trailAtFirstFrame = -1;
        connect(window->controller(), &TrainingController::frameReady, window.get(), [&] {
            if (trailAtFirstFrame < 0)
                trailAtFirstFrame = int(window->plot()->selectedTrail().size());
        });
        window->actions().start->trigger();  // F5: a new run on a new table
        QVERIFY(window->controller()->trainerGeneration() > oldTable);
        QTRY_VERIFY_WITH_TIMEOUT(trailAtFirstFrame >= 0, 5000);
        QCOMPARE(trailAtFirstFrame, 0);
    }

    // A selected word outside the plotted ones is added to the plot, selected.
    void selectedWordIsAlwaysPlotted() {
        auto window = windowOnCorpus([](TrainerOptions&) {});
        window->setTrackedCount(5);
        QCOMPARE(window->plot()->words().size(), 5);
        window->selectRow(20);
        QCOMPARE(window->plot()->words().size(), 6);
        const int selected = window->plot()->selectedIndex();
        QVERIFY(selected >= 0);
        QCOMPARE(window->plot()->words()[selected].vocabIndex, 20);
        window->selectRow(2);  // back inside: the extra place goes
        QCOMPARE(window->plot()->words().size(), 5);
        QCOMPARE(window->plot()->words()[window->plot()->selectedIndex()].vocabIndex, 2);
    }

    // The run buttons keep their width when their text changes.
    void runButtonsKeepTheirWidth() {
        auto window = windowOnCorpus([](TrainerOptions& o) { o.epochs = 1000; });
        showAndActivate(*window);
        const MainWindow::Actions& actions = window->actions();
        QList<QToolButton*> buttons;
        for (QToolButton* button : window->findChildren<QToolButton*>())
            if (button->defaultAction() == actions.start ||
                button->defaultAction() == actions.pauseResume)
                buttons << button;
        QCOMPARE(buttons.size(), 4);  // the toolbar's and the Training panel's
        const auto geometries = [&] {
            QList<QRect> rects;
            for (QToolButton* button : buttons)
                rects << QRect(button->mapTo(window.get(), QPoint(0, 0)), button->size());
            return rects;
        };
        const QList<QRect> idle = geometries();
        actions.start->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window->controller()->state(), TrainerState::Running, 3000);
        actions.pauseResume->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(actions.pauseResume->text(), MainWindow::tr("&Resume"), 3000);
        QCOMPARE(actions.start->text(), MainWindow::tr("&Start (resume)"));
        QApplication::processEvents();
        QCOMPARE(geometries(), idle);
    }

    // A missing file or a folder on the command line: the error, then the built-in corpus.
    void badCommandLineCorpusFallsBackToTheBuiltInOne_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("missing") << dir_.filePath(QStringLiteral("no-such-file.txt"));
        QTest::newRow("folder") << dir_.path();
    }
    void badCommandLineCorpusFallsBackToTheBuiltInOne() {
        QFETCH(QString, path);
        auto window = newWindow();
        QSignalSpy loaded(window.get(), &MainWindow::corpusLoaded);
        window->openInitialCorpus(path, false);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(errors_.size(), 1);
        QVERIFY2(errors_[0].contains(QFileInfo(path).fileName()), qPrintable(errors_[0]));
        QVERIFY(window->controller()->corpus());
        QVERIFY(window->corpusPath().isEmpty());
    }
};

EMBEDSCOPE_TEST_MAIN(TestWindowBehaviour)
#include "tst_windowbehaviour.moc"
