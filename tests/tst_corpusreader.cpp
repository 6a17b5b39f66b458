// Reading corpus files: encodings refused or tolerated, empty and unreadable files, huge lines and
// tokens, chunk boundaries, progress and cancelling.
#include <QBuffer>
#include <QStringDecoder>
#include <QStringEncoder>

#include <atomic>
#include <string>
#include <vector>

#include "CorpusReader.h"
#include "Error.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;
using embedscope::test::writeFile;

namespace {

struct Collector : TokenSink {
    std::vector<std::string> words;
    std::size_t sentenceEnds = 0;
    std::size_t longest = 0;
    bool keepWords = true;
    void onToken(std::string_view word) override {
        longest = std::max(longest, word.size());
        if (keepWords)
            words.emplace_back(word);
    }
    void onSentenceEnd() override { ++sentenceEnds; }
};

// The message of the Error that reading path throws, or "" when it reads fine.
QString readError(const QString& path, const TokenizerOptions& options = {}) {
    Collector sink;
    try {
        readCorpus(toStd(path), options, sink);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QByteArray latin1(const QString& text) {
    QStringEncoder encoder(QStringEncoder::Latin1);
    return encoder(text);
}

QByteArray utf16(const QString& text, bool littleEndian, bool bom) {
    QStringEncoder encoder(littleEndian ? QStringEncoder::Utf16LE : QStringEncoder::Utf16BE,
                           bom ? QStringEncoder::Flag::WriteBom : QStringEncoder::Flag::Default);
    return encoder(text);
}

}  // namespace

class TestCorpusReader : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void bomAndCrlf() {
        const QString path =
            writeFile(dir_, "bom.txt", "\xEF\xBB\xBFHello world\r\nSecond line\r\n");
        Collector sink;
        const ReadReport report = readCorpus(toStd(path), {}, sink);
        QCOMPARE(sink.words, (std::vector<std::string>{"hello", "world", "second", "line"}));
        QCOMPARE(sink.sentenceEnds, 2u);
        QCOMPARE(report.tokens, 4u);
        QCOMPARE(report.sentences, 2u);
        QCOMPARE(report.bytes, 29u);  // BOM included
        QVERIFY(report.warning.empty());
    }

    void strayBytesAreSkippedWithWarning() {
        // Mostly valid UTF-8 with non-ASCII letters, and five stray bytes.
        const QByteArray text =
            "Straße Москва \xFF"
            "ok\n"
            "Ärger über \xFE\xFE"
            "éclair \x80"
            "x Café\xC3\n";
        const QString path = writeFile(dir_, "stray.txt", text);
        Collector sink;
        const ReadReport report = readCorpus(toStd(path), {}, sink);
        QCOMPARE(report.invalidBytes, 5u);
        QCOMPARE(report.firstInvalidOffset, static_cast<std::int64_t>(text.indexOf('\xFF')));
        QCOMPARE(sink.words, (std::vector<std::string>{"straße", "москва", "ok", "ärger", "über",
                                                       "éclair", "x", "café"}));
        const QString warning = QString::fromStdString(report.warning);
        QVERIFY2(warning.startsWith(path + ": "), qPrintable(warning));
        QVERIFY2(warning.contains("5 invalid UTF-8 bytes"), qPrintable(warning));
        QVERIFY2(warning.contains("byte offset " + QString::number(text.indexOf('\xFF'))),
                 qPrintable(warning));
    }

    void refusedEncodings_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        const QString text =
            QString::fromUtf8("Café résumé naïve über façade\nÀ la carte, déjà vu.\n");
        QTest::newRow("latin-1") << latin1(text)
                                 << QStringLiteral(
                                        "byte offset 3: not UTF-8 text (looks like Latin-1)");
        QTest::newRow("utf-16le bom")
            << utf16(text, true, true)
            << QStringLiteral("byte offset 0: not UTF-8 text (looks like UTF-16 little-endian)");
        QTest::newRow("utf-16be bom")
            << utf16(text, false, true)
            << QStringLiteral("byte offset 0: not UTF-8 text (looks like UTF-16 big-endian)");
        QTest::newRow("utf-16le no bom")
            << utf16(QStringLiteral("plain ascii words\n"), true, false)
            << QStringLiteral("byte offset 1: not UTF-8 text (looks like UTF-16 little-endian)");
        QTest::newRow("utf-16be no bom")
            << utf16(QStringLiteral("plain ascii words\n"), false, false)
            << QStringLiteral("byte offset 0: not UTF-8 text (looks like UTF-16 big-endian)");
        QByteArray binary;
        for (int i = 0; i < 4096; ++i)
            binary.append(static_cast<char>((i * 7919 + 13) % 256));
        QTest::newRow("binary") << binary
                                << QString(
                                       "byte offset %1: not UTF-8 text (looks like binary data)")
                                       .arg(binary.indexOf('\0'));
        QTest::newRow("one nul in text")
            << QByteArray("some words\nmore\0words\n", 23)
            << QStringLiteral("byte offset 15: not UTF-8 text (looks like binary data)");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("the file is empty");
        QTest::newRow("whitespace only")
            << QByteArray(" \n\r\n\t  \n") << QStringLiteral("the file contains no words");
        QTest::newRow("bom only") << QByteArray("\xEF\xBB\xBF")
                                  << QStringLiteral("the file contains no words");
        QTest::newRow("punctuation only")
            << QByteArray("!!! ... ---\n") << QStringLiteral("the file contains no words");
    }

