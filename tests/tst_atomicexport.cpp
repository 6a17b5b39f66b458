// Exports are atomic: a write that fails (the path is a directory, the folder is missing or
// read-only) or is cancelled leaves the earlier file byte for byte, leaves no temporary file
// behind, and reports the file and the problem. Only a regular file is replaced so: a symbolic
// link stays and its target is replaced; a FIFO or a character device is written through (the
// node stays), a socket or a block device is refused and stays.
//
// The device nodes are private ones made with mknod in a temporary folder (root only; skipped
// otherwise), never the system's /dev.
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <random>

#include "AtomicOutput.h"
#include "VectorFormats.h"
#include "testutil.h"

using namespace embedscope;
using namespace embedscope::test;
using embedscope::test::toStd;

Q_DECLARE_METATYPE(embedscope::VectorFormat)

namespace {

QString extension(VectorFormat format) {
    switch (format) {
        case VectorFormat::Csv:
            return QStringLiteral("csv");
        case VectorFormat::Word2VecBinary:
            return QStringLiteral("bin");
        case VectorFormat::Projector:
            return QStringLiteral("tsv");
        case VectorFormat::Npy:
            return QStringLiteral("npy");
        case VectorFormat::Word2VecText:
        case VectorFormat::Glove:
            break;
    }
    return QStringLiteral("txt");
}

WordVectors makeVectors(int rows, int dim) {
    WordVectors out;
    out.vectors.resize(rows, dim);
    std::mt19937 rng(3);
    std::normal_distribution<float> normal;
    for (Eigen::Index i = 0; i < out.vectors.size(); ++i)
        out.vectors.data()[i] = normal(rng);
    for (int i = 0; i < rows; ++i)
        out.words.push_back("w" + std::to_string(i));
    return out;
}

// Writes bytes to path through an AtomicOutput in blocks; the error message, or "" on success.
QString writeThroughAtomicOutput(const QString& path, const QByteArray& bytes) {
    return errorMessage([&] {
        AtomicOutput out(toStd(path));
        for (qsizetype at = 0; at < bytes.size(); at += 4096) {
            out.buffer().append(
                bytes.constData() + at,
                static_cast<std::size_t>(std::min<qsizetype>(4096, bytes.size() - at)));
            out.flushIfFull();
        }
        out.commit();
    });
}

// Bytes enough for several of AtomicOutput's blocks and many times a pipe's buffer.
QByteArray manyLines() {
    QByteArray bytes;
    for (int i = 0; i < 200000; ++i)
        bytes += "line " + QByteArray::number(i) + '\n';
    return bytes;
}

// Makes a device node at path, or says why it cannot (not root, mknod refused in a container).
QString makeDeviceNode(const QString& path, mode_t type, unsigned major, unsigned minor) {
    if (::geteuid() != 0)
        return QStringLiteral("making a device node needs root");
    if (::mknod(QFile::encodeName(path).constData(), type | 0666, makedev(major, minor)) != 0)
        return QStringLiteral("mknod refused: ") + QString::fromLocal8Bit(std::strerror(errno));
    return {};
}

dev_t deviceNumber(const QString& path) {
    struct stat info {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_rdev : dev_t(0);
}

}  // namespace

class TestAtomicExport : public QObject {
    Q_OBJECT

private slots:
    void failedWriteKeepsEarlierFile_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<QString>("failure");
        for (const VectorFormat format : kVectorFormats) {
            const QString name = QString::fromLatin1(vectorFormatName(format).data());
            for (const char* failure :
                 {"path is a directory", "folder missing", "folder read-only", "cancelled"})
                QTest::newRow(
                    qPrintable(name + QStringLiteral(": ") + QString::fromLatin1(failure)))
                    << format << QString::fromLatin1(failure);
        }
        QTest::newRow("projector: metadata path is a directory")
            << VectorFormat::Projector << QStringLiteral("metadata is a directory");
    }
    void failedWriteKeepsEarlierFile() {
        QFETCH(VectorFormat, format);
        QFETCH(QString, failure);
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(folder));
        QString target = folder + QStringLiteral("/vectors.") + extension(format);
        const QString metadata = QString::fromStdString(companionPathFor(toStd(target), format));
        const bool twoFiles = !metadata.isEmpty();

        // What is there before the export: earlier files (or a directory in the way).
        const QByteArray earlier = "earlier export\n";
        QVERIFY(
            placeEarlierOutput(target, earlier, failure == QLatin1String("path is a directory")));
        if (twoFiles && failure == QLatin1String("metadata is a directory")) {
            QVERIFY(QDir().mkpath(metadata));
        } else if (twoFiles) {
            QFile old(metadata);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write(earlier);
        }
        if (failure == QLatin1String("folder missing"))
            target = dir.filePath(QStringLiteral("missing/vectors.")) + extension(format);
        const QStringList before = entries(folder);

