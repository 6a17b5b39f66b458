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
//
// Outputs that are not regular files: a FIFO (made here with mkfifo) is written through to its
// reader and stays a FIFO, also in a folder the command cannot write to (the check that the output
// can be created makes no file); a full device (a private node with /dev/full's numbers, made with
// mknod: root only) fails with one line naming it and stays a device; a symbolic link stays a link
// and its target gets the output. The system's /dev is never touched.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
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

    // The arguments that make command write target: from the small inputs (outputs under Qt's
    // write buffer) or the large ones. train runs on one thread, so its output is the same on
    // every run.
    QStringList commandLine(const QString& command, const QString& target, bool small) const {
        QStringList arguments{command};
        if (command == QLatin1String("convert"))
            arguments << (small ? smallVectors_ : vectors_) << target;
        else if (command == QLatin1String("train"))
            arguments << (small ? smallCorpus_ : corpus_) << QStringLiteral("-o") << target
                      << QStringLiteral("--epochs") << QStringLiteral("1")
                      << QStringLiteral("--dim")
                      << (small ? QStringLiteral("2") : QStringLiteral("20"))
                      << QStringLiteral("--threads") << QStringLiteral("1")
                      << QStringLiteral("--min-count") << QStringLiteral("1");
        else
            arguments << (small ? smallCorpus_ : corpus_) << QStringLiteral("-o") << target
                      << QStringLiteral("--min-count") << QStringLiteral("1");
        return arguments;
    }

    // What command writes to an ordinary file: what a FIFO or a link must deliver too.
    QByteArray expectedOutput(const QString& command, bool small) {
        static int runNumber = 0;
        const QString file =
            dir_.filePath(QStringLiteral("expected%1.%2")
                              .arg(++runNumber)
                              .arg(command == QLatin1String("vocab") ? QStringLiteral("tsv")
                                                                     : QStringLiteral("csv")));
        const ProcessRun run =
            runProcess(QStringLiteral(EMBEDSCOPE_CLI_PATH), commandLine(command, file, small));
        if (!run.finished || run.code != 0)
            qFatal("%s", run.err.constData());
        return readAll(file);
    }

    // A fresh folder for one test row, readable by anyone (the rows that run as nobody).
    QString rowFolder(const QString& name) {
        const QString folder = dir_.filePath(name);
        if (!QDir().mkpath(folder) ||
            !QFile::setPermissions(folder, QFileDevice::Permissions(0x7755)))
            qFatal("cannot make %s", qPrintable(folder));
        return folder;
    }

    static void commands_data() {
        QTest::addColumn<QString>("command");
        for (const char* command : {"convert", "train", "vocab"})
            QTest::newRow(command) << QString::fromLatin1(command);
    }

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
        const QStringList arguments = commandLine(command, target, small);

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

    // Each command writes into a FIFO while a reader reads it: the reader gets what the command
    // writes to a file, the FIFO stays a FIFO and nothing else appears in the folder. In a
    // read-only folder too (as nobody when root): writing through needs no temporary file.
    void writesThroughFifo_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<bool>("readOnlyFolder");
        for (const char* command : {"convert", "train", "vocab"})
            for (const bool readOnly : {false, true})
                QTest::newRow(qPrintable(QString::fromLatin1(command) +
                                         (readOnly ? QStringLiteral(": read-only folder")
                                                   : QStringLiteral(": writable folder"))))
                    << QString::fromLatin1(command) << readOnly;
    }
    void writesThroughFifo() {
        QFETCH(QString, command);
        QFETCH(bool, readOnlyFolder);
        static int rowNumber = 0;
        const QString folder = rowFolder(QStringLiteral("fifo%1").arg(++rowNumber));
        const QString fifo =
            folder + (command == QLatin1String("vocab") ? QStringLiteral("/out.tsv")
                                                        : QStringLiteral("/out.csv"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0666) == 0);
        QVERIFY(QFile::setPermissions(fifo, QFileDevice::Permissions(0x6666)));
        const QByteArray expected = expectedOutput(command, false);
        QStringList commandLine;
        if (readOnlyFolder) {
            QVERIFY(QFile::setPermissions(folder, QFileDevice::Permissions(0x5555)));
            if (::geteuid() == 0) {
                commandLine = asNobodyPrefix();
                if (commandLine.isEmpty())
                    QSKIP("running as root without setpriv or runuser to drop privileges");
            }
        }
        commandLine << QStringLiteral(EMBEDSCOPE_CLI_PATH)
                    << this->commandLine(command, fifo, false);

        FifoReader reader(fifo);
        QVERIFY(reader.isOpen());
        const ProcessRun result = runProcess(commandLine.takeFirst(), commandLine);
        const QByteArray received = reader.finish();
        QFile::setPermissions(folder, QFileDevice::Permissions(0x7755));

        QVERIFY2(result.finished, "hung");
        QCOMPARE(result.status, QProcess::NormalExit);
        QVERIFY2(result.code == 0, result.err.constData());
        QVERIFY2(reader.writerClosed(), "the command never opened the FIFO");
        QCOMPARE(received.size(), expected.size());
        QVERIFY(received == expected);
        QCOMPARE(fileKind(fifo), QStringLiteral("fifo"));
        QCOMPARE(entries(folder), QStringList{QFileInfo(fifo).fileName()});
    }

    // `-o /dev/stdout` as other tools take it, here through the process's own /proc/self/fd/1
    // (a pipe to this test) so that no /dev node is involved.
    void writesToStandardOutput() {
        const QByteArray expected = expectedOutput(QStringLiteral("convert"), false);
        const ProcessRun result =
            runProcess(QStringLiteral(EMBEDSCOPE_CLI_PATH),
                       {QStringLiteral("convert"), vectors_, QStringLiteral("/proc/self/fd/1"),
                        QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(result.finished, "hung");
        QVERIFY2(result.code == 0, result.err.constData());
        QCOMPARE(result.out.size(), expected.size());
        QVERIFY(result.out == expected);
    }

    // A private node with /dev/full's numbers (1, 7): exit 1, a last line naming the node and the
    // system's reason, and the node is still that character device. convert says nothing else.
    void fullDeviceFails_data() { commands_data(); }
    void fullDeviceFails() {
        QFETCH(QString, command);
        if (::geteuid() != 0)
            QSKIP("making a device node (mknod) needs root");
        static int rowNumber = 0;
        const QString folder = rowFolder(QStringLiteral("full%1").arg(++rowNumber));
        const QString node = folder + QStringLiteral("/out.csv");
        if (::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0666, makedev(1, 7)) != 0)
            QSKIP(qPrintable(QStringLiteral("mknod refused: ") +
                             QString::fromLocal8Bit(std::strerror(errno))));
        QFile probe(node);
        if (!probe.open(QIODevice::WriteOnly | QIODevice::ExistingOnly))
            QSKIP(qPrintable(QStringLiteral("a device node here cannot be opened (a nodev "
                                            "mount?): ") +
                             probe.errorString()));
        probe.close();

        const ProcessRun result =
            runProcess(QStringLiteral(EMBEDSCOPE_CLI_PATH), commandLine(command, node, true));
        QVERIFY2(result.finished, "hung");
        QCOMPARE(fileKind(node), QStringLiteral("character device"));
        struct stat info {};
        QVERIFY(::lstat(QFile::encodeName(node).constData(), &info) == 0);
        QCOMPARE(info.st_rdev, makedev(1, 7));
        QCOMPARE(result.status, QProcess::NormalExit);
        QVERIFY2(result.code == 1, result.err.constData());
        QCOMPARE(lastLine(result.err),
                 QStringLiteral("embedscope-cli ") + command + QStringLiteral(": ") + node +
                     QStringLiteral(": cannot write: No space left on device"));
        if (command == QLatin1String("convert"))
            QVERIFY2(result.err.count('\n') == 1, result.err.constData());
        QCOMPARE(entries(folder), QStringList{QStringLiteral("out.csv")});
    }

    // A symbolic link to an earlier output in another folder: the link stays a link, the file it
    // points to holds what the command writes to a file, and neither folder gets anything else.
    void symlinkKeepsLinkAndReplacesTarget_data() { commands_data(); }
    void symlinkKeepsLinkAndReplacesTarget() {
        QFETCH(QString, command);
        static int rowNumber = 0;
        const QString folder = rowFolder(QStringLiteral("link%1").arg(++rowNumber));
        const QString linkFolder = rowFolder(QStringLiteral("link%1/links").arg(rowNumber));
        const QString suffix =
            command == QLatin1String("vocab") ? QStringLiteral(".tsv") : QStringLiteral(".csv");
        const QString target = folder + QStringLiteral("/real") + suffix;
        const QString link = linkFolder + QStringLiteral("/out") + suffix;
        QVERIFY(placeEarlierOutput(target, "earlier output\n", false));
        QVERIFY(QFile::link(QStringLiteral("../real") + suffix, link));
        const QByteArray expected = expectedOutput(command, false);

        const ProcessRun result =
            runProcess(QStringLiteral(EMBEDSCOPE_CLI_PATH), commandLine(command, link, false));
        QVERIFY2(result.finished, "hung");
        QVERIFY2(result.code == 0, result.err.constData());
        QCOMPARE(fileKind(link), QStringLiteral("symlink"));
        QCOMPARE(fileKind(target), QStringLiteral("file"));
        QVERIFY(readAll(target) == expected);
        QCOMPARE(entries(linkFolder), QStringList{QFileInfo(link).fileName()});
        QCOMPARE(entries(folder),
                 (QStringList{QStringLiteral("links"), QFileInfo(target).fileName()}));
    }

    // Outputs that are not files and cannot be written are refused by the check before the work,
    // with one line: a socket (it cannot be opened as a file), a FIFO without write permission
    // (looked at, not opened: opening would wait for a reader that never comes).
    void unwritableSpecialFileFailsFast_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("problem");
        for (const char* command : {"convert", "train", "vocab"}) {
            const QString name = QString::fromLatin1(command);
            QTest::newRow(qPrintable(name + QStringLiteral(": socket")))
                << name << QStringLiteral("socket")
                << QStringLiteral("cannot write: it is a socket: No such device or address");
            QTest::newRow(qPrintable(name + QStringLiteral(": FIFO not writable")))
                << name << QStringLiteral("fifo")
                << QStringLiteral("cannot write: Permission denied");
        }
    }
    void unwritableSpecialFileFailsFast() {
        QFETCH(QString, command);
        QFETCH(QString, kind);
        QFETCH(QString, problem);
        static int rowNumber = 0;
        const QString folder = rowFolder(QStringLiteral("special%1").arg(++rowNumber));
        const QString node = folder + QStringLiteral("/out.csv");
        const QByteArray nodeName = QFile::encodeName(node);
        int socketFd = -1;
        QStringList commandLine;
        if (kind == QLatin1String("socket")) {
            socketFd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            QVERIFY(socketFd >= 0);
            sockaddr_un address{};
            address.sun_family = AF_UNIX;
            QVERIFY(nodeName.size() < qsizetype(sizeof address.sun_path));
            std::memcpy(address.sun_path, nodeName.constData(), std::size_t(nodeName.size()));
            QVERIFY(::bind(socketFd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        } else {
            QVERIFY(::mkfifo(nodeName.constData(), 0444) == 0);
            QVERIFY(::chmod(nodeName.constData(), 0444) == 0);
            if (::geteuid() == 0) {
                commandLine = asNobodyPrefix();
                if (commandLine.isEmpty())
                    QSKIP("running as root without setpriv or runuser to drop privileges");
            }
        }
        commandLine << QStringLiteral(EMBEDSCOPE_CLI_PATH)
                    << this->commandLine(command, node, true);
        const ProcessRun result = runProcess(commandLine.takeFirst(), commandLine, 20000);
        if (socketFd >= 0)
            ::close(socketFd);

        QVERIFY2(result.finished, "hung");
        QCOMPARE(fileKind(node), kind);
        QCOMPARE(result.status, QProcess::NormalExit);
        QCOMPARE(result.code, 1);
        QCOMPARE(QString::fromUtf8(result.err.trimmed()),
                 QStringLiteral("embedscope-cli ") + command + QStringLiteral(": ") + node +
                     QStringLiteral(": ") + problem);
        QCOMPARE(entries(folder), QStringList{QStringLiteral("out.csv")});
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