    void refusedEncodings() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        const QString path =
            writeFile(dir_, QString("refused-%1.txt").arg(QTest::currentDataTag()), bytes);
        QCOMPARE(readError(path), path + ": " + problem);
    }

    void nulAfterTheFirstChunks() {
        QByteArray text;
        while (text.size() < 3'000'000)
            text.append("plenty of ordinary words here\n");
        const qsizetype nulAt = text.size() + 5;
        text.append("more ");
        text.append('\0');
        text.append(" tail\n");
        QCOMPARE(text.indexOf('\0'), nulAt);
        const QString path = writeFile(dir_, "late-nul.txt", text);
        QCOMPARE(readError(path), path + ": byte offset " + QString::number(nulAt) +
                                      ": not UTF-8 text (looks like binary data)");
    }

    void missingDirectoryUnreadable() {
        const QString missing = dir_.filePath("does-not-exist.txt");
        QCOMPARE(readError(missing), missing + ": no such file");
        // A folder is a corpus of its files (tst_compressedcorpus); one without any is refused.
        const QString emptyFolder = dir_.filePath("empty-folder");
        QVERIFY(QDir().mkpath(emptyFolder));
        QVERIFY(readError(emptyFolder).startsWith(emptyFolder + ": is a directory without files"));

        const QString locked = writeFile(dir_, "locked.txt", "some words\n");
        QVERIFY(QFile::setPermissions(locked, QFileDevice::WriteOwner));
        QFile probe(locked);
        if (probe.open(QIODevice::ReadOnly))
            QSKIP("running as root: every file is readable");
        const QString message = readError(locked);
        QVERIFY2(message.startsWith(locked + ": cannot open for reading"), qPrintable(message));
    }

    // A 64 MB line without a newline and a 1 MB token: one sentence, two tokens capped (the 1 MB
    // one and a 201-byte one), nothing longer than the cap delivered.
    void hugeLineAndToken() {
        const QString path = dir_.filePath("huge.txt");
        std::uint64_t expectedTokens = 0;
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QByteArray words;
            while (words.size() < (1 << 20))
                words.append("lorem ipsum dolor sit amet ");
            for (int i = 0; i < 64; ++i) {
                QCOMPARE(file.write(words), words.size());
                expectedTokens += static_cast<std::uint64_t>(words.count(' '));
            }
            QCOMPARE(file.write(QByteArray(1 << 20, 'Q')), qint64(1 << 20));
            QVERIFY(file.write(" é" + QByteArray(200, 'b') + " end") > 0);  // no newline at all
            expectedTokens += 3;
        }
        Collector sink;
        sink.keepWords = false;
        const ReadReport report = readCorpus(toStd(path), {}, sink);
        QCOMPARE(report.tokens, expectedTokens);
        QCOMPARE(report.sentences, 1u);
        QCOMPARE(sink.sentenceEnds, 1u);
        QCOMPARE(report.truncatedTokens, 2u);
        QCOMPARE(sink.longest, kMaxTokenBytes);
        QVERIFY2(
            QString::fromStdString(report.warning).contains("cut 2 tokens longer than 100 bytes"),
            report.warning.c_str());
        QCOMPARE(report.bytes, static_cast<std::uint64_t>(QFileInfo(path).size()));
    }

    // A two-byte character whose first byte ends the first 1 MB chunk is carried over whole.
    void characterAcrossChunkBoundary() {
        constexpr int kChunk = 1 << 20;
        QByteArray text(kChunk - 1, ' ');
        text.append("é");  // bytes kChunk - 1 and kChunk
        text.append("t\n");
        const QString path = writeFile(dir_, "boundary.txt", text);
        Collector sink;
        const ReadReport report = readCorpus(toStd(path), {}, sink);
        QCOMPARE(report.invalidBytes, 0u);
        QCOMPARE(sink.words, (std::vector<std::string>{"ét"}));
    }

    void progressAndCancel() {
        QByteArray text;
        while (text.size() < 3 * (1 << 20) + 100)
            text.append("alpha beta gamma delta\n");
        const QString path = writeFile(dir_, "progress.txt", text);

        std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
        JobControl control;
        control.progress = [&](std::uint64_t done, std::uint64_t total) {
            calls.emplace_back(done, total);
        };
        Collector sink;
        sink.keepWords = false;
        readCorpus(toStd(path), {}, sink, control);
        QVERIFY(calls.size() >= 4);
        for (std::size_t i = 0; i < calls.size(); ++i) {
            QCOMPARE(calls[i].second, static_cast<std::uint64_t>(text.size()));
            if (i > 0)
                QVERIFY(calls[i].first >= calls[i - 1].first);
        }
        QCOMPARE(calls.back().first, static_cast<std::uint64_t>(text.size()));

        // Cancelled from the progress callback after the first chunk: the next chunk throws.
        std::atomic<bool> cancel{false};
        JobControl cancelling;
        cancelling.cancel = &cancel;
        int reports = 0;
        cancelling.progress = [&](std::uint64_t, std::uint64_t) {
            ++reports;
            cancel = true;
        };
        Collector partial;
        QVERIFY_THROWS_EXCEPTION(Cancelled, readCorpus(toStd(path), {}, partial, cancelling));
        QCOMPARE(reports, 1);
        QVERIFY(partial.words.size() < static_cast<std::size_t>(text.count('\n') * 4));
    }

    // controlFor: the shared state sees the job's last report, and setting its flag cancels.
    void sharedJobState() {
        QByteArray text;
        while (text.size() < 3 * (1 << 20) + 100)
            text.append("alpha beta gamma delta\n");
        const QString path = writeFile(dir_, "shared.txt", text);
        auto state = std::make_shared<JobState>();
        Collector sink;
        sink.keepWords = false;
        readCorpus(toStd(path), {}, sink, controlFor(state));
        QCOMPARE(state->done.load(), static_cast<std::uint64_t>(text.size()));
        QCOMPARE(state->total.load(), static_cast<std::uint64_t>(text.size()));

        auto cancelled = std::make_shared<JobState>();
        cancelled->cancel = true;
        Collector none;
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 readCorpus(toStd(path), {}, none, controlFor(cancelled)));
        QCOMPARE(cancelled->done.load(), std::uint64_t(0));
    }

    void device() {
        QByteArray bytes("Device text, from a QBuffer.\n");
        QBuffer buffer(&bytes);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        Collector sink;
        const ReadReport report = readCorpus(buffer, ":/default-corpus.txt", {}, sink);
        QCOMPARE(sink.words, (std::vector<std::string>{"device", "text", "from", "a", "qbuffer"}));
        QCOMPARE(report.bytes, static_cast<std::uint64_t>(bytes.size()));

        QByteArray empty;
        QBuffer emptyBuffer(&empty);
        QVERIFY(emptyBuffer.open(QIODevice::ReadOnly));
        QCOMPARE(test::errorMessage([&] { readCorpus(emptyBuffer, "embedded", {}, sink); }),
                 QStringLiteral("embedded: the file is empty"));
    }
};

EMBEDSCOPE_TEST_MAIN(TestCorpusReader)
#include "tst_corpusreader.moc"
