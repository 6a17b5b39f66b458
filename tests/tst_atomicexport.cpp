// Exports are atomic: a write that fails (the path is a directory, the folder is missing or
// read-only) or is cancelled leaves the earlier file byte for byte, leaves no temporary file
// behind, and reports the file and the problem.
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <atomic>
#include <random>

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
        const QString metadata = QString::fromStdString(metadataPathFor(toStd(target)));
        const bool twoFiles = format == VectorFormat::Projector;

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
        if (format == VectorFormat::Projector)
            expected
                << QFileInfo(QString::fromStdString(metadataPathFor(toStd(target)))).fileName();
        expected.sort();
        QCOMPARE(entries(dir.path()), expected);
        QCOMPARE(readVectors(toStd(target), format).words, vectors.words);
    }
};

EMBEDSCOPE_TEST_MAIN(TestAtomicExport)
#include "tst_atomicexport.moc"
