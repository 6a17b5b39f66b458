// Faults while training and loading: Ctrl-C (SIGINT) to the CLI during training and during the
// loading of a large corpus, divergence, a paused trainer's CPU use, and repeated start/stop and
// cancelled loads (no leak: LeakSanitizer checks in the ASan CI stage; here resident memory must
// not grow). Named "trainer" so that CTest labels it "threading" and CI runs it under
// ThreadSanitizer. In a sanitizer build (detected, or EMBEDSCOPE_SANITIZER_BUILD set) the 200 MB
// corpus rows are skipped and memory growth is not judged.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <thread>

#include "Error.h"
#include "TokenizedCorpus.h"
#include "Trainer.h"
#include "testutil.h"

using namespace embedscope;

namespace {

using namespace embedscope::test;

// Sentences of 12 words drawn from `distinct` words with a skewed (Zipf-like) frequency, so that
// every word passes min-count 5 once there are enough sentences.
QByteArray corpusText(int sentences, int distinct, unsigned seed = 9) {
    std::mt19937 generator(seed);
    std::uniform_real_distribution<double> uniform(0, 1);
    QByteArray text;
    text.reserve(sentences * 12 * 7);
    for (int s = 0; s < sentences; ++s) {
        for (int i = 0; i < 12; ++i) {
            const int word = int(distinct * uniform(generator) * uniform(generator));
            text += 'w';
            text += QByteArray::number(word);
            text += i < 11 ? ' ' : '\n';
        }
    }
    return text;
}

double processCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

// Resident memory of this process in kB (Linux), or -1.
long long residentKilobytes() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

template <typename Condition>
bool waitFor(Condition condition, int milliseconds = 10000) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// Sends SIGINT to a running embedscope-cli, which must then exit normally with code 130 within a
// second. Appends what it wrote to standard error to err. Callers check
// QTest::currentTestFailed() afterwards.
void interruptExpectingCleanExit(QProcess& process, QByteArray& err) {
    QElapsedTimer sinceSignal;
    sinceSignal.start();
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
    QVERIFY2(process.waitForFinished(10000), "no exit after SIGINT");
    const qint64 exitMs = sinceSignal.elapsed();
    err += process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QVERIFY2(exitMs < 1000, qPrintable(QStringLiteral("exit took %1 ms").arg(exitMs)));
}

}  // namespace

