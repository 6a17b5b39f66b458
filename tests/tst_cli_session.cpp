// embedscope-cli train --session, info and convert on a session file: a run records its timeline
// and result, `info --json` summarises it, `convert` gives back the very bytes `-o` wrote, and a
// damaged session is refused with the byte offset.
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstring>
#include <random>

#include "SessionFile.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::CliRun;
using embedscope::test::readAll;
using embedscope::test::runCli;
using embedscope::test::topicText;
using embedscope::test::toStd;
using embedscope::test::writeFile;

namespace {

QJsonObject jsonOf(const CliRun& run) {
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

struct TrainedRun {
    QString corpus;
    QString csv;
    QString session;
};

// Trains 16-D vectors on one thread long enough (about a second) for the timeline to record
// many frames, tracking the 25 most frequent words.
TrainedRun trainWithSession(const QTemporaryDir& dir) {
    TrainedRun run;
    run.corpus = writeFile(dir, QStringLiteral("topics.txt"), topicText(3000, 7));
    run.csv = dir.filePath(QStringLiteral("v.csv"));
    run.session = dir.filePath(QStringLiteral("run.embedscope"));
    const CliRun result =
        runCli({QStringLiteral("train"), run.corpus, QStringLiteral("-o"), run.csv,
                QStringLiteral("--session"), run.session, QStringLiteral("--session-words"),
                QStringLiteral("25"), QStringLiteral("--dim"), QStringLiteral("16"),
                QStringLiteral("--epochs"), QStringLiteral("30"), QStringLiteral("--sample"),
                QStringLiteral("0"), QStringLiteral("--threads"), QStringLiteral("1")});
    if (result.exitCode != 0)
        qWarning("%s", qPrintable(result.err));
    return result.exitCode == 0 ? run : TrainedRun{};
}

}  // namespace

class TestCliSession : public QObject {
    Q_OBJECT

private slots:
    void trainRecordsASessionThatConvertsBackToTheSameCsv() {
        QTemporaryDir dir;
        const TrainedRun run = trainWithSession(dir);
        QVERIFY(!run.session.isEmpty());

        const CliRun info = runCli({QStringLiteral("info"), run.session, QStringLiteral("--json")});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        const QJsonObject json = jsonOf(info);
        QCOMPARE(json.value(QStringLiteral("rows")).toInt(), 40);
        QCOMPARE(json.value(QStringLiteral("dim")).toInt(), 16);
        QCOMPARE(json.value(QStringLiteral("words")).toInt(), 25);
        QCOMPARE(json.value(QStringLiteral("version")).toInt(), int(kSessionFormatVersion));
        QCOMPARE(json.value(QStringLiteral("bytes")).toDouble(),
                 double(QFileInfo(run.session).size()));
        // 20 frames a second of training at first, plus the start and the end; a loaded machine
        // may miss some, so ask for half.
        const double seconds = json.value(QStringLiteral("seconds")).toDouble();
        const int frames = json.value(QStringLiteral("frames")).toInt();
        QVERIFY2(frames >= 2 + int(seconds * 10),
                 qPrintable(QStringLiteral("%1 frames over %2 s").arg(frames).arg(seconds)));
        QVERIFY2(frames >= 5, qPrintable(info.out));
        const QJsonObject source = json.value(QStringLiteral("source")).toObject();
        QCOMPARE(source.value(QStringLiteral("path")).toString(),
                 QFileInfo(run.corpus).absoluteFilePath());
        QCOMPARE(source.value(QStringLiteral("bytes")).toDouble(),
                 double(QFileInfo(run.corpus).size()));
        QCOMPARE(source.value(QStringLiteral("status")).toString(), QStringLiteral("unchanged"));
        QCOMPARE(json.value(QStringLiteral("trainer_options"))
                     .toObject()
                     .value(QStringLiteral("epochs"))
                     .toInt(),
                 30);

        // The session's vectors are the ones -o wrote, to the byte once written as CSV.
        const QString back = dir.filePath(QStringLiteral("back.csv"));
        const CliRun convert = runCli({QStringLiteral("convert"), run.session, back});
        QVERIFY2(convert.exitCode == 0, qPrintable(convert.err));
        QCOMPARE(readAll(back), readAll(run.csv));

        // The timeline starts from the random vectors and ends at the trained ones.
        const Session session = readSession(toStd(run.session));
        QCOMPARE(session.trackedRows.size(), std::size_t(25));
        const RowMatrixXf tracked = session.vectors.vectors.topRows(25);
        const RowMatrixXf& last = *session.frames.back().vectors;
        QVERIFY(std::memcmp(last.data(), tracked.data(), sizeof(float) * tracked.size()) == 0);
        QVERIFY(!session.frames.front().vectors->isApprox(tracked));
        QCOMPARE(session.frames.front().metrics.seconds, 0.0);
        QCOMPARE(session.frames.back().metrics.fraction, 1.0);
        for (std::size_t f = 1; f < session.frames.size(); ++f)
            QVERIFY(session.frames[f].metrics.seconds > session.frames[f - 1].metrics.seconds);
    }

    void infoSaysWhenTheCorpusChangedOrMoved() {
        QTemporaryDir dir;
        const TrainedRun run = trainWithSession(dir);
        QVERIFY(!run.session.isEmpty());
        writeFile(dir, QStringLiteral("topics.txt"), topicText(3000, 7).replace("a1 ", "a2 "));
        CliRun info = runCli({QStringLiteral("info"), run.session});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QVERIFY2(info.out.contains(QLatin1String("): changed")), qPrintable(info.out));
        QVERIFY2(info.out.contains(QLatin1String("frames of 25 words")), qPrintable(info.out));
        QVERIFY(QFile::remove(run.corpus));
        info = runCli({QStringLiteral("info"), run.session, QStringLiteral("--json")});
        QCOMPARE(jsonOf(info)
                     .value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("missing"));
    }

    void aDamagedSessionIsRefusedWithItsOffset() {
        QTemporaryDir dir;
        const TrainedRun run = trainWithSession(dir);
        QVERIFY(!run.session.isEmpty());
        QByteArray bytes = readAll(run.session);
        bytes.chop(100);
        const QString cut = writeFile(dir, QStringLiteral("cut.embedscope"), bytes);
        const QString out = dir.filePath(QStringLiteral("out.csv"));
        for (const QStringList& command : {QStringList{QStringLiteral("convert"), cut, out},
                                           QStringList{QStringLiteral("info"), cut}}) {
            const CliRun result = runCli(command);
            QCOMPARE(result.exitCode, 1);
            QVERIFY2(result.err.contains(
                         cut + QStringLiteral(": byte offset %1: truncated").arg(bytes.size())),
                     qPrintable(result.err));
        }
        QVERIFY(!QFileInfo::exists(out));
    }

    void sessionOptionsNeedASession() {
        QTemporaryDir dir;
        const QString corpus = writeFile(dir, QStringLiteral("topics.txt"), topicText(100, 7));
        const CliRun result = runCli({QStringLiteral("train"), corpus, QStringLiteral("-o"),
                                      dir.filePath(QStringLiteral("v.csv")),
                                      QStringLiteral("--session-words"), QStringLiteral("10")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QLatin1String("need --session")), qPrintable(result.err));
    }
};

EMBEDSCOPE_TEST_MAIN(TestCliSession)
#include "tst_cli_session.moc"