        std::atomic<bool> cancel{false};
        JobControl control;
        if (failure == QLatin1String("folder read-only")) {
            QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            QFile probe(folder + QStringLiteral("/probe"));
            if (probe.open(QIODevice::WriteOnly)) {
                probe.remove();
                QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner);
                QSKIP("running as root, which writes into read-only folders");
            }
        } else if (failure == QLatin1String("cancelled")) {
            // Cancel at the first progress report: after more than a megabyte has gone to the
            // temporary file, so the cancel has a half-written file to discard.
            control.cancel = &cancel;
            control.progress = [&](std::uint64_t done, std::uint64_t) {
                if (done > 0)
                    cancel = true;
            };
        }

        const WordVectors vectors = makeVectors(20000, 40);
        QString message;
        bool cancelled = false;
        try {
            writeVectors(toStd(target), vectors, format, control);
        } catch (const Cancelled&) {
            cancelled = true;
        } catch (const Error& e) {
            message = QString::fromUtf8(e.what());
        }
        QFile::setPermissions(
            folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

        if (failure == QLatin1String("cancelled")) {
            QVERIFY2(cancelled, qPrintable(message));
        } else {
            QVERIFY(!cancelled);
            const QString culprit =
                failure == QLatin1String("metadata is a directory") ? metadata : target;
            QVERIFY2(message.startsWith(culprit + QStringLiteral(": cannot write")),
                     qPrintable(message));
            if (failure == QLatin1String("folder missing"))
                QVERIFY2(message.contains(QLatin1String("does not exist")), qPrintable(message));
            if (failure.endsWith(QLatin1String("is a directory")))
                QVERIFY2(message.contains(QLatin1String("directory")), qPrintable(message));
            if (failure == QLatin1String("folder read-only"))
                QVERIFY2(message.contains(QLatin1String("ermission")), qPrintable(message));
        }
        // Nothing new in the folder (no temporary files), the earlier files byte for byte.
        QCOMPARE(entries(folder), before);
        const QString earlierFile = folder + QStringLiteral("/vectors.") + extension(format);
        if (failure == QLatin1String("path is a directory"))
            QCOMPARE(readAll(earlierFile + QStringLiteral("/inside.txt")), earlier);
        else
            QCOMPARE(readAll(earlierFile), earlier);
        if (twoFiles && failure != QLatin1String("metadata is a directory"))
            QCOMPARE(readAll(metadata), earlier);
        if (failure == QLatin1String("folder missing"))
            QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing"))));
    }

    // A successful export replaces the earlier file and leaves nothing else behind.
    void successReplacesEarlierFile_data() {
        QTest::addColumn<VectorFormat>("format");
        for (const VectorFormat format : kVectorFormats)
            QTest::newRow(vectorFormatName(format).data()) << format;
    }
    void successReplacesEarlierFile() {
        QFETCH(VectorFormat, format);
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("v.") + extension(format));
        test::writeFile(dir, QFileInfo(target).fileName(), "earlier\n");
        const WordVectors vectors = makeVectors(300, 5);
        writeVectors(toStd(target), vectors, format);
        QVERIFY(readAll(target) != "earlier\n");
        QStringList expected{QFileInfo(target).fileName()};
        if (const std::string companion = companionPathFor(toStd(target), format);
            !companion.empty())
            expected << QFileInfo(QString::fromStdString(companion)).fileName();
        expected.sort();
        QCOMPARE(entries(dir.path()), expected);
        QCOMPARE(readVectors(toStd(target), format).words, vectors.words);
    }

    // A symbolic link stays a link and the file it points to is replaced, atomically, with its
    // temporary file beside the target (the link's folder gets nothing).
    void symlinkKeepsLinkAndReplacesTarget_data() {
        QTest::addColumn<bool>("otherFolder");
        QTest::newRow("target in the same folder") << false;
        QTest::newRow("target in another folder") << true;
    }
    void symlinkKeepsLinkAndReplacesTarget() {
        QFETCH(bool, otherFolder);
        QTemporaryDir dir;
        const QString linkFolder = dir.filePath(QStringLiteral("links"));
        const QString targetFolder =
            otherFolder ? dir.filePath(QStringLiteral("targets")) : linkFolder;
        QVERIFY(QDir().mkpath(linkFolder) && QDir().mkpath(targetFolder));
        const QString target = targetFolder + QStringLiteral("/real.csv");
        const QString link = linkFolder + QStringLiteral("/link.csv");
        QVERIFY(placeEarlierOutput(target, "earlier\n", false));
        QVERIFY(QFile::link(
            otherFolder ? QStringLiteral("../targets/real.csv") : QStringLiteral("real.csv"),
            link));
        const QStringList linkEntries = entries(linkFolder);
        const QStringList targetEntries = entries(targetFolder);

        const QByteArray bytes = manyLines();
        QCOMPARE(writeThroughAtomicOutput(link, bytes), QStringLiteral("(no error)"));
        QCOMPARE(fileKind(link), QStringLiteral("symlink"));
        QCOMPARE(fileKind(target), QStringLiteral("file"));
        QVERIFY(readAll(target) == bytes);
        QCOMPARE(entries(linkFolder), linkEntries);
        QCOMPARE(entries(targetFolder), targetEntries);
    }

    // A FIFO is written through while a reader reads it: no temporary file, no rename, and the
    // FIFO is still a FIFO afterwards.
    void fifoIsWrittenThrough() {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("pipe.csv"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        FifoReader reader(fifo);
        QVERIFY(reader.isOpen());
        const QByteArray bytes = manyLines();
        const QString message = writeThroughAtomicOutput(fifo, bytes);
        const QByteArray received = reader.finish();
        QCOMPARE(message, QStringLiteral("(no error)"));
        QVERIFY2(reader.writerClosed(), "nothing opened the FIFO for writing");
        QCOMPARE(received.size(), bytes.size());
        QVERIFY(received == bytes);
        QCOMPARE(fileKind(fifo), QStringLiteral("fifo"));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("pipe.csv")});
    }

    // A private node with /dev/full's numbers: the write fails with the system's reason, naming
    // the file, and the node stays a character device.
    void fullDeviceReportsNoSpace() {
        QTemporaryDir dir;
        const QString node = dir.filePath(QStringLiteral("full"));
        const QString refused = makeDeviceNode(node, S_IFCHR, 1, 7);
        if (!refused.isEmpty())
            QSKIP(qPrintable(refused));
        const QString message = writeThroughAtomicOutput(node, "word,d0\nw,1\n");
        if (message.contains(QLatin1String("ermission denied")))
            QSKIP("the temporary folder is mounted nodev: its device nodes cannot be opened");
        QCOMPARE(fileKind(node), QStringLiteral("character device"));
        QCOMPARE(deviceNumber(node), makedev(1, 7));
        QCOMPARE(message, node + QStringLiteral(": cannot write: No space left on device"));
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("full")});
    }

    // A character device the caller may write to in a folder the caller may not write to (as
    // /dev/null is for a user): writing it needs no temporary file, so it works.
    void deviceInReadOnlyFolderIsWritten() {
        QTemporaryDir dir;
        const QString node = dir.filePath(QStringLiteral("null"));
        const QString refused = makeDeviceNode(node, S_IFCHR, 1, 3);
        if (!refused.isEmpty())
            QSKIP(qPrintable(refused));
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        // Root writes into read-only folders; the point is that nothing is created there.
        const QStringList before = entries(dir.path());
        const QString message = writeThroughAtomicOutput(node, manyLines());
        QFile::setPermissions(
            dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (message.contains(QLatin1String("ermission denied")))
            QSKIP("the temporary folder is mounted nodev: its device nodes cannot be opened");
        QCOMPARE(message, QStringLiteral("(no error)"));
        QCOMPARE(fileKind(node), QStringLiteral("character device"));
        QCOMPARE(entries(dir.path()), before);
    }

    // A socket cannot be opened as a file and a block device is not a place for an export: both
    // are refused, naming the file, and stay what they are.
    void socketAndBlockDeviceAreRefused_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("problem");
        QTest::newRow("socket") << QStringLiteral("socket")
                                << QStringLiteral("it is a socket: No such device or address");
        QTest::newRow("block device")
            << QStringLiteral("block device") << QStringLiteral("it is a block device, not a file");
    }
    void socketAndBlockDeviceAreRefused() {
        QFETCH(QString, kind);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("node"));
        int socketFd = -1;
        if (kind == QLatin1String("socket")) {
            socketFd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            QVERIFY(socketFd >= 0);
            sockaddr_un address{};
            address.sun_family = AF_UNIX;
            const QByteArray name = QFile::encodeName(path);
            QVERIFY(name.size() < qsizetype(sizeof address.sun_path));
            std::memcpy(address.sun_path, name.constData(), static_cast<std::size_t>(name.size()));
            QVERIFY(::bind(socketFd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        } else {
            // Major 240 is reserved for local and experimental use: no real disk behind it.
            const QString refused = makeDeviceNode(path, S_IFBLK, 240, 0);
            if (!refused.isEmpty())
                QSKIP(qPrintable(refused));
        }
        const QString message = writeThroughAtomicOutput(path, "word,d0\nw,1\n");
        if (socketFd >= 0)
            ::close(socketFd);
        QCOMPARE(fileKind(path), kind);
        QCOMPARE(message, path + QStringLiteral(": cannot write: ") + problem);
        QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("node")});
    }
};

EMBEDSCOPE_TEST_MAIN(TestAtomicExport)
#include "tst_atomicexport.moc"
