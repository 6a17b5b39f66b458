// The .embedscope session file: a round trip gives byte-identical tables and equal metadata, the
// blocks sit where the table of contents says, and a damaged file (a flipped byte in a block, a
// cut, a wrong magic line, a newer version) gives an Error naming the file, the byte offset and
// the problem, with nothing returned.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtEndian>

#include <cstring>
#include <random>

#include "SessionFile.h"
#include "SessionJson.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::errorMessage;
using embedscope::test::readAll;
using embedscope::test::toStd;
using embedscope::test::writeFile;

namespace {

Session sampleSession() {
    Session session;
    session.source = {"corpus", "/data/corpus.txt", 123456789, 0xdeadbeef};
    session.corpusOptions[QStringLiteral("minCount")] = 5;
    session.trainerOptions[QStringLiteral("dim")] = 7;
    session.trainerOptions[QStringLiteral("model")] = QStringLiteral("sg");
    QJsonObject camera;
    camera[QStringLiteral("yaw")] = 0.25;
    session.view[QStringLiteral("layout")] = QStringLiteral("umap");
    session.view[QStringLiteral("camera")] = camera;
    std::mt19937 random(3);
    std::normal_distribution<float> normal;
    const int rows = 50;
    session.vectors.vectors.resize(rows, 7);
    for (Eigen::Index i = 0; i < session.vectors.vectors.size(); ++i)
        session.vectors.vectors.data()[i] = normal(random);
    for (int i = 0; i < rows; ++i)
        session.vectors.words.push_back(i == 3   ? std::string("naïve")
                                        : i == 4 ? std::string("a,b \"c\"")
                                                 : "w" + std::to_string(i));
    session.trackedRows = {0, 4, 9, 49};
    session.timelineInterval = 0.2;
    session.timelineBudgetBytes = 200u << 20;
    for (int f = 0; f < 5; ++f) {
        TimelineFrame frame;
        frame.metrics.seconds = 0.1 * f;
        frame.metrics.loss = 3.0 - 0.3 * f;
        frame.metrics.learningRate = 0.025 * (1 - 0.2 * f);
        frame.metrics.wordsPerSecond = 1e6 + f;
        frame.metrics.fraction = 0.2 * f;
        frame.metrics.epoch = 1 + f / 2;
        frame.metrics.wordsProcessed = 1000u * f;
        if (f >= 2) {  // evaluated from the third frame on (the round trip keeps NaN before)
            frame.metrics.analogyAccuracy = 0.1 * f;
            frame.metrics.spearman = -0.5 + 0.2 * f;
        }
        auto vectors = std::make_shared<RowMatrixXf>(4, 7);
        for (Eigen::Index i = 0; i < vectors->size(); ++i)
            vectors->data()[i] = normal(random);
        frame.vectors = std::move(vectors);
        session.frames.push_back(std::move(frame));
    }
    return session;
}

bool sameBytes(const RowMatrixXf& a, const RowMatrixXf& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

// The JSON header of a session file, read here independently of SessionFile.cpp.
QJsonObject headerOf(const QByteArray& bytes) {
    quint64 length = 0;
    std::memcpy(&length, bytes.constData() + 23, 8);
    length = qFromLittleEndian(length);
    return QJsonDocument::fromJson(bytes.mid(31, static_cast<qsizetype>(length))).object();
}

QJsonObject blockEntry(const QJsonObject& header, const QString& name) {
    for (const QJsonValue entry : header.value(QStringLiteral("blocks")).toArray())
        if (entry.toObject().value(QStringLiteral("name")).toString() == name)
            return entry.toObject();
    return {};
}

}  // namespace

class TestSessionFile : public QObject {
    Q_OBJECT

private slots:
    void roundTripGivesIdenticalTablesAndMetadata() {
        QTemporaryDir dir;
        const std::string path = toStd(dir.filePath(QStringLiteral("run.embedscope")));
        const Session written = sampleSession();
        writeSession(path, written);
        QVERIFY(isSessionFile(path));
        const Session read = readSession(path);

        QCOMPARE(read.source.kind, written.source.kind);
        QCOMPARE(read.source.path, written.source.path);
        QCOMPARE(read.source.bytes, written.source.bytes);
        QCOMPARE(read.source.crc32, written.source.crc32);
        QCOMPARE(read.corpusOptions, written.corpusOptions);
        QCOMPARE(read.trainerOptions, written.trainerOptions);
        QCOMPARE(read.view, written.view);
        QCOMPARE(read.vectors.words, written.vectors.words);
        QVERIFY(sameBytes(read.vectors.vectors, written.vectors.vectors));
        QCOMPARE(read.trackedRows, written.trackedRows);
        QCOMPARE(read.timelineInterval, written.timelineInterval);
        QCOMPARE(read.timelineBudgetBytes, written.timelineBudgetBytes);
        QCOMPARE(read.frames.size(), written.frames.size());
        for (std::size_t f = 0; f < read.frames.size(); ++f) {
            QCOMPARE(read.frames[f].metrics, written.frames[f].metrics);
            QVERIFY(sameBytes(*read.frames[f].vectors, *written.frames[f].vectors));
        }

        // Saving the read session again gives the same bytes.
        const std::string again = toStd(dir.filePath(QStringLiteral("again.embedscope")));
        writeSession(again, read);
        QCOMPARE(readAll(QString::fromStdString(again)), readAll(QString::fromStdString(path)));
    }

