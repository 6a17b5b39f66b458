// Corpora as they are shipped: compressed (.gz, .xz, .bz2, .zst, a .zip of one file), several
// streams or frames back to back, damaged archives, a folder of shards and a list of files.
#include <QDir>
#include <QProcess>
#include <QRegularExpression>

#include <map>
#include <string>
#include <vector>

#include "CorpusReader.h"
#include "Error.h"
#include "TokenizedCorpus.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;

namespace {

struct Collector : TokenSink {
    std::vector<std::string> tokens;  // sentence ends as "\n"
    void onToken(std::string_view word) override { tokens.emplace_back(word); }
    void onSentenceEnd() override { tokens.emplace_back("\n"); }
};

std::vector<std::string> tokensOf(const std::vector<std::string>& files) {
    Collector sink;
    readCorpus(files, {}, sink);
    return sink.tokens;
}

// A text with non-ASCII words (NFC and lowercasing at work) over several MB of decompressed
// output, so that the read-ahead thread fills many blocks.
QByteArray sampleText(int sentences, unsigned seed) {
    QByteArray text = test::topicText(sentences, seed);
    text += "Caf\xC3\xA9 cafe\xCC\x81 \xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3\n";
    return text;
}

struct Format {
    const char* suffix;
    QString program;
    QStringList arguments;  // the input file is appended; the output is stdout
};

std::vector<Format> streamFormats() {
    return {{".gz", "gzip", {"-c"}},
            {".xz", "xz", {"-c"}},
            {".bz2", "bzip2", {"-c"}},
            {".zst", "zstd", {"-q", "-c"}}};
}

// Compresses input into output with the format's program (zip: an archive of input alone).
bool compress(const QString& suffix, const QString& input, const QString& output) {
    if (suffix == ".zip") {
        QFile::remove(output);
        return QProcess::execute("zip", {"-q", "-j", output, input}) == 0;
    }
    for (const Format& format : streamFormats()) {
        if (suffix != format.suffix)
            continue;
        QProcess process;
        process.setStandardOutputFile(output);
        process.start(format.program, format.arguments + QStringList{input});
        return process.waitForFinished(60000) && process.exitCode() == 0;
    }
    return false;
}

QByteArray fileBytes(const QString& path) {
    return test::readAll(path);
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

}  // namespace

class TestCompressedCorpus : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    int files_ = 0;