class TestTrainerFaults : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString corpusPath_;  // 20000 sentences: 240000 tokens, a vocabulary of about 1500

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        corpusPath_ = test::writeFile(dir_, QStringLiteral("corpus.txt"), corpusText(20000, 3000));
    }

    // The in-process tests come first: ThreadSanitizer refuses to start threads in a process
    // that has forked (QProcess) while it had threads.
    // Paused workers wait on a condition variable: the process uses next to no CPU.
    void pausedTrainerUsesNoCpu() {
        const auto corpus = std::make_shared<TokenizedCorpus>(
            loadCorpus(test::toStd(corpusPath_), CorpusOptions{}));
        TrainerOptions options;
        options.dim = 32;
        options.epochs = 100000;
        options.threads = 2;
        Trainer trainer(corpus, options);
        trainer.start();
        QVERIFY(waitFor([&] { return trainer.progress().wordsProcessed > 2000; }, 60000));
        trainer.pause();
        QCOMPARE(trainer.state(), TrainerState::Paused);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let workers park
        const double cpuBefore = processCpuSeconds();
        const auto wallBefore = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        const double cpu = processCpuSeconds() - cpuBefore;
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wallBefore).count();
        qInfo("paused: %.4f s of CPU in %.3f s", cpu, wall);
        trainer.resume();
        QVERIFY(waitFor([&] { return trainer.state() == TrainerState::Running; }));
        trainer.stop();
        // Under 5% of one core. Not judged under a sanitizer, whose runtime has threads of its
        // own (ThreadSanitizer's background thread wakes every few milliseconds).
        if (!sanitizerBuild())
            QVERIFY2(cpu < 0.05 * wall,
                     qPrintable(QStringLiteral("%1 s of CPU in %2 s paused").arg(cpu).arg(wall)));
        QCOMPARE(trainer.state(), TrainerState::Stopped);
    }

    // Start/stop and cancelled loads, over and over: nothing accumulates. Leaks proper are
    // LeakSanitizer's to find (ASan stage); here resident memory after the cycles must stay within
    // a few MB of what it was after the first cycle.
    void repeatedCyclesDoNotGrow() {
        const auto corpus = std::make_shared<TokenizedCorpus>(
            loadCorpus(test::toStd(corpusPath_), CorpusOptions{}));
        const bool sanitizer = sanitizerBuild();
        const int trainerCycles = 50;
        const int loadCycles = 20;

        const auto trainerCycle = [&](int cycle) {
            TrainerOptions options;
            options.dim = 64;
            options.epochs = 1000;
            options.threads = 2;
            options.seed = std::uint64_t(cycle + 1);
            Trainer trainer(corpus, options);
            trainer.start();
            if (cycle % 3 == 1)
                trainer.pause();
            if (cycle % 2 == 0)
                trainer.stop();
            // odd cycles: destroyed while running or paused
        };
        // A 4 MB corpus, cancelled at its first progress report (after the first 1 MB chunk).
        const QString loadPath = dir_.filePath(QStringLiteral("cancel.txt"));
        if (!QFile::exists(loadPath))
            test::writeFile(dir_, QStringLiteral("cancel.txt"), corpusText(60000, 5000, 6));
        int cancelled = 0;
        const auto loadCycle = [&] {
            std::atomic<bool> cancel{false};
            JobControl control;
            control.cancel = &cancel;
            control.progress = [&](std::uint64_t, std::uint64_t) { cancel = true; };
            try {
                loadCorpus(test::toStd(loadPath), CorpusOptions{}, control);
            } catch (const Cancelled&) {
                ++cancelled;
            }
        };

        trainerCycle(0);
        loadCycle();
        const long long afterFirst = residentKilobytes();
        for (int cycle = 1; cycle < trainerCycles; ++cycle)
            trainerCycle(cycle);
        for (int cycle = 1; cycle < loadCycles; ++cycle)
            loadCycle();
        const long long afterAll = residentKilobytes();
        QCOMPARE(cancelled, loadCycles);
        qInfo("resident memory: %lld kB after the first cycles, %lld kB after all", afterFirst,
              afterAll);
        if (afterFirst < 0 || sanitizer)
            return;  // no /proc, or a sanitizer's allocator that keeps freed memory on purpose
        // One leaked set of tables (2 x 1500 x 64 floats) a cycle would be ~38 MB over 50 cycles;
        // one leaked id stream (4 bytes a token read before the cancel) ~20 MB over 20 loads.
        QVERIFY2(afterAll - afterFirst < 8 * 1024,
                 qPrintable(QStringLiteral("resident memory grew from %1 kB to %2 kB")
                                .arg(afterFirst)
                                .arg(afterAll)));
    }

    // Ctrl-C during training: exit 130 within a second, one line saying so, no vectors and no
    // temporary file.
    void interruptDuringTraining() {
        const QString folder = dir_.filePath(QStringLiteral("interrupt-training"));
        QVERIFY(QDir().mkpath(folder));
        const QString out = folder + QStringLiteral("/vectors.txt");
        QProcess process;
        process.start(QStringLiteral(EMBEDSCOPE_CLI_PATH),
                      {QStringLiteral("train"), corpusPath_, QStringLiteral("-o"), out,
                       QStringLiteral("--epochs"), QStringLiteral("100000"),
                       QStringLiteral("--threads"), QStringLiteral("2")});
        QVERIFY(process.waitForStarted());
        QByteArray err;
        // "Read ...: N words" is printed once the corpus is loaded and training begins.
        QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("Read "), 30000);
        QTest::qWait(500);
        QCOMPARE(process.state(), QProcess::Running);
        interruptExpectingCleanExit(process, err);
        if (QTest::currentTestFailed())
            return;
        const QList<QByteArray> lines = err.trimmed().split('\n');
        QVERIFY2(
            lines.last().contains("interrupted") && lines.last().contains("no vectors written"),
            err.constData());
        QCOMPARE(err.count("interrupted"), 1);
        QCOMPARE(entries(folder), QStringList());
    }

    // Ctrl-C while a large corpus is read (train: loading before training; vocab: counting).
    void interruptDuringLoading_data() {
        QTest::addColumn<QString>("command");
        QTest::newRow("train") << QStringLiteral("train");
        QTest::newRow("vocab") << QStringLiteral("vocab");
    }
    void interruptDuringLoading() {
        QFETCH(QString, command);
        if (sanitizerBuild())
            QSKIP("the 200 MB corpus is skipped in sanitizer builds");
        static QString bigCorpus;
        if (bigCorpus.isEmpty()) {
            // About 200 MB: a second or more of reading, far more than the signal needs.
            QFile file(dir_.filePath(QStringLiteral("big.txt")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            const QByteArray block = corpusText(50000, 50000, 4);
            while (file.size() < (200 << 20))
                QCOMPARE(file.write(block), qint64(block.size()));
            bigCorpus = file.fileName();
        }
        const QString folder = dir_.filePath(QStringLiteral("interrupt-loading-") + command);
        QVERIFY(QDir().mkpath(folder));
        const QString out = folder + QStringLiteral("/out.txt");
        QProcess process;
        process.start(QStringLiteral(EMBEDSCOPE_CLI_PATH),
                      {command, bigCorpus, QStringLiteral("-o"), out});
        QVERIFY(process.waitForStarted());
        QTest::qWait(150);
        QCOMPARE(process.state(), QProcess::Running);
        QByteArray err;
        interruptExpectingCleanExit(process, err);
        if (QTest::currentTestFailed())
            return;
        // Stopped while reading: the summary printed after reading never came.
        QVERIFY2(!err.contains("Read ") && !err.contains("tokens read"), err.constData());
        QVERIFY2(err.endsWith('\n') && err.count('\n') == 1 && err.contains("interrupted"),
                 err.constData());
        QCOMPARE(entries(folder), QStringList());
    }

    // A learning rate far too high: training stops with one line naming the corpus and the
    // divergence, and writes nothing.
    void divergenceStopsTheCli() {
        const QString folder = dir_.filePath(QStringLiteral("divergence"));
        QVERIFY(QDir().mkpath(folder));
        const QString out = folder + QStringLiteral("/vectors.txt");
        const ProcessRun run =
            runProcess(QStringLiteral(EMBEDSCOPE_CLI_PATH),
                       {QStringLiteral("train"), corpusPath_, QStringLiteral("-o"), out,
                        QStringLiteral("--lr"), QStringLiteral("1000"), QStringLiteral("--epochs"),
                        QStringLiteral("20")},
                       60000);
        QVERIFY(run.finished);
        const QByteArray& err = run.err;
        QCOMPARE(run.status, QProcess::NormalExit);
        QCOMPARE(run.code, 1);
        const QList<QByteArray> lines = err.trimmed().split('\n');
        QVERIFY2(lines.last().contains("diverged") && lines.last().contains(corpusPath_.toUtf8()),
                 err.constData());
        QCOMPARE(err.count("diverged"), 1);
        QCOMPARE(entries(folder), QStringList());
    }
};

EMBEDSCOPE_TEST_MAIN(TestTrainerFaults)
#include "tst_trainer_faults.moc"