    void blocksSitWhereTheTableOfContentsSays() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.embedscope"));
        const Session session = sampleSession();
        writeSession(toStd(path), session);
        const QByteArray bytes = readAll(path);
        QVERIFY(bytes.startsWith("EMBEDSCOPE-SESSION\n"));
        quint32 version = 0;
        std::memcpy(&version, bytes.constData() + 19, 4);
        QCOMPARE(qFromLittleEndian(version), kSessionFormatVersion);
        const QJsonObject header = headerOf(bytes);
        QCOMPARE(header.value(QStringLiteral("rows")).toInt(), 50);
        QCOMPARE(header.value(QStringLiteral("timeline"))
                     .toObject()
                     .value(QStringLiteral("frames"))
                     .toArray()
                     .size(),
                 5);
        const QJsonObject vectors = blockEntry(header, QStringLiteral("vectors"));
        const QJsonObject frames = blockEntry(header, QStringLiteral("frames"));
        for (const QJsonObject& block :
             {blockEntry(header, QStringLiteral("words")), vectors, frames}) {
            QVERIFY(!block.isEmpty());
            QCOMPARE(static_cast<qint64>(block.value(QStringLiteral("offset")).toDouble()) % 64,
                     qint64(0));
        }
        const auto vectorsAt =
            static_cast<qsizetype>(vectors.value(QStringLiteral("offset")).toDouble());
        QCOMPARE(vectors.value(QStringLiteral("bytes")).toDouble(), 50.0 * 7 * 4);
        QVERIFY(std::memcmp(bytes.constData() + vectorsAt, session.vectors.vectors.data(),
                            50 * 7 * 4) == 0);
        const auto framesAt =
            static_cast<qsizetype>(frames.value(QStringLiteral("offset")).toDouble());
        QCOMPARE(bytes.size(), framesAt + 5 * 4 * 7 * 4);
        QVERIFY(std::memcmp(bytes.constData() + framesAt + 4 * 7 * 4,
                            session.frames[1].vectors->data(), 4 * 7 * 4) == 0);
    }