    QString fresh(const QString& name) {
        return dir_.filePath(QString::number(++files_) + QStringLiteral("-") + name);
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void eachFormatReadsAsThePlainFile_data() {
        QTest::addColumn<QString>("suffix");
        for (const char* suffix : {".gz", ".xz", ".bz2", ".zst", ".zip"})
            QTest::newRow(suffix) << QString::fromLatin1(suffix);
    }
    void eachFormatReadsAsThePlainFile() {
        QFETCH(QString, suffix);
        const QString plain = fresh("corpus.txt");
        writeBytes(plain, sampleText(60000, 7));  // about 3.6 MB
        const QString packed = plain + suffix;
        if (!compress(suffix, plain, packed))
            QSKIP("the compressing program is not installed");
        QCOMPARE(tokensOf({toStd(packed)}), tokensOf({toStd(plain)}));
        Collector sink;
        const ReadReport report = readCorpus(toStd(packed), {}, sink);
        QCOMPARE(report.bytes, static_cast<std::uint64_t>(QFileInfo(plain).size()));
        // What the Corpus panel says of the file on disk.
        static const std::map<QString, std::string> kCompression = {
            {".gz", "gzip"}, {".xz", "xz"}, {".bz2", "bzip2"}, {".zst", "zstd"}, {".zip", "zip"}};
        QCOMPARE(report.compression, kCompression.at(suffix));
        QCOMPARE(report.files, std::uint64_t(1));
        QCOMPARE(report.fileBytes, static_cast<std::uint64_t>(QFileInfo(packed).size()));
        QCOMPARE(readCorpus(toStd(plain), {}, sink).compression, std::string());
        // The vocabulary pass (chunks on several threads) too.
        CorpusOptions options;
        options.minCount = 1;
        options.counting.threads = 2;
        const Vocabulary fromPacked = countVocabulary(toStd(packed), options);
        const Vocabulary fromPlain = countVocabulary(toStd(plain), options);
        QCOMPARE(fromPacked.words(), fromPlain.words());
        QCOMPARE(fromPacked.counts(), fromPlain.counts());
        // Whatever its name: the signature tells.
        const QString renamed = fresh("packed.data");
        QVERIFY(QFile::copy(packed, renamed));
        QCOMPARE(tokensOf({toStd(renamed)}), tokensOf({toStd(plain)}));
    }

    // `cat a.gz b.gz`, pbzip2, xz of several streams, zstd -T (one frame per block): all of it.
    void streamsBackToBackReadWhole_data() {
        QTest::addColumn<QString>("suffix");
        for (const char* suffix : {".gz", ".xz", ".bz2", ".zst"})
            QTest::newRow(suffix) << QString::fromLatin1(suffix);
    }
    void streamsBackToBackReadWhole() {
        QFETCH(QString, suffix);
        const QString first = fresh("first.txt"), second = fresh("second.txt");
        writeBytes(first, sampleText(3000, 1));
        writeBytes(second, sampleText(3000, 2));
        if (!compress(suffix, first, first + suffix) || !compress(suffix, second, second + suffix))
            QSKIP("the compressing program is not installed");
        const QString joined = fresh("joined.txt") + suffix;
        writeBytes(joined, fileBytes(first + suffix) + fileBytes(second + suffix));
        const QString plainJoined = fresh("joined.txt");
        writeBytes(plainJoined, fileBytes(first) + fileBytes(second));
        QCOMPARE(tokensOf({toStd(joined)}), tokensOf({toStd(plainJoined)}));
    }

    // A damaged archive is refused with the file and a byte offset, whatever the damage.
    void damagedArchiveIsRefused_data() {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QString>("damage");
        for (const char* suffix : {".gz", ".xz", ".bz2", ".zst", ".zip"})
            for (const char* damage : {"truncated", "flipped bytes", "wrong signature"})
                QTest::newRow(qPrintable(QString::fromLatin1(suffix) + " " + damage))
                    << QString::fromLatin1(suffix) << QString::fromLatin1(damage);
        QTest::newRow(".zip no file") << ".zip"
                                      << "no file";
        QTest::newRow(".zip empty archive") << ".zip"
                                            << "empty archive";
        QTest::newRow(".zip two files") << ".zip"
                                        << "two files";
    }
    void damagedArchiveIsRefused() {
        QFETCH(QString, suffix);
        QFETCH(QString, damage);
        const QString plain = fresh("text.txt");
        writeBytes(plain, sampleText(20000, 3));
        const QString path = fresh("damaged.txt") + suffix;
        if (!compress(suffix, plain, path))
            QSKIP("the compressing program is not installed");
        QByteArray bytes = fileBytes(path);
        QString problem;
        if (damage == "truncated") {
            bytes.truncate(bytes.size() * 6 / 10);
        } else if (damage == "flipped bytes") {
            // In the middle of the compressed data: every format checks a CRC or hash of it.
            for (qsizetype i = bytes.size() / 2; i < bytes.size() / 2 + 16; ++i)
                bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
        } else if (damage == "wrong signature") {
            bytes = "plain text " + bytes.mid(4);
            problem = QStringLiteral("though named");
        } else if (damage == "no file") {
            const QString folder = fresh("only-a-folder");
            QVERIFY(QDir().mkpath(folder));
            QFile::remove(path);
            QProcess zip;
            zip.setWorkingDirectory(dir_.path());
            zip.start("zip", {"-q", "-r", path, QFileInfo(folder).fileName()});
            QVERIFY(zip.waitForFinished(60000) && zip.exitCode() == 0);
            bytes = fileBytes(path);
            problem = QStringLiteral("holds 0");
        } else if (damage == "empty archive") {
            bytes = QByteArray("PK\x05\x06", 4) + QByteArray(18, '\0');
            problem = QStringLiteral("holds 0");
        } else if (damage == "two files") {
            QCOMPARE(QProcess::execute("zip", {"-q", "-j", path, plain}), 0);
            const QString other = fresh("other.txt");
            writeBytes(other, "more words\n");
            QCOMPARE(QProcess::execute("zip", {"-q", "-j", path, other}), 0);
            bytes = fileBytes(path);
            problem = QStringLiteral("holds 2");
        }
        writeBytes(path, bytes);

        const QString message = test::errorMessage([&] { tokensOf({toStd(path)}); });
        QVERIFY2(message.startsWith(path + QStringLiteral(": byte offset ")), qPrintable(message));
        if (!problem.isEmpty())
            QVERIFY2(message.contains(problem), qPrintable(message));
        // The vocabulary pass says the same.
        CorpusOptions options;
        options.counting.threads = 2;
        const QString counted = test::errorMessage([&] { countVocabulary(toStd(path), options); });
        QVERIFY2(counted.startsWith(path + QStringLiteral(": byte offset ")), qPrintable(counted));

        // The command line keeps the earlier output and exits 1 with the message.
        const QString output = fresh("vocab.tsv");
        writeBytes(output, "earlier\t1\n");
        const auto run = test::runCli({"vocab", path, "-o", output});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(path + QStringLiteral(": byte offset ")), qPrintable(run.err));
        QCOMPARE(fileBytes(output), QByteArray("earlier\t1\n"));
    }

