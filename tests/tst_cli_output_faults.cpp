// Faulty output for every CLI command that writes a file (convert, train -o, vocab -o): a folder
// without write permission, a path that is a folder, a full disk. Each must end with a non-zero
// exit and a last stderr line naming the file and the problem, leave the earlier file at the path
// byte for byte, and leave no temporary file behind. The commands that work long (train, vocab)
// must find an unwritable path before their work: their only stderr line is the error.
//
// Permissions: root ignores them, so as root the command runs as nobody (setpriv or runuser).
// Full disk: a 64 KB (or 4 KB, one page, for outputs smaller than Qt's write buffer) tmpfs mounted
// in a private mount namespace (unshare --mount
// --map-root-user), so no root-wide mount and no cleanup are needed; skipped where unshare is
// refused.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <unistd.h>

#include <random>

#include "testutil.h"

using namespace embedscope::test;

namespace {

// Single quotes for sh.
QString shellQuoted(const QString& text) {
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString lastLine(const QByteArray& err) {
    const QList<QByteArray> lines = err.trimmed().split('\n');
    return QString::fromUtf8(lines.isEmpty() ? QByteArray() : lines.last().trimmed());
}

}  // namespace

class TestCliOutputFaults : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString corpus_;   // 6000 distinct words: a vocabulary of over 100 KB
    QString vectors_;  // 2000 rows of 20 dims: about 300 KB in any format
    // Outputs under Qt's 16 KB write buffer: a full disk shows only when that buffer is flushed.
    QString smallCorpus_;   // 300 distinct words
    QString smallVectors_;  // 100 rows of 5 dims

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(QFile::setPermissions(dir_.path(), QFileDevice::Permissions(0x7755)));
        std::mt19937 generator(5);
        QByteArray corpus;
        for (int sentence = 0; sentence < 6000; ++sentence) {
            for (int i = 0; i < 10; ++i) {
                corpus += "longerword" + QByteArray::number(int(generator() % 6000));
                corpus += i < 9 ? ' ' : '\n';
            }
        }
        corpus_ = embedscope::test::writeFile(dir_, QStringLiteral("corpus.txt"), corpus);
        QByteArray smallCorpus;
        for (int sentence = 0; sentence < 300; ++sentence) {
            for (int i = 0; i < 10; ++i) {
                smallCorpus += "word" + QByteArray::number(int(generator() % 300));
                smallCorpus += i < 9 ? ' ' : '\n';
            }
        }
        smallCorpus_ =
            embedscope::test::writeFile(dir_, QStringLiteral("small-corpus.txt"), smallCorpus);
        QByteArray smallCsv = "word,d0,d1,d2,d3,d4\n";
        for (int row = 0; row < 100; ++row)
            smallCsv += "w" + QByteArray::number(row) + ",0.125,-0.25,0.5,1,2\n";
        smallVectors_ =
            embedscope::test::writeFile(dir_, QStringLiteral("small-vectors.csv"), smallCsv);
        QByteArray csv = "word";
        for (int d = 0; d < 20; ++d)
            csv += ",d" + QByteArray::number(d);
        csv += '\n';
        std::normal_distribution<float> normal;
        for (int row = 0; row < 2000; ++row) {
            csv += "w" + QByteArray::number(row);
            for (int d = 0; d < 20; ++d)
                csv += ',' + QByteArray::number(double(normal(generator)), 'g', 9);
            csv += '\n';
        }
        vectors_ = embedscope::test::writeFile(dir_, QStringLiteral("vectors.csv"), csv);
    }

    void failedWriteKeepsEarlierFile_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("problem");
        for (const char* command : {"convert", "train", "vocab"}) {
            const QString name = QString::fromLatin1(command);
            QTest::newRow(qPrintable(name + QStringLiteral(": folder not writable")))
                << name << QStringLiteral("folder not writable")
                << QStringLiteral("permission denied|not writable");
            QTest::newRow(qPrintable(name + QStringLiteral(": path is a folder")))
                << name << QStringLiteral("path is a folder") << QStringLiteral("directory");
            QTest::newRow(qPrintable(name + QStringLiteral(": disk full")))
                << name << QStringLiteral("disk full") << QStringLiteral("no space left on device");
            QTest::newRow(qPrintable(name + QStringLiteral(": disk full, small output")))
                << name << QStringLiteral("disk full, small output")
                << QStringLiteral("no space left on device");
        }
    }

    void failedWriteKeepsEarlierFile() {
        QFETCH(QString, command);
        QFETCH(QString, fault);
        QFETCH(QString, problem);
        static int rowNumber = 0;
        const QString folder = dir_.filePath(QStringLiteral("row%1").arg(++rowNumber));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::setPermissions(folder, QFileDevice::Permissions(0x7755)));
        const QString target =
            folder + (command == QLatin1String("vocab") ? QStringLiteral("/out.tsv")
                                                        : QStringLiteral("/out.csv"));
        const bool small = fault == QLatin1String("disk full, small output");
        QStringList arguments{command};
        if (command == QLatin1String("convert"))
            arguments << (small ? smallVectors_ : vectors_) << target;
        else if (command == QLatin1String("train"))
            arguments << (small ? smallCorpus_ : corpus_) << QStringLiteral("-o") << target
                      << QStringLiteral("--epochs") << QStringLiteral("1")
                      << QStringLiteral("--dim")
                      << (small ? QStringLiteral("2") : QStringLiteral("20"))
                      << QStringLiteral("--threads") << QStringLiteral("2")
                      << QStringLiteral("--min-count") << QStringLiteral("1");
        else
            arguments << (small ? smallCorpus_ : corpus_) << QStringLiteral("-o") << target
                      << QStringLiteral("--min-count") << QStringLiteral("1");

        const QByteArray earlier = "earlier output, to be kept\n";
        const bool longCommand = command != QLatin1String("convert");
        if (fault.startsWith(QLatin1String("disk full"))) {
            const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
            if (unshare.isEmpty())
                QSKIP("unshare is not installed");
            // The tmpfs exists only inside the namespace: the script reports what it leaves there.
            const QString original = embedscope::test::writeFile(
                dir_, QStringLiteral("earlier%1").arg(rowNumber), earlier);
            const QString script =
                QStringLiteral(
                    "mount -t tmpfs -o size=%5 tmpfs %1 || exit 77\n"
                    "cp %2 %3 || exit 77\n"
                    "%4 \"$@\"\n"
                    "echo \"rc=$?\"\n"
                    "cmp -s %2 %3 && echo kept=yes || echo kept=no\n"
                    "echo \"entries=$(ls -A %1 | tr '\\n' ' ')\"\n")
                    .arg(shellQuoted(folder), shellQuoted(original), shellQuoted(target),
                         shellQuoted(QStringLiteral(EMBEDSCOPE_CLI_PATH)),
                         // One page holds the earlier file; a small output finds no room left.
                         small ? QStringLiteral("4k") : QStringLiteral("64k"));
            const ProcessRun result = runProcess(
                unshare, QStringList{QStringLiteral("--mount"), QStringLiteral("--map-root-user"),
                                     QStringLiteral("sh"), QStringLiteral("-c"), script,
                                     QStringLiteral("sh")} +
                             arguments);
            QVERIFY2(result.finished, "hung");
            if (result.code != 0 || !result.out.contains("rc="))
                QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs in a private namespace "
                                                "here (unshare refused?): ") +
                                 QString::fromUtf8(result.err.trimmed())));
            const QString out = QString::fromUtf8(result.out);
            QVERIFY2(!out.contains(QStringLiteral("rc=0")), qPrintable(out));
            QVERIFY2(
                !out.contains(QStringLiteral("rc=134")) && !out.contains(QStringLiteral("rc=139")),
                qPrintable(out));
            const QString message = lastLine(result.err);
            QVERIFY2(message.contains(target), qPrintable(message));
            QVERIFY2(message.contains(
                         QRegularExpression(problem, QRegularExpression::CaseInsensitiveOption)),
                     qPrintable(message));
            QVERIFY2(out.contains(QStringLiteral("kept=yes")), qPrintable(out));
            const QString left = out.section(QStringLiteral("entries="), 1).trimmed();
            QVERIFY2(left == QFileInfo(target).fileName(),
                     qPrintable(QStringLiteral("left behind: ") + out));
            return;
        }

        bool asNobody = false;
        QVERIFY(placeEarlierOutput(target, earlier, fault == QLatin1String("path is a folder")));
        if (fault != QLatin1String("path is a folder")) {
            QVERIFY(QFile::setPermissions(folder, QFileDevice::Permissions(0x5555)));
            if (::geteuid() == 0) {
                if (asNobodyPrefix().isEmpty())
                    QSKIP("running as root without setpriv or runuser to drop privileges");
                asNobody = true;
            }
        }
        const QStringList before = entries(folder);
        QStringList commandLine = asNobody ? asNobodyPrefix() : QStringList();
        commandLine << QStringLiteral(EMBEDSCOPE_CLI_PATH) << arguments;
        const ProcessRun result = runProcess(commandLine.takeFirst(), commandLine);
        QFile::setPermissions(folder, QFileDevice::Permissions(0x7755));

        QVERIFY2(result.finished, "hung");
        QCOMPARE(result.status, QProcess::NormalExit);
        QVERIFY2(result.code != 0 && result.code != 134 && result.code != 139,
                 result.err.constData());
        const QString message = lastLine(result.err);
        QVERIFY2(message.contains(target), qPrintable(message));
        QVERIFY2(message.contains(
                     QRegularExpression(problem, QRegularExpression::CaseInsensitiveOption)),
                 qPrintable(message));
        if (longCommand) {
            // Refused before reading the corpus or training: the error is the only line.
            QVERIFY2(result.err.count('\n') == 1, result.err.constData());
        }
        QCOMPARE(entries(folder), before);
        if (fault == QLatin1String("path is a folder"))
            QCOMPARE(readAll(target + QStringLiteral("/inside.txt")), earlier);
        else
            QCOMPARE(readAll(target), earlier);
    }

    // An output folder that does not exist: refused at once (before any reading or training),
    // one line naming the file.
    void missingFolderFailsFast_data() {
        QTest::addColumn<QString>("command");
        for (const char* command : {"convert", "train", "vocab"})
            QTest::newRow(command) << QString::fromLatin1(command);
    }
    void missingFolderFailsFast() {
        QFETCH(QString, command);
        const QString target = dir_.filePath(QStringLiteral("no-such-folder/out.csv"));
        QStringList arguments{command};
        if (command == QLatin1String("convert"))
            arguments << vectors_ << target;
        else
            arguments << corpus_ << QStringLiteral("-o") << target;
        const ProcessRun result = runProcess(QStringLiteral(EMBEDSCOPE_CLI_PATH), arguments);
        QVERIFY(result.finished);
        QCOMPARE(result.status, QProcess::NormalExit);
        QCOMPARE(result.code, 1);
        QVERIFY2(result.err.count('\n') == 1 && result.err.contains(target.toUtf8()) &&
                     result.err.contains("does not exist"),
                 result.err.constData());
        QVERIFY(!QFileInfo::exists(dir_.filePath(QStringLiteral("no-such-folder"))));
    }
};

EMBEDSCOPE_TEST_MAIN(TestCliOutputFaults)
#include "tst_cli_output_faults.moc"