    void aFlippedByteInABlockNamesTheBlockAndItsOffset() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.embedscope"));
        writeSession(toStd(path), sampleSession());
        const QByteArray good = readAll(path);
        const QJsonObject header = headerOf(good);
        for (const QString& name :
             {QStringLiteral("words"), QStringLiteral("vectors"), QStringLiteral("frames")}) {
            const QJsonObject block = blockEntry(header, name);
            const auto offset =
                static_cast<qsizetype>(block.value(QStringLiteral("offset")).toDouble());
            const auto size =
                static_cast<qsizetype>(block.value(QStringLiteral("bytes")).toDouble());
            QByteArray damaged = good;
            damaged[offset + size / 2] = static_cast<char>(damaged[offset + size / 2] ^ 0x10);
            const QString bad = writeFile(dir, name + QStringLiteral(".embedscope"), damaged);
            const QString message = errorMessage([&] { readSession(toStd(bad)); });
            QVERIFY2(
                message.startsWith(
                    bad + QStringLiteral(": byte offset %1: block '%2'").arg(offset).arg(name)),
                qPrintable(message));
            QVERIFY2(message.contains(QLatin1String("damaged")), qPrintable(message));
        }
        // A flipped byte in the JSON header (a digit of the CRC would do; here its first brace).
        QByteArray damaged = good;
        damaged[31] = 'x';
        const QString bad = writeFile(dir, QStringLiteral("json.embedscope"), damaged);
        const QString message = errorMessage([&] { readSession(toStd(bad)); });
        // Qt's parser reports the place just after the bad character.
        QVERIFY2(QRegularExpression(QRegularExpression::escape(bad) +
                                    QStringLiteral(": byte offset 3[12]: damaged JSON header"))
                     .match(message)
                     .hasMatch(),
                 qPrintable(message));
    }

    void aTruncatedFileSaysWhereItEnds() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.embedscope"));
        writeSession(toStd(path), sampleSession());
        const QByteArray good = readAll(path);
        const QJsonObject header = headerOf(good);
        const auto framesAt = static_cast<qsizetype>(blockEntry(header, QStringLiteral("frames"))
                                                         .value(QStringLiteral("offset"))
                                                         .toDouble());
        for (const qsizetype cut : {qsizetype(0), qsizetype(10), qsizetype(25), qsizetype(40),
                                    framesAt - 1, framesAt + 17, good.size() - 1}) {
            const QString bad =
                writeFile(dir, QStringLiteral("cut%1.embedscope").arg(cut), good.left(cut));
            const QString message = errorMessage([&] { readSession(toStd(bad)); });
            QVERIFY2(
                message.startsWith(bad + QStringLiteral(": byte offset %1: truncated").arg(cut)),
                qPrintable(message));
        }
    }

    void aWrongMagicLineOrANewerVersionIsRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.embedscope"));
        writeSession(toStd(path), sampleSession());
        const QByteArray good = readAll(path);

        QByteArray magic = good;
        magic[3] = 'e';
        QString bad = writeFile(dir, QStringLiteral("magic.embedscope"), magic);
        QVERIFY(!isSessionFile(toStd(bad)));
        QString message = errorMessage([&] { readSession(toStd(bad)); });
        QVERIFY2(message.startsWith(
                     bad + QStringLiteral(": byte offset 0: not an Embedscope session file")),
                 qPrintable(message));

        QByteArray newer = good;
        const quint32 version = qToLittleEndian<quint32>(kSessionFormatVersion + 1);
        std::memcpy(newer.data() + 19, &version, 4);
        bad = writeFile(dir, QStringLiteral("newer.embedscope"), newer);
        message = errorMessage([&] { readSession(toStd(bad)); });
        QCOMPARE(message, bad + QStringLiteral(": byte offset 19: made by a newer Embedscope: "
                                               "session format version %1, this one reads up "
                                               "to %2")
                                    .arg(kSessionFormatVersion + 1)
                                    .arg(kSessionFormatVersion));
    }

    // Any flipped byte anywhere either is refused or (in the JSON's text, the padding between
    // blocks) leaves the tables exactly as written: the CRCs cover every byte of them. Every
    // proper prefix of the file is refused.
    void noFlipOrCutReturnsDifferentTables() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.embedscope"));
        const Session written = sampleSession();
        writeSession(toStd(path), written);
        const QByteArray good = readAll(path);
        const QString bad = dir.filePath(QStringLiteral("bad.embedscope"));
        int refused = 0;
        QVERIFY(QFile::copy(path, bad));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::ReadWrite));
        // One byte changed in place a time (rewriting the whole file each time is slow on some
        // file systems).
        auto put = [&](qsizetype at, char byte) {
            file.seek(at);
            file.write(&byte, 1);
            file.flush();
        };
        for (qsizetype at = 0; at < good.size(); ++at) {
            put(at, static_cast<char>(good[at] ^ (1 << (at % 8))));
            try {
                const Session read = readSession(toStd(bad));
                QVERIFY2(read.vectors.words == written.vectors.words,
                         qPrintable(QString::number(at)));
                QVERIFY2(sameBytes(read.vectors.vectors, written.vectors.vectors),
                         qPrintable(QString::number(at)));
                QCOMPARE(read.frames.size(), written.frames.size());
                for (std::size_t f = 0; f < read.frames.size(); ++f)
                    QVERIFY2(sameBytes(*read.frames[f].vectors, *written.frames[f].vectors),
                             qPrintable(QString::number(at)));
            } catch (const Error& e) {
                QVERIFY2(
                    QString::fromUtf8(e.what()).startsWith(bad + QStringLiteral(": byte offset ")),
                    e.what());
                ++refused;
            }
            put(at, good[at]);
        }
        // Every byte of the blocks is covered, so most flips are refused.
        QVERIFY2(refused > good.size() / 2, qPrintable(QString::number(refused)));
        for (qsizetype cut = good.size() - 1; cut >= 0; --cut) {
            QVERIFY(file.resize(cut));
            const QString message = errorMessage([&] { readSession(toStd(bad)); });
            QVERIFY2(message.startsWith(bad + QStringLiteral(": byte offset ")),
                     qPrintable(message));
        }
        file.close();
    }

    void aFailedSaveLeavesTheEarlierFileWhole() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.embedscope"));
        writeSession(toStd(path), sampleSession());
        const QByteArray before = readAll(path);
        Session broken = sampleSession();
        broken.trackedRows.push_back(50);  // outside the table (and the frames' shape)
        const QString message = errorMessage([&] { writeSession(toStd(path), broken); });
        QVERIFY2(message.contains(QLatin1String("tracked row 50 is outside")), qPrintable(message));
        QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
                 QStringList{QStringLiteral("run.embedscope")});
    }

    void theSourceIsDescribedByItsSizeAndCrc32() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("check.txt"), "123456789");
        const SessionSource source = describeSource(toStd(path), "corpus");
        QCOMPARE(source.bytes, std::uint64_t(9));
        QCOMPARE(source.crc32, 0xcbf43926u);  // CRC-32's published check value
        QCOMPARE(source.kind, std::string("corpus"));
        QCOMPARE(source.path, toStd(QFileInfo(path).absoluteFilePath()));
        QCOMPARE(sourceStatus(source), std::string("unchanged"));
        writeFile(dir, QStringLiteral("check.txt"), "123456780");
        QCOMPARE(sourceStatus(source), std::string("changed"));
        writeFile(dir, QStringLiteral("check.txt"), "12345678");
        QCOMPARE(sourceStatus(source), std::string("changed"));
        QVERIFY(QFile::remove(path));
        QCOMPARE(sourceStatus(source), std::string("missing"));
    }

    // A corpus read from a pipe cannot be read again: described without opening it (which would
    // wait for a writer), and never reported as unchanged.
    void aPipeIsDescribedWithoutReadingIt() {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("corpus.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const SessionSource source = describeSource(toStd(fifo), "corpus");
        QCOMPARE(source.bytes, std::uint64_t(0));
        QCOMPARE(sourceStatus(source), std::string("not a regular file"));
    }

    // A session's layout numbers come from a file: out of range, fractional or negative where a
    // count is meant, they are refused with the key and the value, never cast into nonsense.
    void layoutNumbersOutOfRangeAreRefused_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("value");
        QTest::newRow("dims 4") << "dims" << 4.0;
        QTest::newRow("neighbors 1e300") << "neighbors" << 1e300;
        QTest::newRow("neighbors 0") << "neighbors" << 0.0;
        QTest::newRow("iterations -1") << "iterations" << -1.0;
        QTest::newRow("iterations 2.5") << "iterations" << 2.5;
        QTest::newRow("seed -1") << "seed" << -1.0;
        QTest::newRow("maxLaidOutRows 0") << "maxLaidOutRows" << 0.0;
        QTest::newRow("perplexity 0") << "perplexity" << 0.0;
        QTest::newRow("minDist -1") << "minDist" << -1.0;
    }
    void layoutNumbersOutOfRangeAreRefused() {
        QFETCH(QString, key);
        QFETCH(double, value);
        QJsonObject json = layoutJson(LayoutOptions{}, {});
        // The saved layout itself reads back.
        QCOMPARE(parseLayoutJson(json, LayoutOptions{}).options.neighbors,
                 LayoutOptions{}.neighbors);
        json[key] = value;
        try {
            parseLayoutJson(json, LayoutOptions{});
            QFAIL("accepted");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QLatin1Char('"') + key + QLatin1Char('"')), e.what());
            QVERIFY2(message.contains(QString::number(value, 'g', 6)), e.what());
        }
    }
    void layoutComponentsOutOfRangeAreRefused() {
        QJsonObject json = layoutJson(LayoutOptions{}, {});
        json[QStringLiteral("components")] = QJsonArray{0, -3};
        QVERIFY_THROWS_EXCEPTION(Error, parseLayoutJson(json, LayoutOptions{}));
        json[QStringLiteral("components")] = QJsonArray{1, 0};
        QCOMPARE(parseLayoutJson(json, LayoutOptions{}).options.components,
                 (std::vector<int>{1, 0}));
    }

    // The training and corpus options a session was made with read back as written, so that a
    // reopened session's panels show them; a key the file lacks keeps the base value.
    void trainingAndCorpusOptionsReadBack() {
        TrainerOptions trained;
        trained.model = TrainingModel::Cbow;
        trained.kernel = TrainingKernelKind::Batched;
        trained.init = EmbeddingInit::Normal;
        trained.dim = 37;
        trained.window = 3;
        trained.negative = 9;
        trained.epochs = 11;
        trained.learningRate = 0.07;
        trained.minLearningRateFactor = 0.001;
        trained.sample = 1e-4;
        trained.noiseExponent = 0.5;
        trained.threads = 1;
        trained.seed = 4000000000ULL;
        trained.shuffleLines = true;
        const TrainerOptions read = parseTrainerOptionsJson(trainerOptionsJson(trained), {});
        QVERIFY(read == trained);
        // An older file without some keys: those keep the base's values.
        QJsonObject partial = trainerOptionsJson(trained);
        partial.remove(QStringLiteral("window"));
        partial.remove(QStringLiteral("kernel"));
        TrainerOptions base;
        base.window = 8;
        const TrainerOptions fromPartial = parseTrainerOptionsJson(partial, base);
        QCOMPARE(fromPartial.window, 8);
        QVERIFY(!fromPartial.kernel);
        QCOMPARE(fromPartial.dim, 37);
        // The model's own kernel and initialisation, written by name, read back as the default.
        TrainerOptions defaults;
        defaults.model = TrainingModel::Cbow;
        const TrainerOptions readDefaults =
            parseTrainerOptionsJson(trainerOptionsJson(defaults), {});
        QVERIFY(!readDefaults.kernel && !readDefaults.init);
        QCOMPARE(readDefaults.effectiveKernel(), defaultKernel(TrainingModel::Cbow));
        // The learning rate is written as the one used (0 in the options means the model's).
        TrainerOptions withRate = defaults;
        withRate.learningRate = defaults.effectiveLearningRate();
        QVERIFY(readDefaults == withRate);

        CorpusOptions corpus;
        corpus.tokenizer.mode = TokenizeMode::Whitespace;
        corpus.tokenizer.lowercase = false;
        corpus.tokenizer.keepApostrophes = false;
        corpus.tokenizer.keepHyphens = false;
        corpus.tokenizer.digitsToToken = true;
        corpus.tokenizer.normalize = false;
        corpus.minCount = 3;
        corpus.maxSize = 5000;
        const CorpusOptions readCorpus = parseCorpusOptionsJson(corpusOptionsJson(corpus), {});
        QCOMPARE(readCorpus.tokenizer.mode, TokenizeMode::Whitespace);
        QCOMPARE(readCorpus.tokenizer.lowercase, false);
        QCOMPARE(readCorpus.tokenizer.keepApostrophes, false);
        QCOMPARE(readCorpus.tokenizer.keepHyphens, false);
        QCOMPARE(readCorpus.tokenizer.digitsToToken, true);
        QCOMPARE(readCorpus.tokenizer.normalize, false);
        QCOMPARE(readCorpus.minCount, std::uint64_t(3));
        QCOMPARE(readCorpus.maxSize, std::size_t(5000));
    }

    // Values the trainer or tokenizer would refuse, names it does not know and values of the
    // wrong kind are refused with the key.
    void badTrainingAndCorpusOptionsAreRefused_data() {
        QTest::addColumn<bool>("training");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("dim 0") << true << "dim" << QJsonValue(0);
        QTest::newRow("dim 2.5") << true << "dim" << QJsonValue(2.5);
        QTest::newRow("window 1e300") << true << "window" << QJsonValue(1e300);
        QTest::newRow("negative -1") << true << "negative" << QJsonValue(-1);
        QTest::newRow("epochs 0") << true << "epochs" << QJsonValue(0);
        QTest::newRow("learningRate 0") << true << "learningRate" << QJsonValue(0);
        QTest::newRow("sample -1") << true << "sample" << QJsonValue(-1);
        QTest::newRow("threads -2") << true << "threads" << QJsonValue(-2);
        QTest::newRow("seed -1") << true << "seed" << QJsonValue(-1);
        QTest::newRow("model glove") << true << "model" << QJsonValue(QStringLiteral("glove"));
        QTest::newRow("kernel fast") << true << "kernel" << QJsonValue(QStringLiteral("fast"));
        QTest::newRow("init zeros") << true << "init" << QJsonValue(QStringLiteral("zeros"));
        QTest::newRow("order random") << true << "order" << QJsonValue(QStringLiteral("random"));
        QTest::newRow("dim as text") << true << "dim" << QJsonValue(QStringLiteral("100"));
        QTest::newRow("minCount 0") << false << "minCount" << QJsonValue(0);
        QTest::newRow("maxSize -5") << false << "maxSize" << QJsonValue(-5);
        QTest::newRow("tokenize chars")
            << false << "tokenize" << QJsonValue(QStringLiteral("chars"));
        QTest::newRow("lowercase 1") << false << "lowercase" << QJsonValue(1);
    }
    void badTrainingAndCorpusOptionsAreRefused() {
        QFETCH(bool, training);
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QJsonObject json =
            training ? trainerOptionsJson(TrainerOptions{}) : corpusOptionsJson(CorpusOptions{});
        json[key] = value;
        const QString message = test::errorMessage([&] {
            if (training)
                parseTrainerOptionsJson(json, TrainerOptions{});
            else
                parseCorpusOptionsJson(json, CorpusOptions{});
        });
        QVERIFY2(message.contains(QLatin1Char('"') + key + QLatin1Char('"')), qPrintable(message));
        QVERIFY2(message.contains(training ? QLatin1String("training options")
                                           : QLatin1String("corpus options")),
                 qPrintable(message));
    }
};

EMBEDSCOPE_TEST_MAIN(TestSessionFile)
#include "tst_sessionfile.moc"