    // A folder of shards: its files in name order, hidden files and sub-folders skipped, a
    // sentence ending at the end of each file, compressed or not.
    void folderOfShards() {
        const QString folder = fresh("shards");
        QVERIFY(QDir().mkpath(folder + "/sub"));
        const std::vector<std::pair<QString, QByteArray>> shards = {
            {"00.txt", "alpha beta"},  // no newline at the end: the sentence ends with the file
            {"01.txt", "gamma delta\nepsilon\n"},
            {"02.txt", ""},  // empty: skipped among several
            {"03.txt", sampleText(2000, 5)},
            {"04.txt", "zeta eta theta"}};
        std::vector<std::string> expected;
        QStringList listed;
        int index = 0;
        for (const auto& [name, text] : shards) {
            const QString plain = dir_.filePath(QStringLiteral("shard-") + name);
            writeBytes(plain, text);
            // Compressed in turn: plain, gzip, bzip2, zstd, xz.
            static const char* const suffixes[] = {"", ".gz", ".bz2", ".zst", ".xz"};
            const QString suffix = QString::fromLatin1(suffixes[index++ % 5]);
            const QString shard = folder + "/" + name + suffix;
            if (suffix.isEmpty())
                QVERIFY(QFile::copy(plain, shard));
            else if (!compress(suffix, plain, shard))
                QSKIP("a compressing program is not installed");
            listed << shard;
            if (!text.isEmpty())
                for (std::string& token : tokensOf({toStd(plain)}))
                    expected.push_back(std::move(token));
        }
        writeBytes(folder + "/.hidden.txt", "hidden words\n");
        writeBytes(folder + "/sub/inside.txt", "nested words\n");

        const std::vector<std::string> files = corpusFiles(toStd(folder));
        QCOMPARE(files.size(), shards.size());
        Collector sink;
        const ReadReport report = readCorpus(toStd(folder), {}, sink);
        QCOMPARE(sink.tokens, expected);
        QCOMPARE(sink.tokens[2], std::string("\n"));  // "alpha beta" ended with its file
        QCOMPARE(report.sentences,
                 static_cast<std::uint64_t>(std::count(expected.begin(), expected.end(), "\n")));
        QCOMPARE(report.files, std::uint64_t(shards.size()));
        QCOMPARE(report.compression, std::string("mixed"));
        std::uint64_t onDisk = 0;
        for (const QString& shard : listed)
            onDisk += static_cast<std::uint64_t>(QFileInfo(shard).size());
        QCOMPARE(report.fileBytes, onDisk);

        // The same as a list (relative to the list's folder), and through the command line.
        const QString list = fresh("list.txt");
        QByteArray lines = "# shards\n\n";
        for (const QString& shard : listed)
            lines += QDir(dir_.path()).relativeFilePath(shard).toUtf8() + "\n";
        writeBytes(list, lines);
        QCOMPARE(readCorpusList(toStd(list)), files);
        const QString fromFolder = fresh("folder.tsv"), fromList = fresh("list.tsv");
        const auto folderRun =
            test::runCli({"vocab", folder, "--min-count", "1", "-o", fromFolder});
        QVERIFY2(folderRun.exitCode == 0, qPrintable(folderRun.err));
        const auto listRun =
            test::runCli({"vocab", "--corpus-list", list, "--min-count", "1", "-o", fromList});
        QVERIFY2(listRun.exitCode == 0, qPrintable(listRun.err));
        QCOMPARE(fileBytes(fromList), fileBytes(fromFolder));
        QVERIFY(fileBytes(fromFolder).contains("alpha\t1\n"));
        QVERIFY(fileBytes(fromFolder).contains("zeta\t1\n"));
        QVERIFY(!fileBytes(fromFolder).contains("hidden"));
        QVERIFY(!fileBytes(fromFolder).contains("nested"));
        const QString vectors = fresh("vectors.vec");
        const auto trainRun =
            test::runCli({"train", "--corpus-list", list, "--min-count", "1", "--epochs", "1",
                          "--dim", "8", "--threads", "1", "-o", vectors});
        QVERIFY2(trainRun.exitCode == 0, qPrintable(trainRun.err));
        QVERIFY(fileBytes(vectors).contains("zeta "));
    }

    void listAndFolderErrors() {
        const QString empty = fresh("empty-folder");
        QVERIFY(QDir().mkpath(empty));
        writeBytes(empty + "/.only-hidden", "words\n");
        QVERIFY(test::errorMessage([&] {
                    corpusFiles(toStd(empty));
                }).startsWith(empty + QStringLiteral(": is a directory without files")));
        const QString list = fresh("list.txt");
        writeBytes(list, "# nothing\nmissing-shard.txt\n");
        const QString message = test::errorMessage([&] { readCorpusList(toStd(list)); });
        QVERIFY2(message.startsWith(list + QStringLiteral(": line 2: ")), qPrintable(message));
        QVERIFY2(message.contains("no such file"), qPrintable(message));
        const auto both = test::runCli({"vocab", empty, "--corpus-list", list, "-o", fresh("x")});
        QCOMPARE(both.exitCode, 2);
    }
};

EMBEDSCOPE_TEST_MAIN(TestCompressedCorpus)
#include "tst_compressedcorpus.moc"
