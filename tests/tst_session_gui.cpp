// Session files in the window (issue 18): embedscope RUN.embedscope and File > Open session show
// the saved table with its plotted words and layout; Save session writes what the window shows,
// with the timeline recorded while it trained, and reopening gives the same table byte for byte
// and the same layout; a damaged or newer file is refused and what was open stays; a corpus that
// moved or changed is said in the status bar.
#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

#include "ChartWidget.h"
#include "ChartsPanel.h"
#include "CorpusPanel.h"
#include "Error.h"
#include "InspectorPanel.h"
#include "LayoutScheduler.h"
#include "MainWindow.h"
#include "NeighboursPanel.h"
#include "PlotArea.h"
#include "SessionActions.h"
#include "SessionFile.h"
#include "SessionJson.h"
#include "TimelineBar.h"
#include "TimelineRecorder.h"
#include "TrainingController.h"
#include "TrainingEvaluator.h"
#include "TrainingPanel.h"
#include "VectorFormats.h"
#include "uitestutil.h"

using namespace embedscope;
using namespace embedscope::test;

namespace {

QByteArray tableBytes(const SharedTable& table) {
    return QByteArray(reinterpret_cast<const char*>(table->data()),
                      qsizetype(table->size() * sizeof(float)));
}

QByteArray tableBytes(const RowMatrixXf& table) {
    return QByteArray(reinterpret_cast<const char*>(table.data()),
                      qsizetype(table.size() * sizeof(float)));
}

bool sameLayout(const LayoutOptions& a, const LayoutOptions& b) {
    return a.method == b.method && a.dims == b.dims && a.perplexity == b.perplexity &&
           a.tsneRepulsion == b.tsneRepulsion && a.neighbors == b.neighbors &&
           a.minDist == b.minDist && a.seed == b.seed && a.iterations == b.iterations &&
           a.components == b.components && a.maxLaidOutRows == b.maxLaidOutRows;
}

}  // namespace

class TestSessionGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QTemporaryDir settingsDir_;
    QStringList errors_;

    std::unique_ptr<MainWindow> newWindow() { return newQuietWindow(errors_); }

    // A session as embedscope-cli train writes one: 40 words, the first 12 tracked, two frames,
    // made from corpusPath, with a t-SNE layout in its view.
    QString writeTestSession(const QString& name, const QString& corpusPath,
                             const LayoutOptions& layout, int frames = 2,
                             const QJsonObject& trainerOptions = {},
                             const QJsonObject& corpusOptions = {}) {
        Session session;
        session.trainerOptions = trainerOptions;
        session.corpusOptions = corpusOptions;
        session.source = describeSource(corpusPath.toStdString(), "corpus");
        session.vectors = someVectors(40, 8, 99);
        for (int r = 0; r < 12; ++r)
            session.trackedRows.push_back(r);
        for (int f = 0; f < frames; ++f) {
            TimelineFrame frame;
            frame.metrics.seconds = f;
            frame.metrics.epoch = 1 + f / 10;  // ten frames an epoch
            frame.metrics.loss = 1.0 / (f + 1);
            frame.metrics.wordsPerSecond = 1000.0 * (f + 1);
            frame.vectors = std::make_shared<const RowMatrixXf>(
                session.vectors.vectors.topRows(12) * float(f + 1));
            session.frames.push_back(frame);
        }
        session.view[QStringLiteral("layout")] = layoutJson(layout, {});
        const QString path = dir_.filePath(name);
        writeSession(path.toStdString(), session);
        return path;
    }

    // Opens a session as File > Open session does and waits until it is shown (it is read in the
    // background).
    static bool openAndWait(MainWindow& window, const QString& path) {
        QSignalSpy opened(window.sessions(), &SessionActions::sessionOpened);
        if (!window.sessions()->openSession(path))
            return false;
        return opened.wait(10000) && !window.isLoading();
    }

    static LayoutOptions tsneLayout() {
        LayoutOptions layout;
        layout.method = LayoutMethod::Tsne;
        layout.perplexity = 4.5;
        layout.seed = 77;
        layout.iterations = 250;
        return layout;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        useTemporarySettings(settingsDir_);
    }
    void init() { errors_.clear(); }

    // embedscope RUN.embedscope: main() hands the path to openInitialCorpus.
    void opensSessionGivenAsCorpus() {
        const QString corpus = writeFile(dir_, QStringLiteral("c1.txt"), topicCorpus(50));
        const QString path =
            writeTestSession(QStringLiteral("run.embedscope"), corpus, tsneLayout());
        auto window = newWindow();
        QSignalSpy opened(window->sessions(), &SessionActions::sessionOpened);
        window->openInitialCorpus(path, false);
        QVERIFY(window->isLoading());  // read in the background
        QVERIFY(opened.wait(10000));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        QCOMPARE(window->vectorsPath(), path);
        QVERIFY(window->windowTitle().contains(QStringLiteral("run.embedscope")));
        const LoadedVectorSource* loaded = window->controller()->loadedVectors();
        QVERIFY(loaded);
        const WordVectors expected = someVectors(40, 8, 99);
        QCOMPARE(loaded->words(), expected.words);
        QCOMPARE(tableBytes(loaded->table()), tableBytes(expected.vectors));
        // The saved plotted words (the selected word may join them).
        std::vector<std::int32_t> rows = window->controller()->trackedRows();
        rows.erase(std::remove(rows.begin(), rows.end(), window->controller()->extraTrackedRow()),
                   rows.end());
        QCOMPARE(int(rows.size()), 12);
        QCOMPARE(rows.back(), 11);
        QVERIFY(sameLayout(window->controller()->layouts().layout(), tsneLayout()));
        QVERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("40 × 8, 2 frames")),
                 qPrintable(window->statusBar()->currentMessage()));
        QVERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("unchanged")),
                 qPrintable(window->statusBar()->currentMessage()));
        QCOMPARE(window->sessions()->sessionPath(), QFileInfo(path).absoluteFilePath());
    }

    // The panels show the options the session's tables were made with, so that opening its
    // corpus and pressing Start trains the same way; options that cannot be read leave the
    // panels as they were and say so, and the vectors still open.
    void panelsShowTheSessionsOptions() {
        const QString corpus = writeFile(dir_, QStringLiteral("c-options.txt"), topicCorpus(50));
        TrainerOptions made;
        made.model = TrainingModel::Cbow;
        made.dim = 8;
        made.window = 3;
        made.epochs = 7;
        made.seed = 42;
        made.threads = 1;
        made.shuffleLines = true;
        CorpusOptions corpusMade;
        corpusMade.minCount = 2;
        corpusMade.tokenizer.digitsToToken = true;
        const QString path =
            writeTestSession(QStringLiteral("options.embedscope"), corpus, tsneLayout(), 2,
                             trainerOptionsJson(made), corpusOptionsJson(corpusMade));
        auto window = newWindow();
        TrainerOptions before = window->trainingPanel()->options();
        before.model = TrainingModel::SkipGram;
        before.dim = 50;
        before.epochs = 2;
        window->trainingPanel()->setOptions(before);
        QVERIFY(openAndWait(*window, path));
        const TrainerOptions shown = window->trainingPanel()->options();
        QCOMPARE(shown.model, TrainingModel::Cbow);
        QCOMPARE(shown.dim, 8);
        QCOMPARE(shown.window, 3);
        QCOMPARE(shown.epochs, 7);
        QCOMPARE(shown.seed, std::uint64_t(42));
        QCOMPARE(shown.threads, 1);
        QVERIFY(shown.shuffleLines);
        QCOMPARE(window->controller()->options().dim, 8);  // what the next corpus trains with
        QCOMPARE(window->corpusPanel()->corpusOptions().minCount, std::uint64_t(2));
        QVERIFY(window->corpusPanel()->corpusOptions().tokenizer.digitsToToken);

        QJsonObject bad = trainerOptionsJson(made);
        bad[QStringLiteral("dim")] = QStringLiteral("eight");
        const QString badPath = writeTestSession(QStringLiteral("bad-options.embedscope"), corpus,
                                                 tsneLayout(), 2, bad);
        auto other = newWindow();
        other->trainingPanel()->setOptions(before);
        QVERIFY(openAndWait(*other, badPath));
        QVERIFY(other->controller()->loadedVectors());
        QCOMPARE(other->trainingPanel()->options().dim, 50);
        const QString message = other->statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("training options were not read")) &&
                     message.contains(QStringLiteral("\"dim\"")),
                 qPrintable(message));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
    }

    void saysWhenTheCorpusMovedOrChanged() {
        const QString corpus = writeFile(dir_, QStringLiteral("c2.txt"), topicCorpus(50));
        const QString path =
            writeTestSession(QStringLiteral("moved.embedscope"), corpus, LayoutOptions{});
        writeFile(dir_, QStringLiteral("c2.txt"), topicCorpus(60));
        auto window = newWindow();
        QVERIFY(openAndWait(*window, path));
        QVERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("has changed")),
                 qPrintable(window->statusBar()->currentMessage()));
        QVERIFY(QFile::remove(corpus));
        QVERIFY(openAndWait(*window, path));
        QVERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("moved or is gone")),
                 qPrintable(window->statusBar()->currentMessage()));
        QCOMPARE(window->controller()->source()->rows(), 40);  // the vectors are shown all the same
    }

    void damagedOrNewerSessionLeavesTheWindowAsItWas() {
        const QString corpus = writeFile(dir_, QStringLiteral("c3.txt"), topicCorpus(50));
        const QString good =
            writeTestSession(QStringLiteral("good.embedscope"), corpus, LayoutOptions{});
        QFile file(good);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        file.close();

        QByteArray damaged = bytes;
        damaged[damaged.size() - 5] = char(damaged[damaged.size() - 5] ^ 0x5a);
        const QString damagedPath = writeFile(dir_, QStringLiteral("damaged.embedscope"), damaged);
        QByteArray newer = bytes;
        const std::uint32_t version = kSessionFormatVersion + 1;
        std::memcpy(newer.data() + 19, &version, 4);  // little-endian hosts (x86, arm64)
        const QString newerPath = writeFile(dir_, QStringLiteral("newer.embedscope"), newer);

        auto window = newWindow();
        const QString vectors = dir_.filePath(QStringLiteral("before.csv"));
        writeVectors(vectors.toStdString(), someVectors(30, 5, 99), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        const QString title = window->windowTitle();

        QSignalSpy opened(window->sessions(), &SessionActions::sessionOpened);
        for (const QString& path : {damagedPath, newerPath}) {
            errors_.clear();
            QSignalSpy failed(window.get(), &MainWindow::loadFailed);
            window->openCorpus(path);  // as a file dropped on the window
            QVERIFY(failed.wait(10000));
            QTRY_VERIFY(!window->isLoading());
            QCOMPARE(errors_.size(), 1);  // the error dialog
            QVERIFY2(errors_.front().contains(path), qPrintable(errors_.front()));
            QCOMPARE(window->vectorsPath(), vectors);
            QCOMPARE(window->windowTitle(), title);
            QCOMPARE(window->controller()->source()->rows(), 30);
            QVERIFY(window->sessions()->sessionPath().isEmpty());
        }
        QVERIFY2(errors_.front().contains(QStringLiteral("version")), qPrintable(errors_.front()));
        QCOMPARE(opened.size(), 0);
    }

    // Cancel while a session is read (here: while its corpus of 48 MB is CRC-checked) leaves the
    // vectors shown before, without an error dialog; so does a vector file opened meanwhile; the
    // session opens afterwards all the same.
    void cancelledSessionOpenLeavesTheEarlierVectors() {
        QByteArray text;
        for (int i = 0; text.size() < (48 << 20); ++i)
            text += "the quick brown fox jumps over the lazy dog " + QByteArray::number(i) + '\n';
        const QString corpus = writeFile(dir_, QStringLiteral("big.txt"), text);
        const QString path =
            writeTestSession(QStringLiteral("slow.embedscope"), corpus, LayoutOptions{});
        auto window = newWindow();
        const QString vectors = dir_.filePath(QStringLiteral("kept.csv"));
        writeVectors(vectors.toStdString(), someVectors(30, 5, 99), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        const auto before = window->controller()->source();
        const QString title = window->windowTitle();

        QSignalSpy cancelled(window.get(), &MainWindow::loadCancelled);
        QSignalSpy opened(window->sessions(), &SessionActions::sessionOpened);
        QVERIFY(window->sessions()->openSession(path));
        QVERIFY(window->isLoading());
        window->cancelLoad();
        QVERIFY(cancelled.wait(10000));
        QTRY_VERIFY(!window->isLoading());
        QCOMPARE(opened.size(), 0);
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        QCOMPARE(window->controller()->source(), before);
        QCOMPARE(window->vectorsPath(), vectors);
        QCOMPARE(window->windowTitle(), title);
        QVERIFY(window->sessions()->sessionPath().isEmpty());
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("cancelled")));

        // The newest request wins: a vector file opened meanwhile replaces the session's load.
        QVERIFY(window->sessions()->openSession(path));
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        QTRY_VERIFY(!window->isLoading());
        QCOMPARE(opened.size(), 0);
        QVERIFY(window->sessions()->sessionPath().isEmpty());
        QCOMPARE(window->vectorsPath(), vectors);

        QVERIFY(openAndWait(*window, path));
        QCOMPARE(window->controller()->source()->rows(), 40);
        QVERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("unchanged")),
                 qPrintable(window->statusBar()->currentMessage()));
    }

    // Train, save (the timeline recorded while training among it), reopen, compare; then save the
    // opened session again and compare the two files' contents.
    void saveReopenCompare() {
        const QString corpus = writeFile(dir_, QStringLiteral("topics.txt"), topicCorpus());
        auto window = newWindow();
        QSignalSpy loaded(window.get(), &MainWindow::corpusLoaded);
        window->openCorpus(corpus);
        QVERIFY(loaded.wait(10000));
        TrainerOptions options = window->trainingPanel()->options();
        options.dim = 12;
        options.epochs = 30;
        window->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        LayoutOptions layout;
        layout.components = {1, 0};
        layout.seed = 5;
        window->controller()->layouts().setLayout(layout);
        QSignalSpy finished(window->controller(), &TrainingController::trainingFinished);
        window->controller()->start();
        QVERIFY(finished.wait(60000));

        const WordVectors trained = window->controller()->currentVectors();
        const QString path = dir_.filePath(QStringLiteral("trained.embedscope"));
        QVERIFY2(window->sessions()->saveSession(path), qPrintable(errors_.join('\n')));
        QVERIFY(!window->isWindowModified());  // the session holds the trained vectors

        const Session saved = readSession(path.toStdString());
        QCOMPARE(saved.vectors.words, trained.words);
        QCOMPARE(tableBytes(saved.vectors.vectors), tableBytes(trained.vectors));
        QVERIFY2(saved.frames.size() >= 2, qPrintable(QString::number(saved.frames.size())));
        QCOMPARE(saved.frames.back().metrics.fraction, 1.0);
        QCOMPARE(saved.source.path, QFileInfo(corpus).absoluteFilePath().toStdString());
        // Described by the save's job: the corpus's size and CRC-32.
        const SessionSource described = describeSource(corpus.toStdString(), "corpus");
        QCOMPARE(saved.source.bytes, described.bytes);
        QVERIFY(saved.source.bytes > 0);
        QCOMPARE(saved.source.crc32, described.crc32);
        QCOMPARE(saved.trainerOptions.value(QStringLiteral("dim")).toInt(), 12);
        QCOMPARE(saved.trainerOptions.value(QStringLiteral("epochs")).toInt(), 30);
        // The run just ended: the timeline bar replays what was recorded.
        QVERIFY(window->timelineBar()->isVisibleTo(window.get()));
        QCOMPARE(window->timelineBar()->frameCount(), int(saved.frames.size()));
        // The bar shares the recorder's frames: the end of a run copies no vectors.
        const TrainingTimeline* recorded = window->timelineRecorder()->timeline();
        QVERIFY(recorded);
        QCOMPARE(window->timelineBar()->replay()->frame(0).vectors.get(),
                 recorded->frames().front().vectors.get());
        QCOMPARE(int(saved.trackedRows.size()),
                 int(std::min<std::size_t>(TrainingController::kDefaultTrackedCount,
                                           trained.words.size())));

        auto reopened = newWindow();
        QVERIFY(openAndWait(*reopened, path));
        const LoadedVectorSource* loadedSource = reopened->controller()->loadedVectors();
        QVERIFY(loadedSource);
        QCOMPARE(loadedSource->words(), trained.words);
        QCOMPARE(tableBytes(loadedSource->table()), tableBytes(trained.vectors));
        QVERIFY(sameLayout(reopened->controller()->layouts().layout(), layout));

        // Save session on the opened one (Ctrl+S writes to its file without asking), elsewhere.
        const QString again = dir_.filePath(QStringLiteral("again.embedscope"));
        reopened->sessions()->setSavePathChooser([](const QString&) { return QString(); });
        QVERIFY(reopened->sessions()->saveSession(again));
        const Session resaved = readSession(again.toStdString());
        QCOMPARE(resaved.vectors.words, saved.vectors.words);
        QCOMPARE(tableBytes(resaved.vectors.vectors), tableBytes(saved.vectors.vectors));
        QCOMPARE(resaved.trackedRows, saved.trackedRows);
        QCOMPARE(resaved.frames.size(), saved.frames.size());
        QCOMPARE(tableBytes(*resaved.frames.back().vectors),
                 tableBytes(*saved.frames.back().vectors));
        QCOMPARE(resaved.source.crc32, saved.source.crc32);
        QCOMPARE(resaved.trainerOptions, saved.trainerOptions);
        QCOMPARE(resaved.view, saved.view);
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
    }

    // Save without a session file asks for a name (and adds the extension); then Ctrl+S writes
    // there without asking.
    void saveAsksForANameOnlyOnce() {
        auto window = newWindow();
        const QString vectors = dir_.filePath(QStringLiteral("plain.csv"));
        writeVectors(vectors.toStdString(), someVectors(25, 4, 99), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        int asked = 0;
        const QString chosen = dir_.filePath(QStringLiteral("named"));
        window->sessions()->setSavePathChooser([&](const QString& start) {
            ++asked;
            return start.isEmpty() ? QString() : chosen;
        });
        QVERIFY(window->sessions()->saveSessionWithDialog());
        QVERIFY(window->sessions()->saveSessionWithDialog());
        QCOMPARE(asked, 1);
        const Session saved = readSession((chosen + QStringLiteral(".embedscope")).toStdString());
        QCOMPARE(saved.source.kind, std::string("vectors"));
        QVERIFY(saved.trackedRows.empty());  // the whole file was plotted
        QCOMPARE(int(saved.vectors.words.size()), 25);
        QVERIFY(saved.frames.empty());
    }

    // The bar under the plot scrubs (keys, setCurrentFrame) and plays the session's frames onto
    // the plot, every frame on the final frame's axes.
    void timelineBarScrubsAndPlays() {
        const QString corpus = writeFile(dir_, QStringLiteral("c4.txt"), topicCorpus(50));
        const QString path =
            writeTestSession(QStringLiteral("replay.embedscope"), corpus, LayoutOptions{});
        auto window = newWindow();
        window->show();
        TimelineBar* bar = window->timelineBar();
        QVERIFY(!bar->isVisible());
        QVERIFY(openAndWait(*window, path));
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->frameCount(), 2);
        QCOMPARE(bar->currentFrame(), 1);  // the end: the saved table

        std::vector<std::shared_ptr<const Frame>> shown;
        connect(bar, &TimelineBar::frameChosen, this,
                [&shown](std::shared_ptr<const Frame> frame) { shown.push_back(frame); });
        bar->slider()->setFocus();
        QTest::keyClick(bar->slider(), Qt::Key_Left);
        QCOMPARE(bar->currentFrame(), 0);
        QTest::keyClick(bar->slider(), Qt::Key_Right);
        QCOMPARE(bar->currentFrame(), 1);
        QCOMPARE(int(shown.size()), 2);
        std::vector<std::int32_t> tracked(12);
        for (int r = 0; r < 12; ++r)
            tracked[std::size_t(r)] = r;
        QCOMPARE(shown[0]->rows, tracked);
        QVERIFY(window->plotArea()->showsRows(tracked));
        // Frame 0 holds half of frame 1's vectors: on one fixed basis every difference between
        // two words is half as long (a basis refitted per frame would rescale it).
        const RowMatrixXf& early = shown[0]->positions;
        const RowMatrixXf& late = shown[1]->positions;
        QCOMPARE(early.rows(), 12);
        QCOMPARE(early.cols(), 2);
        for (int r = 1; r < 12; ++r)
            for (int c = 0; c < 2; ++c)
                QVERIFY(std::abs((early(r, c) - early(0, c)) - 0.5f * (late(r, c) - late(0, c))) <
                        1e-4f);
        QVERIFY((late.row(1) - late.row(0)).norm() > 1e-3f);

        shown.clear();
        bar->setPlaying(true);  // at the end: plays from the start
        QVERIFY(bar->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(!bar->isPlaying(), 5000);
        QCOMPARE(bar->currentFrame(), 1);
        QCOMPARE(int(shown.size()), 2);  // frame 0, then frame 1

        // 16x skips 15 frames of 16 (20 ticks a second): 40 frames take 3 ticks, not 39.
        const QString longer =
            writeTestSession(QStringLiteral("longer.embedscope"), corpus, LayoutOptions{}, 40);
        QVERIFY(openAndWait(*window, longer));
        QCOMPARE(bar->frameCount(), 40);
        bar->setSpeed(15);  // the nearest offered: 16
        QCOMPARE(bar->speed(), 16.0);
        shown.clear();
        bar->setPlaying(true);
        QTRY_VERIFY_WITH_TIMEOUT(!bar->isPlaying(), 5000);
        QCOMPARE(bar->currentFrame(), 39);
        QCOMPARE(int(shown.size()), 4);  // frames 0, 16, 32 and 39
        bar->jumpToEpoch(3);
        QCOMPARE(bar->currentFrame(), 20);
        bar->jumpToEpoch(9);  // past the last epoch recorded: the last frame
        QCOMPARE(bar->currentFrame(), 39);
        bar->setSpeed(0.25);
        QCOMPARE(bar->speed(), 0.25);

        // Another file: nothing to replay.
        const QString vectors = dir_.filePath(QStringLiteral("novideo.csv"));
        writeVectors(vectors.toStdString(), someVectors(20, 4, 99), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        QVERIFY(!bar->isVisible());
        QCOMPARE(bar->frameCount(), 0);
    }

    // The bar's axes box: fixed axes (the final frame's, or the cursor's frame's after "This
    // frame's axes") or aligned per frame, remembered for the next window.
    void timelineBarChoosesTheReplaysAxes() {
        const QString corpus = writeFile(dir_, QStringLiteral("c8.txt"), topicCorpus(50));
        const QString path =
            writeTestSession(QStringLiteral("axes.embedscope"), corpus, LayoutOptions{}, 6);
        {
            auto window = newWindow();
            window->show();
            QVERIFY(openAndWait(*window, path));
            TimelineBar* bar = window->timelineBar();
            QCOMPARE(bar->replayAxes(), ReplayAxes::Fixed);
            std::shared_ptr<const Frame> shown;
            connect(bar, &TimelineBar::frameChosen, this,
                    [&shown](std::shared_ptr<const Frame> frame) { shown = frame; });
            bar->setCurrentFrame(2);
            bar->useCurrentFrameAxes();
            QCOMPARE(bar->replay()->basisFrame(), 2);
            QCOMPARE(bar->axesBox()->currentText(), QStringLiteral("Axes of frame 3"));
            QVERIFY(shown);
            // Frame 2 on its own axes: its RMS radius is 1 (the final frame's axes give 3/6).
            const double rms = shown->positions.norm() / std::sqrt(double(shown->positions.rows()));
            QVERIFY2(std::abs(rms - 1.0) < 1e-3, qPrintable(QString::number(rms)));

            bar->axesBox()->setCurrentIndex(1);
            QMetaObject::invokeMethod(bar->axesBox(), "activated", Q_ARG(int, 1));
            QCOMPARE(bar->replayAxes(), ReplayAxes::Aligned);
            QCOMPARE(bar->replay()->axes(), ReplayAxes::Aligned);
        }
        auto window = newWindow();
        QCOMPARE(window->timelineBar()->replayAxes(), ReplayAxes::Aligned);
        QVERIFY(openAndWait(*window, path));
        QCOMPARE(window->timelineBar()->replay()->axes(), ReplayAxes::Aligned);
        QCOMPARE(window->timelineBar()->replay()->basisFrame(), 5);  // a new replay: the final
        window->timelineBar()->setReplayAxes(ReplayAxes::Fixed);
    }

    // Scrubbing, the Inspector shows the selected word's vector at the cursor's frame, compared
    // with other tracked words, and the neighbours panel its neighbours among the tracked words
    // of that frame; a word that was not tracked shows its vector now, and says so.
    void inspectorAndNeighboursFollowTheCursor() {
        const QString corpus = writeFile(dir_, QStringLiteral("c9.txt"), topicCorpus(50));
        const QString path =
            writeTestSession(QStringLiteral("cursor.embedscope"), corpus, LayoutOptions{}, 6);
        const WordVectors table = someVectors(40, 8, 99);  // writeTestSession's table
        auto window = newWindow();
        window->show();
        QVERIFY(openAndWait(*window, path));
        window->selectRow(3);
        InspectorPanel* inspector = window->inspectorPanel();
        NeighboursPanel* neighbours = window->neighboursPanel();
        QVERIFY(!inspector->headerText().contains(QLatin1String("frame")));

        window->timelineBar()->setCurrentFrame(2);  // frame 2 holds the tracked rows x 3
        const QVector<float> shown = inspector->shownRow();
        QCOMPARE(int(shown.size()), 8);
        for (int d = 0; d < 8; ++d)
            QCOMPARE(shown[d], table.vectors(3, d) * 3.0f);
        QVERIFY2(inspector->headerText().contains(QLatin1String("At frame 3 of 6")),
                 qPrintable(inspector->headerText()));
        QVERIFY(inspector->comparedWords().size() > 1);
        for (const QString& word : inspector->comparedWords())
            QVERIFY2(word.mid(1).toInt() < 12, qPrintable(word));  // tracked: w0..w11
        QVERIFY2(neighbours->titleText().contains(QLatin1String("among the 12 recorded words")),
                 qPrintable(neighbours->titleText()));
        QCOMPARE(int(neighbours->neighbourWords().size()), 10);
        for (const QString& word : neighbours->neighbourWords())
            QVERIFY2(word.mid(1).toInt() < 12 && word != QLatin1String("w3"), qPrintable(word));

        window->selectRow(20);  // not tracked
        QVERIFY2(inspector->headerText().contains(QLatin1String("Not recorded")),
                 qPrintable(inspector->headerText()));
        QCOMPARE(inspector->shownRow()[0], table.vectors(20, 0));
        QVERIFY(!neighbours->titleText().contains(QLatin1String("among the")));
    }

    // An opened session's charts draw its frames' loss and words/s; the replay's cursor is marked
    // on them and follows the timeline bar.
    void chartsShowTheSessionsCurvesAndTheCursor() {
        const QString corpus = writeFile(dir_, QStringLiteral("c6.txt"), topicCorpus(50));
        const QString path =
            writeTestSession(QStringLiteral("curves.embedscope"), corpus, LayoutOptions{}, 6);
        auto window = newWindow();
        window->show();
        QVERIFY(openAndWait(*window, path));
        const ChartsPanel* charts = window->chartsPanel();
        // writeTestSession's frames: seconds f, loss 1 / (f + 1), words/s 1000 (f + 1).
        QCOMPARE(charts->lossChart()->points().size(), 6);
        QCOMPARE(charts->speedChart()->points().size(), 6);
        QCOMPARE(charts->lossChart()->points()[2], QPointF(2.0, 1.0 / 3.0));
        QCOMPARE(charts->speedChart()->points()[5], QPointF(5.0, 6000.0));
        QCOMPARE(charts->lossChart()->marker(), std::optional<double>(5.0));  // at the end
        window->timelineBar()->setCurrentFrame(2);
        QCOMPARE(charts->lossChart()->marker(), std::optional<double>(2.0));
        QCOMPARE(charts->speedChart()->marker(), std::optional<double>(2.0));

        // Another file: no replay, no curves, no marker.
        const QString vectors = dir_.filePath(QStringLiteral("nocurves.csv"));
        writeVectors(vectors.toStdString(), someVectors(20, 4, 99), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        QVERIFY(charts->lossChart()->points().isEmpty());
        QVERIFY(!charts->lossChart()->marker());
    }

    // The session's plotted words replace the panel's list while it is shown, and the list the
    // user had comes back with the next file.
    void plottedWordsComeBackAfterTheSession() {
        const QString corpus = writeFile(dir_, QStringLiteral("c5.txt"), topicCorpus(50));
        const QString path =
            writeTestSession(QStringLiteral("list.embedscope"), corpus, LayoutOptions{});
        auto window = newWindow();
        const QString vectors = dir_.filePath(QStringLiteral("listed.csv"));
        writeVectors(vectors.toStdString(), someVectors(30, 5, 99), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        QVERIFY(!window->controller()->usesTrackedWordList());

        QVERIFY(openAndWait(*window, path));
        QVERIFY(window->controller()->usesTrackedWordList());
        QVERIFY(window->trainingPanel()->trackedWordList().startsWith(QStringLiteral("w0 w1 ")));

        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        QVERIFY(!window->controller()->usesTrackedWordList());
        QVERIFY(window->trainingPanel()->trackedWordList().isEmpty());
        QCOMPARE(int(window->controller()->trackedRows().size()), 30);  // the whole file again
    }

    // Plotted words that hold spaces or quotes (a vector file's phrases) come back from a session
    // as they were saved: the panel's list quotes them instead of splitting them.
    void plottedWordsWithSpacesSurviveASession() {
        const QString corpus = writeFile(dir_, QStringLiteral("c7.txt"), topicCorpus(50));
        Session session;
        session.source = describeSource(corpus.toStdString(), "corpus");
        session.vectors = someVectors(30, 6, 99);
        session.vectors.words[1] = "new york";
        session.vectors.words[4] = "say \"hi\"";
        session.vectors.words[6] = "\"quoted";
        session.vectors.words[7] = "new";  // a part of "new york" is a word of its own too
        session.trackedRows = {1, 2, 4, 6, 9, 11};
        const QString path = dir_.filePath(QStringLiteral("phrases.embedscope"));
        writeSession(path.toStdString(), session);

        auto window = newWindow();
        QVERIFY(openAndWait(*window, path));
        QVERIFY(window->controller()->usesTrackedWordList());
        QCOMPARE(window->controller()->chosenRows(), session.trackedRows);
        QVERIFY(window->controller()->missingTrackedWords().isEmpty());

        const QString again = dir_.filePath(QStringLiteral("phrases-again.embedscope"));
        QVERIFY(window->sessions()->saveSession(again));
        QCOMPARE(readSession(again.toStdString()).trackedRows, session.trackedRows);
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
    }

    // A session saves the plotted words without the selected word that only joined them, and
    // with it once it is listed among them (the selected row stays the extra row then).
    void sessionSavesTheChosenWordsWithoutTheExtraRow() {
        auto window = newWindow();
        const QString vectors = dir_.filePath(QStringLiteral("extra.csv"));
        writeVectors(vectors.toStdString(), someVectors(30, 5, 99), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        TrainingController* controller = window->controller();
        controller->setTrackedWords(
            {QStringLiteral("w0"), QStringLiteral("w1"), QStringLiteral("w2")});
        QVERIFY(controller->setExtraTrackedRow(10));
        const QString first = dir_.filePath(QStringLiteral("extra1.embedscope"));
        QVERIFY(window->sessions()->saveSession(first));
        QCOMPARE(readSession(first.toStdString()).trackedRows,
                 std::vector<std::int32_t>({0, 1, 2}));

        controller->setTrackedWords({QStringLiteral("w0"), QStringLiteral("w1"),
                                     QStringLiteral("w2"), QStringLiteral("w10")});
        QCOMPARE(controller->trackedRows(), std::vector<std::int32_t>({0, 1, 2, 10}));
        const QString second = dir_.filePath(QStringLiteral("extra2.embedscope"));
        QVERIFY(window->sessions()->saveSession(second));
        QCOMPARE(readSession(second.toStdString()).trackedRows,
                 std::vector<std::int32_t>({0, 1, 2, 10}));
    }

    // The file a session was made from is described (size, CRC-32) once for each path, size and
    // date; a description that failed (the file unreadable for a moment) is not remembered as
    // 0 bytes with CRC-32 0: the next save describes it again.
    void aFailedSourceDescriptionIsNotCached() {
        auto window = newWindow();
        const QString vectors = dir_.filePath(QStringLiteral("described.csv"));
        writeVectors(vectors.toStdString(), someVectors(20, 4, 99), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        QVERIFY(loaded.wait(10000));
        int calls = 0;
        window->sessions()->setSourceDescriber(
            [&calls](const std::string& path, const std::string& kind, const JobControl& control) {
                if (++calls == 1)
                    throw Error(path + ": Input/output error");
                return describeSource(path, kind, control);
            });
        const QString path = dir_.filePath(QStringLiteral("described.embedscope"));
        QVERIFY(window->sessions()->saveSession(path));
        QCOMPARE(readSession(path.toStdString()).source.bytes, std::uint64_t(0));
        QVERIFY(window->sessions()->saveSession(path));
        QCOMPARE(calls, 2);
        const SessionSource expected = describeSource(vectors.toStdString(), "vectors");
        const Session saved = readSession(path.toStdString());
        QVERIFY(expected.bytes > 0);
        QCOMPARE(saved.source.bytes, expected.bytes);
        QCOMPARE(saved.source.crc32, expected.crc32);
        // Described once: a third save reuses it.
        QVERIFY(window->sessions()->saveSession(path));
        QCOMPARE(calls, 2);
        QCOMPARE(readSession(path.toStdString()).source.crc32, expected.crc32);
    }

    // A run evaluated as it trains (analogies and word pairs, every 0.05 s here): the frames
    // recorded after a score carry it, the Charts panel draws the accuracy live with the cursor,
    // and a saved session draws it again from its frames.
    void evaluationScoresFollowTheTimeline() {
        const QString corpus = writeFile(dir_, QStringLiteral("scored.txt"), topicCorpus());
        const QString analogies =
            writeFile(dir_, QStringLiteral("questions.txt"),
                      ": topics\ndog cat horse cow\nred green blue yellow\none two three four\n"
                      "dog cat red green\nsheep goat five six\n");
        const QString pairs = writeFile(dir_, QStringLiteral("pairs.tsv"),
                                        "dog\tcat\t9\nred\tblue\t8\ndog\tred\t1\n"
                                        "two\tsix\t8\ncat\tfive\t1\n");
        auto window = newWindow();
        window->trainingEvaluator()->setFiles(analogies, {pairs});
        window->trainingEvaluator()->setIntervalSeconds(0.05);
        QSignalSpy loaded(window.get(), &MainWindow::corpusLoaded);
        window->openCorpus(corpus);
        QVERIFY(loaded.wait(10000));
        TrainerOptions options = window->trainingPanel()->options();
        options.dim = 12;
        options.epochs = 5000;  // stopped after three evaluations, long before the end
        window->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window->trainingPanel(), "optionsEdited");
        QSignalSpy scored(window->trainingEvaluator(), &TrainingEvaluator::scored);
        QSignalSpy finished(window->controller(), &TrainingController::trainingFinished);
        window->controller()->start();
        QTRY_VERIFY_WITH_TIMEOUT(scored.count() >= 3, 60000);
        window->controller()->stop();
        QVERIFY(finished.count() == 1 || finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!window->trainingEvaluator()->isRunning(), 10000);
        QVERIFY2(scored.count() >= 1, "no evaluation while training");
        const TrainingScore last = *window->trainingEvaluator()->latest();
        QVERIFY(last.analogyAccuracy >= 0 && last.analogyAccuracy <= 1);
        QVERIFY(last.spearman >= -1 && last.spearman <= 1);

        const ChartWidget* quality = window->chartsPanel()->qualityChart();
        QVERIFY(quality->isVisibleTo(window->chartsPanel()));
        QCOMPARE(int(quality->points().size()), int(scored.count()));
        const TrainingTimeline* timeline = window->timelineRecorder()->timeline();
        QVERIFY(timeline);
        int scoredFrames = 0;
        for (const TimelineFrame& frame : timeline->frames())
            scoredFrames += std::isfinite(frame.metrics.analogyAccuracy) ? 1 : 0;
        qInfo("%lld evaluations, %d of %zu frames scored, last accuracy %.3f, Spearman %.3f",
              qlonglong(scored.count()), scoredFrames, timeline->frames().size(),
              last.analogyAccuracy, last.spearman);
        QVERIFY2(scoredFrames >= 1, qPrintable(QString::number(scoredFrames)));
        QVERIFY(!std::isfinite(timeline->frames().front().metrics.analogyAccuracy));
        window->timelineBar()->setCurrentFrame(0);
        QCOMPARE(quality->marker(), std::optional<double>(0.0));

        const QString path = dir_.filePath(QStringLiteral("scored.embedscope"));
        QVERIFY(window->sessions()->saveSession(path));
        auto reopened = newWindow();
        QVERIFY(openAndWait(*reopened, path));
        const ChartWidget* replayed = reopened->chartsPanel()->qualityChart();
        QVERIFY(replayed->isVisibleTo(reopened->chartsPanel()));
        QVERIFY(!replayed->points().isEmpty());
        QCOMPARE(replayed->points().back().y(), timeline->frames().back().metrics.analogyAccuracy);
        window->trainingEvaluator()->setIntervalSeconds(TrainingEvaluator::kDefaultIntervalSeconds);
    }

    void timelineBudgetIsRemembered() {
        {
            auto window = newWindow();
            QCOMPARE(window->timelineRecorder()->budgetMb(), TimelineRecorder::kDefaultBudgetMb);
            window->timelineRecorder()->setBudgetMb(64);
        }
        auto window = newWindow();
        QCOMPARE(window->timelineRecorder()->budgetMb(), 64);
        window->timelineRecorder()->setBudgetMb(TimelineRecorder::kDefaultBudgetMb);
    }
};

EMBEDSCOPE_TEST_MAIN(TestSessionGui)
#include "tst_session_gui.moc"
