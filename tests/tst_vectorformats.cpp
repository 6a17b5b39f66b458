// Round trips through every vector format (bit-exact floats, awkward words, row order), format
// names and detection, and the structure errors every reader must report with file, place and
// problem.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <atomic>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include "VectorFormats.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;

Q_DECLARE_METATYPE(embedscope::VectorFormat)

namespace {

// Floats that text formats get wrong when they print too few digits or lose the sign of zero.
std::vector<float> awkwardFloats() {
    return {0.0f,
            -0.0f,
            1e-38f,
            std::numeric_limits<float>::min(),         // smallest normal
            std::numeric_limits<float>::denorm_min(),  // 1.4e-45
            -3.0e-41f,                                 // a denormal
            std::numeric_limits<float>::max(),
            -std::numeric_limits<float>::max(),
            1e30f,
            0.1f,
            1.0f / 3.0f,
            -123456.789f,
            16777217.0f,  // rounds to 2^24
            std::nextafter(1.0f, 2.0f)};
}

// Words a whitespace tokenizer hands over from real text, in an order that is not sorted.
std::vector<std::string> tokenWords() {
    return {"the",
            ",",
            "\"hi\",",
            "naïve",
            "日本語",
            "a,b",
            "quote\"inside",
            "😀",
            "</s>",
            "'",
            "-",
            "Zürich",
            "x",
            "C++",
            "\\n",
            "100%",
            "#",
            "word",
            "d0",
            "e=mc²",
            "\xef\xbb\xbf"
            "bom"};
}

// Words only formats that quote (CSV) or keep one word per line (projector) can hold.
std::vector<std::string> csvOnlyWords() {
    return {"line\nbreak", "cr\rword", "crlf\r\nword", "\"",
            "\"\"",        " lead",    "trail ",       "tab\there"};
}
std::vector<std::string> projectorOnlyWords() {
    return {"two words", " lead", "trail "};
}

WordVectors makeVectors(const std::vector<std::string>& words, int dim, unsigned seed) {
    WordVectors out;
    out.words = words;
    out.vectors.resize(static_cast<Eigen::Index>(words.size()), dim);
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (Eigen::Index i = 0; i < out.vectors.size(); ++i)
        out.vectors.data()[i] = normal(rng);
    const std::vector<float> awkward = awkwardFloats();
    for (std::size_t i = 0; i < awkward.size(); ++i)
        out.vectors.data()[(i * 7) % static_cast<std::size_t>(out.vectors.size())] = awkward[i];
    return out;
}

// Words, order and every float's bits equal (so -0 differs from 0).
void verifySame(const WordVectors& expected, const WordVectors& actual) {
    QCOMPARE(actual.words.size(), expected.words.size());
    for (std::size_t i = 0; i < expected.words.size(); ++i)
        if (actual.words[i] != expected.words[i])
            QFAIL(qPrintable(QStringLiteral("row %1: '%2' != '%3'")
                                 .arg(i + 1)
                                 .arg(QString::fromStdString(actual.words[i]),
                                      QString::fromStdString(expected.words[i]))));
    QCOMPARE(actual.rows(), expected.rows());
    QCOMPARE(actual.dim(), expected.dim());
    for (Eigen::Index i = 0; i < expected.vectors.size(); ++i) {
        const float want = expected.vectors.data()[i];
        const float got = actual.vectors.data()[i];
        if (std::memcmp(&want, &got, sizeof(float)) != 0)  // a message only for a failure
            QFAIL(qPrintable(QStringLiteral("value %1: %2 != %3")
                                 .arg(i)
                                 .arg(double(got), 0, 'g', 10)
                                 .arg(double(want), 0, 'g', 10)));
    }
}

QString describe(VectorFormat format) {
    return QString::fromLatin1(vectorFormatName(format).data(),
                               static_cast<int>(vectorFormatName(format).size()));
}

// One data row per vector format, in a column "format".
void addEveryFormatRow() {
    QTest::addColumn<VectorFormat>("format");
    for (const VectorFormat format : kVectorFormats)
        QTest::newRow(qPrintable(describe(format))) << format;
}

QByteArray binaryRow(const QByteArray& word, const std::vector<float>& values) {
    QByteArray row = word + ' ';
    for (const float value : values) {
        char bytes[4];
        std::memcpy(bytes, &value, 4);  // the test machines are little-endian, as the format is
        row.append(bytes, 4);
    }
    return row;
}

// Peak resident memory of this process so far, in kB (0 where /proc is missing).
long long peakRssKb() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

}  // namespace

class TestVectorFormats : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<QString>("fileName");
        QTest::newRow("csv") << VectorFormat::Csv << "v.csv";
        QTest::newRow("word2vec") << VectorFormat::Word2VecText << "v.txt";
        QTest::newRow("word2vec .vec") << VectorFormat::Word2VecText << "v.vec";
        QTest::newRow("word2vec-bin") << VectorFormat::Word2VecBinary << "v.bin";
        QTest::newRow("glove") << VectorFormat::Glove << "v.txt";
        QTest::newRow("projector") << VectorFormat::Projector << "v.tsv";
        QTest::newRow("projector vectors.tsv") << VectorFormat::Projector << "vectors.tsv";
        QTest::newRow("npy") << VectorFormat::Npy << "v.npy";
    }
    void roundTrip() {
        QFETCH(VectorFormat, format);
        QFETCH(QString, fileName);
        std::vector<std::string> words = tokenWords();
        if (format == VectorFormat::Csv)
            for (const auto& w : csvOnlyWords())
                words.push_back(w);
        if (format == VectorFormat::Projector)
            for (const auto& w : projectorOnlyWords())
                words.push_back(w);
        const WordVectors original = makeVectors(words, 7, 11);
        QTemporaryDir dir;
        const std::string path = toStd(dir.filePath(fileName));
        writeVectors(path, original, format);
        verifySame(original, readVectors(path, format));
        // Without a format, from the extension (and a .txt's first line).
        QCOMPARE(detectVectorFormat(path), format);
        verifySame(original, readVectors(path));
        if (format == VectorFormat::Projector)
            QVERIFY(QFile::exists(QString::fromStdString(metadataPathFor(path))));
    }

    // Many rows, more than one write block, so that the chunked reading and writing joins up.
    void largeRoundTrip_data() { addEveryFormatRow(); }
    void largeRoundTrip() {
        QFETCH(VectorFormat, format);
        std::vector<std::string> words;
        for (int i = 0; i < 12000; ++i)
            words.push_back("w" + std::to_string(i * 7919 % 12000));
        const WordVectors original = makeVectors(words, 50, 5);
        QTemporaryDir dir;
        const std::string path = toStd(dir.filePath(QStringLiteral("big.") + describe(format)));
        test::ProgressRecorder writing;
        writeVectors(path, original, format, writing.control());
        QCOMPARE(writing.lastDone, std::uint64_t(12000));  // writers count rows
        QCOMPARE(writing.lastTotal, std::uint64_t(12000));
        QVERIFY(!writing.wentBack);
        test::ProgressRecorder reading;
        const WordVectors back = readVectors(path, format, reading.control());
        // Readers count bytes, and end at the file's size.
        QCOMPARE(reading.lastDone, reading.lastTotal);
        QVERIFY(reading.lastTotal > 12000);
        QVERIFY(!reading.wentBack);
        verifySame(original, back);
    }

    void formatNames() {
        for (const VectorFormat format : kVectorFormats)
            QCOMPARE(parseVectorFormat(vectorFormatName(format)), format);
        QCOMPARE(vectorFormatName(VectorFormat::Word2VecBinary), std::string_view("word2vec-bin"));
        const QString message = test::errorMessage([] { parseVectorFormat("xml"); });
        QVERIFY2(message.contains(QLatin1String("'xml'")), qPrintable(message));
    }

    void formatFromPath_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<VectorFormat>("format");
        QTest::newRow("csv") << "a/b.csv" << VectorFormat::Csv;
        QTest::newRow("upper case") << "B.CSV" << VectorFormat::Csv;
        QTest::newRow("txt") << "v.txt" << VectorFormat::Word2VecText;
        QTest::newRow("vec") << "wiki.en.vec" << VectorFormat::Word2VecText;
        QTest::newRow("bin") << "GoogleNews.bin" << VectorFormat::Word2VecBinary;
        QTest::newRow("tsv") << "out/vectors.tsv" << VectorFormat::Projector;
    }
    void formatFromPath() {
        QFETCH(QString, path);
        QFETCH(VectorFormat, format);
        QCOMPARE(vectorFormatFromPath(toStd(path)), format);
    }

    void unknownExtensionNamesTheFile() {
        const QString message =
            test::errorMessage([] { vectorFormatFromPath("dir/vectors.json"); });
        QVERIFY2(message.startsWith(QLatin1String("dir/vectors.json: ")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("extension")), qPrintable(message));
    }

    void metadataPath_data() {
        QTest::addColumn<QString>("vectors");
        QTest::addColumn<QString>("metadata");
        QTest::newRow("vectors.tsv") << "dir/vectors.tsv"
                                     << "dir/metadata.tsv";
        QTest::newRow("bare vectors.tsv") << "vectors.tsv"
                                          << "metadata.tsv";
        QTest::newRow("named") << "dir/wiki.tsv"
                               << "dir/wiki.metadata.tsv";
        QTest::newRow("not tsv") << "/x/y/emb.dat"
                                 << "/x/y/emb.dat.metadata.tsv";
        QTest::newRow("dotted folder") << "a.b/c"
                                       << "a.b/c.metadata.tsv";
    }
    void metadataPath() {
        QFETCH(QString, vectors);
        QFETCH(QString, metadata);
        QCOMPARE(QString::fromStdString(metadataPathFor(toStd(vectors))), metadata);
    }

    void txtWithoutHeaderIsGlove() {
        QTemporaryDir dir;
        const QString glove = test::writeFile(dir, "g.txt", "cat 1 2\ndog 3 4\n");
        const QString w2v = test::writeFile(dir, "w.txt", "2 2\ncat 1 2\ndog 3 4\n");
        QCOMPARE(detectVectorFormat(toStd(glove)), VectorFormat::Glove);
        QCOMPARE(detectVectorFormat(toStd(w2v)), VectorFormat::Word2VecText);
        const WordVectors a = readVectors(toStd(glove));
        const WordVectors b = readVectors(toStd(w2v));
        verifySame(a, b);
        QCOMPARE(a.vectors(1, 1), 4.0f);
    }

    // Files as other tools write them: the C tool's trailing space, CRLF line ends, gensim's
    // binary rows without "\n", a quoted CSV header, a byte order mark, '+' signs, 'E' exponents.
    void foreignFilesAreRead_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray gensimBinary =
            "2 2\n" + binaryRow("cat", {1.0f, 2.0f}) + binaryRow("dog", {3.0f, 4.0f});
        QTest::newRow("word2vec C tool")
            << VectorFormat::Word2VecText << "a.txt" << QByteArray("2 2\ncat 1 2 \ndog 3 4 \n");
        QTest::newRow("word2vec CRLF")
            << VectorFormat::Word2VecText << "a.txt" << QByteArray("2 2\r\ncat 1 2\r\ndog 3 4\r\n");
        QTest::newRow("gensim binary") << VectorFormat::Word2VecBinary << "a.bin" << gensimBinary;
        QTest::newRow("glove no final newline")
            << VectorFormat::Glove << "a.txt" << QByteArray("cat 1.0 +2\ndog 3E0 0.4e1");
        QTest::newRow("csv quoted header, CRLF, BOM")
            << VectorFormat::Csv << "a.csv"
            << QByteArray("\xef\xbb\xbf\"word\",\"d0\",\"d1\"\r\ncat,1,2\r\n\"dog\",3,4\r\n\r\n");
        QTest::newRow("projector CRLF")
            << VectorFormat::Projector << "vectors.tsv" << QByteArray("1\t2\r\n3\t4\r\n");
    }
    void foreignFilesAreRead() {
        QFETCH(VectorFormat, format);
        QFETCH(QString, fileName);
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, fileName, bytes);
        test::writeFile(dir, "metadata.tsv", "cat\r\ndog\r\n");
        const WordVectors read = readVectors(toStd(path), format);
        QCOMPARE(read.words, (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(read.rows(), 2);
        QCOMPARE(read.dim(), 2);
        QCOMPARE(read.vectors(0, 0), 1.0f);
        QCOMPARE(read.vectors(0, 1), 2.0f);
        QCOMPARE(read.vectors(1, 0), 3.0f);
        QCOMPARE(read.vectors(1, 1), 4.0f);
    }

    void csvQuotedFieldsAcrossLines() {
        QTemporaryDir dir;
        const QString path = test::writeFile(
            dir, "q.csv",
            "word,d0\n\"multi\r\nline, \"\"quoted\"\"\",1\n\"\"\"\",2\n\"\"\",\",3\n");
        const WordVectors read = readVectors(toStd(path), VectorFormat::Csv);
        QCOMPARE(read.words, (std::vector<std::string>{"multi\r\nline, \"quoted\"", "\"", "\","}));
        QCOMPARE(read.vectors(2, 0), 3.0f);
    }

    void projectorMetadataWithHeader() {
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, "vectors.tsv", "1\t2\n3\t4\n");
        test::writeFile(dir, "metadata.tsv", "word\tcount\ncat\t10\ndog\t7\n");
        const WordVectors read = readVectors(toStd(path));
        QCOMPARE(read.words, (std::vector<std::string>{"cat", "dog"}));
    }

    void readerErrors_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("metadata");  // projector only
        QTest::addColumn<QString>("culprit");      // the file the message must name
        QTest::addColumn<QString>("expected");     // place and problem

        const auto w2v = VectorFormat::Word2VecText;
        const auto bin = VectorFormat::Word2VecBinary;
        const auto glove = VectorFormat::Glove;
        const auto csv = VectorFormat::Csv;
        const auto tsv = VectorFormat::Projector;
        const QByteArray none;
        auto row = [&](const char* name, VectorFormat f, const char* file, const QByteArray& bytes,
                       const char* expected, const QByteArray& metadata = {},
                       const char* culprit = nullptr) {
            QTest::newRow(name) << f << QString::fromUtf8(file) << bytes << metadata
                                << QString::fromUtf8(culprit ? culprit : file)
                                << QString::fromUtf8(expected);
        };

        // word2vec text
        row("w2v fewer rows", w2v, "v.txt", "3 2\na 1 2\nb 3 4\n",
            "line 4: file ends after 2 of the 3 rows the header claims");
        row("w2v more rows", w2v, "v.txt", "1 2\na 1 2\nb 3 4\n",
            "line 3: more rows than the 1 the header claims");
        row("w2v short row", w2v, "v.txt", "2 3\na 1 2 3\nb 1 2\n",
            "line 3: expected 3 values, found 2");
        row("w2v long row", w2v, "v.txt", "2 3\na 1 2 3\nb 1 2 3 4\n",
            "line 3: expected 3 values, found 4");
        row("w2v not a number", w2v, "v.txt", "2 2\na 1 2\nb 1 abc\n",
            "line 3: 'abc' is not a number (value 2)");
        row("w2v nan", w2v, "v.txt", "1 2\na nan 2\n", "line 2: 'nan' is not a finite number");
        row("w2v inf", w2v, "v.txt", "1 2\na 1 -inf\n", "line 2: '-inf' is not a finite number");
        row("w2v overflow", w2v, "v.txt", "1 2\na 1 1e39\n",
            "line 2: '1e39' is outside the float range");
        row("w2v duplicate", w2v, "v.txt", "3 1\ncat 1\ndog 2\ncat 3\n",
            "line 4: duplicate word 'cat' (first on line 2)");
        row("w2v no header", w2v, "v.txt", "cat 1 2\n", "line 1: missing 'ROWS DIM' header");
        row("w2v zero rows", w2v, "v.txt", "0 5\n", "line 1: header claims 0 rows");
        row("w2v negative dim", w2v, "v.txt", "5 -1\na 1\n", "line 1: header claims dimension -1");
        row("w2v huge dim", w2v, "v.txt", "2 200000\na 1\n",
            "line 1: header claims dimension 200000, above the limit of 100000");
        row("w2v empty", w2v, "v.txt", "", "file is empty");
        // GloVe
        row("glove ragged", glove, "g.txt", "a 1 2\nb 1 2\nc 1\n",
            "line 3: expected 2 values, found 1");
        row("glove no values", glove, "g.txt", "a\n", "line 1: word 'a' has no values");
        // The first row sets the width; after blank lines its line number is still right.
        QByteArray tooWide;
        for (int v = 0; v < 100001; ++v)
            tooWide += " 1";
        row("glove first row too wide", glove, "g.txt", "\n\na" + tooWide + "\n",
            "line 3: 100001 values, above the limit of 100000");
        row("glove not a number", glove, "g.txt", "a 1 2\n\nb 1 x2\n",
            "line 3: 'x2' is not a number");
        row("glove plain decimal then junk", glove, "g.txt", "a 1 2\nb 1.5+2 3\n",
            "line 2: '1.5+2' is not a number (value 1)");
        row("glove duplicate", glove, "g.txt", "a 1\nb 2\na 3\n",
            "line 3: duplicate word 'a' (first on line 1)");
        row("glove blank", glove, "g.txt", "\n \n", "no vectors");
        // CSV
        row("csv wrong first column", csv, "c.csv", "name,d0\na,1\n",
            "line 1: header starts with 'name'");
        row("csv wrong column name", csv, "c.csv", "word,d0,d2\na,1,2\n",
            "line 1: column 3 is named 'd2', expected 'd1'");
        row("csv no value columns", csv, "c.csv", "word\na\n",
            "line 1: header has no value columns");
        row("csv short row", csv, "c.csv", "word,d0,d1\na,1,2\nb,1\n",
            "line 3: expected 2 values, found 1");
        row("csv long row", csv, "c.csv", "word,d0,d1\na,1,2,3\n",
            "line 2: expected 2 values, found 3");
        row("csv unclosed quote", csv, "c.csv", "word,d0\na,1\n\"abc,1\nd,2\n",
            "line 3: quoted field never closed");
        // An unclosed field over 400,000 bare lines, far past the first block: each added line
        // was once a new scan of the whole record (minutes); one pass now.
        row("csv unclosed quote over many lines", csv, "c.csv",
            "word,d0\na,1\n\"abc,1\n" + QByteArray(400000, '\n'),
            "line 3: quoted field never closed");
        row("csv junk after quote", csv, "c.csv", "word,d0\n\"a\"x,1\n",
            "line 2: unexpected 'x' after a closing quote");
        row("csv empty value", csv, "c.csv", "word,d0,d1\na,,1\n",
            "line 2: '' is not a number (value 1)");
        row("csv not a number", csv, "c.csv", "word,d0\na,1\nb,1.2.3\n",
            "line 3: '1.2.3' is not a number");
        row("csv empty word", csv, "c.csv", "word,d0\n,1\n", "line 2: empty word");
        row("csv duplicate across lines", csv, "c.csv", "word,d0\n\"a\nb\",1\nc,2\n\"a\nb\",3\n",
            "line 5: duplicate word 'a\\nb' (first on line 2)");
        row("csv only header", csv, "c.csv", "word,d0\n", "no vectors after the header");
        row("csv infinity", csv, "c.csv", "word,d0\na,inf\n",
            "line 2: 'inf' is not a finite number");
        // word2vec binary: header "3 2\n" is 4 bytes, each row "a " + 8 + "\n" is 11 bytes
        const QByteArray rowA = binaryRow("a", {1, 2}) + '\n';
        const QByteArray rowB = binaryRow("b", {3, 4}) + '\n';
        row("bin truncated vector", bin, "v.bin", "3 2\n" + rowA + binaryRow("b", {3, 4}).left(6),
            "byte offset 15: truncated: row 2 of 3 ends early");
        row("bin truncated word", bin, "v.bin", "3 2\n" + rowA + "bcd",
            "byte offset 15: truncated: row 2 of 3 ends early");
        row("bin fewer rows", bin, "v.bin", "3 2\n" + rowA + rowB,
            "byte offset 26: file ends after 2 of the 3 rows the header claims");
        row("bin more rows", bin, "v.bin", "1 2\n" + rowA + rowB,
            "byte offset 15: more data after the 1 rows the header claims");
        row("bin nan", bin, "v.bin",
            "1 2\n" + binaryRow("a", {1, std::numeric_limits<float>::quiet_NaN()}),
            "byte offset 10: row 1: word 'a': value 2 is not finite");
        row("bin duplicate", bin, "v.bin", "2 2\n" + rowA + rowA,
            "byte offset 15: row 2: duplicate word 'a' (first in row 1)");
        row("bin no header line", bin, "v.bin", QByteArray(100, 'x'),
            "byte offset 0: missing 'ROWS DIM' header line");
        row("bin text header", bin, "v.bin", "cat 1 2\n" + rowA,
            "byte offset 0: missing 'ROWS DIM' header, found 'cat 1 2'");
        row("bin zero dim", bin, "v.bin", "3 0\n" + rowA,
            "byte offset 0: header claims dimension 0");
        row("bin empty", bin, "v.bin", "", "file is empty");
        // Projector
        row("tsv ragged", tsv, "vectors.tsv", "1\t2\n3\n", "line 2: expected 2 values, found 1",
            "a\nb\n");
        QByteArray tooWideTsv = "\n1";
        for (int v = 1; v < 100001; ++v)
            tooWideTsv += "\t1";
        row("tsv first row too wide", tsv, "vectors.tsv", tooWideTsv + "\n",
            "line 2: 100001 values, above the limit of 100000", "a\n");
        row("tsv not a number", tsv, "vectors.tsv", "1\t2\n3\tfour\n",
            "line 2: 'four' is not a number", "a\nb\n");
        row("tsv fewer words", tsv, "vectors.tsv", "1\t2\n3\t4\n", "has 1 words, but", "a\n",
            "metadata.tsv");
        row("tsv more words", tsv, "vectors.tsv", "1\t2\n3\t4\n",
            "line 3: more words than the 2 rows", "a\nb\nc\n", "metadata.tsv");
        row("tsv duplicate word", tsv, "vectors.tsv", "1\n2\n3\n",
            "line 3: duplicate word 'a' (first on line 1)", "a\nb\na\n", "metadata.tsv");
        row("tsv blank word", tsv, "vectors.tsv", "1\n2\n3\n", "line 2: empty word", "a\n\nb\n",
            "metadata.tsv");
        row("tsv no metadata", tsv, "vectors.tsv", "1\n2\n", "no such file", none, "metadata.tsv");
    }
    void readerErrors() {
        QFETCH(VectorFormat, format);
        QFETCH(QString, fileName);
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, metadata);
        QFETCH(QString, culprit);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, fileName, bytes);
        if (!metadata.isEmpty())
            test::writeFile(dir, "metadata.tsv", metadata);
        const QString message = test::errorMessage([&] { readVectors(toStd(path), format); });
        QVERIFY2(message.startsWith(dir.filePath(culprit) + QStringLiteral(": ")),
                 qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    }

    void missingAndDirectory() {
        QTemporaryDir dir;
        const std::string missing = toStd(dir.filePath(QStringLiteral("nope.csv")));
        QCOMPARE(test::errorMessage([&] { readVectors(missing); }),
                 QString::fromStdString(missing + ": no such file"));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder.txt")));
        const std::string folder = toStd(dir.filePath(QStringLiteral("folder.txt")));
        for (const VectorFormat format : {VectorFormat::Csv, VectorFormat::Word2VecBinary}) {
            const QString message = test::errorMessage([&] { readVectors(folder, format); });
            QVERIFY2(message.startsWith(QString::fromStdString(folder + ": ")),
                     qPrintable(message));
            QVERIFY2(message.contains(QLatin1String("is a directory")), qPrintable(message));
        }
    }

    void unreadableFile() {
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, "secret.csv", "word,d0\na,1\n");
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
        QFile probe(path);
        if (probe.open(QIODevice::ReadOnly))
            QSKIP("running as root, which reads files without read permission");
        const QString message = test::errorMessage([&] { readVectors(toStd(path)); });
        QVERIFY2(message.startsWith(path + QStringLiteral(": cannot open")), qPrintable(message));
    }

    // CSV is parsed in blocks cut at line ends (TextRows.h), and most line ends of this file are
    // inside quoted words: nearly every block is cut inside a record, which the reader must
    // complete before the block is parsed. The words and values read back exactly, and a bad
    // row after them is named by its true line.
    void csvQuotedLineBreaksAcrossBlocks() {
        std::vector<std::string> words;
        for (int i = 0; i < 12000; ++i)
            words.push_back("w" + std::to_string(i) + (i % 3 ? "\n\n\n\n\n\n,\"q\"" : "\r\n"));
        const WordVectors original = makeVectors(words, 2, 3);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v.csv"));
        writeVectors(toStd(path), original, VectorFormat::Csv);
        QByteArray bytes = test::readAll(path);
        QVERIFY(bytes.size() > 4 * (64 << 10));  // several blocks
        verifySame(original, readVectors(toStd(path), VectorFormat::Csv));

        const long long lines = bytes.count('\n');
        bytes += "\"ba\nd\",1\n";  // a record of two lines, one value short
        test::writeFile(dir, "v.csv", bytes);
        QString message = test::errorMessage([&] { readVectors(toStd(path)); });
        QVERIFY2(
            message.endsWith(QStringLiteral("line %1: expected 2 values, found 1").arg(lines + 1)),
            qPrintable(message));
        bytes += "\"never closed,1,2\n" + QByteArray(200000, 'x') + "\n";
        bytes.replace("\"ba\nd\",1\n", "\"ok\",1,2\n\"bad\"x,1,2\n");
        test::writeFile(dir, "v.csv", bytes);
        message = test::errorMessage([&] { readVectors(toStd(path)); });
        QVERIFY2(
            message.endsWith(
                QStringLiteral("line %1: unexpected 'x' after a closing quote").arg(lines + 2)),
            qPrintable(message));
        bytes.replace("\"bad\"x,1,2\n", "");
        test::writeFile(dir, "v.csv", bytes);
        message = test::errorMessage([&] { readVectors(toStd(path)); });
        QVERIFY2(
            message.endsWith(QStringLiteral("line %1: quoted field never closed").arg(lines + 2)),
            qPrintable(message));
        // An open field running into a line over the 8 MB limit: named by the record's own line.
        test::writeFile(dir, "v.csv", "word,d0\na,1\nb,2\n\"open,1\n" + QByteArray(9 << 20, 'x'));
        message = test::errorMessage([&] { readVectors(toStd(path)); });
        QVERIFY2(message.endsWith(QStringLiteral("line 4: quoted field never closed")),
                 qPrintable(message));
    }

    void cancelledRead_data() { addEveryFormatRow(); }
    void cancelledRead() {
        QFETCH(VectorFormat, format);
        std::vector<std::string> words;
        for (int i = 0; i < 10000; ++i)
            words.push_back("w" + std::to_string(i));
        QTemporaryDir dir;
        const std::string path = toStd(dir.filePath(QStringLiteral("v.") + describe(format)));
        writeVectors(path, makeVectors(words, 4, 1), format);
        std::atomic<bool> cancel{false};
        JobControl control;
        control.cancel = &cancel;
        std::uint64_t reports = 0;
        control.progress = [&](std::uint64_t, std::uint64_t) {
            ++reports;
            cancel = true;  // at the first report, partway through the file
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, readVectors(path, format, control));
        QCOMPARE(reports, std::uint64_t(1));
    }

    // A header claiming 1,000,000 x 300 (1.2 GB of floats) over two rows of data: a quick error,
    // without allocating what the header claims.
    void absurdHeaderAllocatesNothing_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QByteArray text = "1000000 300\n";
        std::vector<float> values(300, 0.5f);
        QByteArray binary = text;
        for (const char* word : {"a", "b"}) {
            text += word;
            for (int i = 0; i < 300; ++i)
                text += " 0.5";
            text += '\n';
            binary += binaryRow(word, values) + '\n';
        }
        QTest::newRow("word2vec") << VectorFormat::Word2VecText << text
                                  << "line 4: file ends after 2 of the 1000000 rows";
        QTest::newRow("word2vec-bin")
            << VectorFormat::Word2VecBinary << binary
            << QStringLiteral("byte offset %1: file ends after 2 of the 1000000 rows")
                   .arg(binary.size());
    }
    void absurdHeaderAllocatesNothing() {
        QFETCH(VectorFormat, format);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, "huge", bytes);
        const long long peakBefore = peakRssKb();
        const QString message = test::errorMessage([&] { readVectors(toStd(path), format); });
        QVERIFY2(message.contains(expected), qPrintable(message));
        const long long growthKb = peakRssKb() - peakBefore;
        QVERIFY2(growthKb < 50 * 1024, qPrintable(QStringLiteral("peak grew %1 kB").arg(growthKb)));
    }

    void writerRefusesWhatTheFormatCannotHold_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<bool>("nan");
        QTest::addColumn<QString>("culprit");
        QTest::addColumn<QString>("expected");
        const auto w2v = VectorFormat::Word2VecText;
        QTest::newRow("w2v space") << w2v << QStringList{"a", "b c"} << false << "out"
                                   << "row 2: word 'b c' contains a space";
        QTest::newRow("w2v-bin newline")
            << VectorFormat::Word2VecBinary << QStringList{"a\nb"} << false << "out"
            << "row 1: word 'a\\nb' contains a line break";
        QTest::newRow("glove tab")
            << VectorFormat::Glove << QStringList{"x", "y", "t\tz"} << false << "out"
            << "row 3: word 't\\tz' contains a tab";
        QTest::newRow("projector newline")
            << VectorFormat::Projector << QStringList{"ok", "line\nbreak"} << false
            << "out.metadata.tsv"
            << "row 2: word 'line\\nbreak' contains a line break";
        QTest::newRow("csv empty word")
            << VectorFormat::Csv << QStringList{"a", ""} << false << "out"
            << "row 2: empty word";
        QTest::newRow("csv duplicate")
            << VectorFormat::Csv << QStringList{"a", "b", "a"} << false << "out"
            << "row 3: duplicate word 'a' (first in row 1)";
        QTest::newRow("nan value") << w2v << QStringList{"a", "b"} << true << "out"
                                   << "row 2: word 'b': value 1 is not finite";
    }
    // The writers' finiteness check looks at every value: a NaN or an infinity first, in the
    // middle or last of a table larger than one vector register is named by row and column.
    void writerFindsANonFiniteValueAnywhere() {
        std::vector<std::string> words;
        for (int i = 0; i < 301; ++i)
            words.push_back("w" + std::to_string(i));
        const WordVectors good = makeVectors(words, 37, 3);
        const float inf = std::numeric_limits<float>::infinity();
        struct Place {
            int row, col;
        };
        for (const float bad : {std::numeric_limits<float>::quiet_NaN(), inf, -inf}) {
            for (const Place place : {Place{0, 0}, Place{150, 17}, Place{300, 36}}) {
                WordVectors vectors = good;
                vectors.vectors(place.row, place.col) = bad;
                QTemporaryDir dir;
                const std::string path = toStd(dir.filePath(QStringLiteral("out.txt")));
                const QString message = test::errorMessage(
                    [&] { writeVectors(path, vectors, VectorFormat::Word2VecText); });
                const QString expected =
                    QStringLiteral("row %1: word 'w%2': value %3 is not finite")
                        .arg(place.row + 1)
                        .arg(place.row)
                        .arg(place.col + 1);
                QVERIFY2(message.contains(expected), qPrintable(message));
            }
        }
        QTemporaryDir dir;
        writeVectors(toStd(dir.filePath(QStringLiteral("good.txt"))), good,
                     VectorFormat::Word2VecText);
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("good.txt"))));
    }

    void writerRefusesWhatTheFormatCannotHold() {
        QFETCH(VectorFormat, format);
        QFETCH(QStringList, words);
        QFETCH(bool, nan);
        QFETCH(QString, culprit);
        QFETCH(QString, expected);
        std::vector<std::string> list;
        for (const QString& w : words)
            list.push_back(toStd(w));
        WordVectors vectors = makeVectors(list, 3, 2);
        if (nan)
            vectors.vectors(1, 0) = std::numeric_limits<float>::quiet_NaN();
        QTemporaryDir dir;
        const std::string path = toStd(dir.filePath(QStringLiteral("out")));
        const QString message = test::errorMessage([&] { writeVectors(path, vectors, format); });
        QVERIFY2(message.startsWith(dir.filePath(culprit) + QStringLiteral(": ")),
                 qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    // The text readers parse blocks of lines on several threads: a problem far into a large file
    // (many blocks) is still reported at its own line, and the first one in file order wins.
    void errorsFarIntoLargeTextFiles_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<int>("badRow");  // 0-based row whose line is spoilt
        QTest::addColumn<QByteArray>("badLine");
        QTest::addColumn<QString>("expected");  // %1: the spoilt line's number
        const auto w2v = VectorFormat::Word2VecText;
        const auto glove = VectorFormat::Glove;
        QTest::newRow("w2v not a number") << w2v << 17000 << QByteArray("x 1 2 oops 4")
                                          << "line %1: 'oops' is not a number (value 3)";
        QTest::newRow("w2v short row")
            << w2v << 9001 << QByteArray("x 1 2 3") << "line %1: expected 4 values, found 3";
        QTest::newRow("w2v duplicate far back") << w2v << 19999 << QByteArray("w3 1 2 3 4")
                                                << "line %1: duplicate word 'w3' (first on line 6)";
        QTest::newRow("glove nan") << glove << 12345 << QByteArray("x 1 2 nan 4")
                                   << "line %1: 'nan' is not a finite number";
        QTest::newRow("glove bad word") << glove << 15000 << QByteArray("caf\xe9 1 2 3 4")
                                        << "line %1: word 'caf\\xe9' is not UTF-8";
    }
    void errorsFarIntoLargeTextFiles() {
        QFETCH(VectorFormat, format);
        QFETCH(int, badRow);
        QFETCH(QByteArray, badLine);
        QFETCH(QString, expected);
        const int rows = 20000;
        QByteArray text;
        int lineNo = 0, badLineNo = 0;
        if (format == VectorFormat::Word2VecText) {
            text += QByteArray::number(rows) + " 4\n";
            ++lineNo;
        }
        for (int row = 0; row < rows; ++row) {
            if (row % 1000 == 0) {  // blank lines count as lines, not rows
                text += "\n";
                ++lineNo;
            }
            ++lineNo;
            if (row == badRow) {
                text += badLine + '\n';
                badLineNo = lineNo;
            } else {
                text += "w" + QByteArray::number(row) + " 0.1234 -5 6.5e-3 +7\n";
            }
        }
        // A second problem later on must not be the one reported.
        text += "late 1 2\n";
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, QStringLiteral("big.txt"), text);
        const QString message = test::errorMessage([&] { readVectors(toStd(path), format); });
        QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(expected.arg(badLineNo)), qPrintable(message));
    }

    // Every way of writing a number the text readers take gives the float std::from_chars gives
    // (the fast path for plain decimals must not round differently).
    void textFloatsMatchFromChars() {
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> uniform(-3.0f, 3.0f);
        const char* const formats[] = {"%.4f", "%.1f", "%.7f", "%.6g", "%.0f",
                                       "%.3e", "%.9f", "%.2f", "%.8g", "%.5f"};
        const int dim = 10;
        QByteArray text;
        std::vector<float> expected;
        std::vector<std::string> tokens;
        for (int row = 0; row < 20000; ++row) {
            text += "w" + QByteArray::number(row);
            for (int col = 0; col < dim; ++col) {
                char token[64];
                const float scale = row % 5 == 0 ? 100000.0f : (row % 7 == 0 ? 1e-4f : 1.0f);
                std::snprintf(token, sizeof token, formats[(row + col) % 10],
                              static_cast<double>(uniform(rng) * scale));
                float value = 0;
                std::from_chars(token, token + std::strlen(token), value);
                expected.push_back(value);
                text += ' ';
                text += token;
            }
            text += '\n';
        }
        for (const char* odd : {"0", "-0", "00012", ".5", "-.5", "1.", "16777215", "16777216",
                                "0.16777215", "1234567890", "-0.0000", "3.4028234e38"}) {
            text += "odd" + QByteArray(odd);
            for (int col = 0; col < dim; ++col) {
                float value = 0;
                std::from_chars(odd, odd + std::strlen(odd), value);
                expected.push_back(value);
                text += ' ';
                text += odd;
            }
            text += '\n';
        }
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, QStringLiteral("floats.txt"), text);
        const WordVectors read = readVectors(toStd(path), VectorFormat::Glove);
        QCOMPARE(static_cast<std::size_t>(read.vectors.size()), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (std::memcmp(&expected[i], read.vectors.data() + i, sizeof(float)) != 0)
                QFAIL(qPrintable(QStringLiteral("value %1: %2, expected %3")
                                     .arg(i)
                                     .arg(double(read.vectors.data()[i]), 0, 'g', 10)
                                     .arg(double(expected[i]), 0, 'g', 10)));
    }

    // Every text format and word2vec-bin read back the same through gzip and xz, by signature
    // and name; the words and floats stay bit-exact.
    void compressedRoundTrip_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("tool");
        for (const QString& tool : {QStringLiteral("gzip"), QStringLiteral("xz")}) {
            QTest::newRow(qPrintable("csv " + tool)) << VectorFormat::Csv << "v.csv" << tool;
            QTest::newRow(qPrintable("word2vec " + tool))
                << VectorFormat::Word2VecText << "v.vec" << tool;
            QTest::newRow(qPrintable("word2vec-bin " + tool))
                << VectorFormat::Word2VecBinary << "v.bin" << tool;
            QTest::newRow(qPrintable("glove " + tool)) << VectorFormat::Glove << "v.txt" << tool;
            QTest::newRow(qPrintable("projector " + tool))
                << VectorFormat::Projector << "vectors.tsv" << tool;
        }
    }
    void compressedRoundTrip() {
        QFETCH(VectorFormat, format);
        QFETCH(QString, fileName);
        QFETCH(QString, tool);
        std::vector<std::string> words;
        for (int i = 0; i < 5000; ++i)
            words.push_back("w" + std::to_string(i));
        const WordVectors original = makeVectors(words, 20, 9);
        QTemporaryDir dir;
        const QString plain = dir.filePath(fileName);
        writeVectors(toStd(plain), original, format);
        if (QProcess::execute(tool, {QStringLiteral("-k"), plain}) != 0)
            QSKIP("the compressor is not installed");
        const QString compressed = plain + (tool == QLatin1String("gzip") ? ".gz" : ".xz");
        QCOMPARE(detectVectorFormat(toStd(compressed)), format);
        test::ProgressRecorder progress;
        verifySame(original, readVectors(toStd(compressed), format, progress.control()));
        QCOMPARE(progress.lastTotal, std::uint64_t(QFileInfo(compressed).size()));
        QCOMPARE(progress.lastDone, progress.lastTotal);
        // The signature decides, not the name.
        const QString renamed =
            dir.filePath(QStringLiteral("renamed.") + QFileInfo(plain).suffix());
        QVERIFY(QFile::rename(compressed, renamed));
        if (format == VectorFormat::Projector)
            QVERIFY(QFile::copy(QString::fromStdString(metadataPathFor(toStd(plain))),
                                QString::fromStdString(metadataPathFor(toStd(renamed)))));
        verifySame(original, readVectors(toStd(renamed), format));
    }

    void damagedArchivesNameTheByte_data() {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("damage");  // truncate, corrupt, misnamed
        QTest::addColumn<QString>("expected");
        QTest::newRow("gzip truncated") << "gzip"
                                        << "truncate"
                                        << "truncated gzip data: the file ends inside";
        QTest::newRow("gzip corrupt") << "gzip"
                                      << "corrupt"
                                      << "damaged gzip data";
        QTest::newRow("xz truncated") << "xz"
                                      << "truncate"
                                      << "truncated xz data";
        QTest::newRow("xz corrupt") << "xz"
                                    << "corrupt"
                                    << "damaged xz data";
        QTest::newRow("not gzip") << "gzip"
                                  << "misnamed"
                                  << "byte offset 0: not gzip data (no 1f 8b signature)";
        QTest::newRow("not xz") << "xz"
                                << "misnamed"
                                << "byte offset 0: not xz data";
    }
    void damagedArchivesNameTheByte() {
        QFETCH(QString, tool);
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        std::vector<std::string> words;
        for (int i = 0; i < 3000; ++i)
            words.push_back("w" + std::to_string(i));
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("v.vec"));
        writeVectors(toStd(plain), makeVectors(words, 20, 4), VectorFormat::Word2VecText);
        const QString compressed = plain + (tool == QLatin1String("gzip") ? ".gz" : ".xz");
        if (damage == QLatin1String("misnamed")) {
            QVERIFY(QFile::copy(plain, compressed));
        } else if (QProcess::execute(tool, {QStringLiteral("-k"), plain}) != 0) {
            QSKIP("the compressor is not installed");
        }
        QByteArray bytes = test::readAll(compressed);
        if (damage == QLatin1String("truncate"))
            bytes.truncate(bytes.size() / 2);
        if (damage == QLatin1String("corrupt"))
            for (int i = 0; i < 64; ++i)
                bytes[bytes.size() / 3 + i] = char(bytes[bytes.size() / 3 + i] ^ 0x5a);
        test::writeFile(dir, QFileInfo(compressed).fileName(), bytes);
        const QString message = test::errorMessage([&] { readVectors(toStd(compressed)); });
        QVERIFY2(message.startsWith(compressed + QStringLiteral(": byte offset ")),
                 qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        if (damage == QLatin1String("truncate"))
            QVERIFY2(message.contains(QStringLiteral("offset %1:").arg(bytes.size())),
                     qPrintable(message));
    }

    // Decompression runs 4 MB ahead of the parser on a thread of its own (ByteStream.cpp): damage
    // far into the archive, after several of its blocks were handed over, is still reported with
    // the compressed byte where zlib stopped (just after the damage), not some later read-ahead
    // position, and a cancel partway through stops the decompressing thread too.
    void compressedDamageFarInAndCancel() {
        std::vector<std::string> words;
        for (int i = 0; i < 20000; ++i)
            words.push_back("w" + std::to_string(i));
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("v.vec"));
        writeVectors(toStd(plain), makeVectors(words, 60, 5), VectorFormat::Word2VecText);
        QVERIFY(QFileInfo(plain).size() > 8 << 20);  // twice all the read-ahead blocks
        if (QProcess::execute(QStringLiteral("gzip"), {QStringLiteral("-k"), plain}) != 0)
            QSKIP("gzip is not installed");
        const QString compressed = plain + QStringLiteral(".gz");

        std::atomic<bool> cancel{false};
        JobControl control;
        control.cancel = &cancel;
        std::uint64_t reports = 0, doneAtCancel = 0;
        control.progress = [&](std::uint64_t done, std::uint64_t) {
            if (++reports == 3) {
                doneAtCancel = done;
                cancel = true;
            }
        };
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, readVectors(toStd(compressed), VectorFormat::Word2VecText, control));
        QCOMPARE(reports, std::uint64_t(3));
        QVERIFY(doneAtCancel > 0 && doneAtCancel < std::uint64_t(QFileInfo(compressed).size()));

        const QByteArray whole = test::readAll(compressed);
        const auto offsetIn = [&](const QString& message) {
            const QString prefix = compressed + QStringLiteral(": byte offset ");
            if (!message.startsWith(prefix))
                return -1LL;
            return message.mid(prefix.size()).section(QLatin1Char(':'), 0, 0).toLongLong();
        };
        // Cut at three quarters: the offset is exactly the end of what is left.
        const QByteArray cut = whole.left(whole.size() * 3 / 4);
        test::writeFile(dir, QFileInfo(compressed).fileName(), cut);
        QString message = test::errorMessage([&] { readVectors(toStd(compressed)); });
        QVERIFY2(message.contains(QLatin1String("truncated gzip data")), qPrintable(message));
        QCOMPARE(offsetIn(message), static_cast<long long>(cut.size()));
        // Damaged at three quarters: zlib notices at the damage or, when the garbage still decodes,
        // at the checksum at the end; never before the damage.
        QByteArray damaged = whole;
        const qsizetype damageAt = damaged.size() * 3 / 4;
        for (int i = 0; i < 256; ++i)
            damaged[damageAt + i] = char(damaged[damageAt + i] ^ 0x5a);
        test::writeFile(dir, QFileInfo(compressed).fileName(), damaged);
        message = test::errorMessage([&] { readVectors(toStd(compressed)); });
        QVERIFY2(message.contains(QLatin1String("damaged gzip data")), qPrintable(message));
        QVERIFY2(offsetIn(message) >= damageAt && offsetIn(message) <= damaged.size(),
                 qPrintable(message));
    }

    void writersRefuseCompressedNames() {
        QTemporaryDir dir;
        const QString message = test::errorMessage([&] {
            writeVectors(toStd(dir.filePath(QStringLiteral("v.vec.gz"))), makeVectors({"a"}, 2, 1),
                         VectorFormat::Word2VecText);
        });
        QVERIFY2(message.contains(QLatin1String("cannot write compressed files")),
                 qPrintable(message));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    // numpy.save's own bytes for a float64 array, and hostile headers: each refused with the
    // byte offset and the problem, the word list's problems with its line.
    void npyFloat64AndHeaders_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("vocab");
        QTest::addColumn<QString>("expected");  // "" for a good file
        const auto npy = [](const QByteArray& dict, const QByteArray& data, char major = 1) {
            QByteArray header = dict;
            while ((10 + header.size() + 1) % 64 != 0)
                header += ' ';
            header += '\n';
            QByteArray out("\x93NUMPY", 6);
            out += major;
            out += '\0';
            out += char(header.size() & 0xff);
            out += char(header.size() >> 8);
            if (major != 1)
                out += QByteArray(2, '\0');
            return out + header + data;
        };
        const auto doubles = [](std::vector<double> values) {
            return QByteArray(reinterpret_cast<const char*>(values.data()),
                              int(values.size() * sizeof(double)));
        };
        const auto floats = [](std::vector<float> values) {
            return QByteArray(reinterpret_cast<const char*>(values.data()),
                              int(values.size() * sizeof(float)));
        };
        const QByteArray good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        const QByteArray twoWords = "cat\ndog\n";
        const QByteArray sixDoubles = doubles({1, 2, 3, 4, 5, 0.1});
        QTest::newRow("float64") << npy(good, sixDoubles) << twoWords << "";
        QTest::newRow("float32 v2")
            << npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}",
                   floats({1, 2, 3, 4, 5, 0.1f}), 2)
            << twoWords << "";
        QTest::newRow("no signature") << QByteArray("NUMPY and more bytes") << twoWords
                                      << "byte offset 0: not a NumPy .npy file";
        QTest::newRow("version 4") << npy(good, sixDoubles, 4) << twoWords
                                   << "byte offset 6: NumPy format version 4 is not supported";
        QTest::newRow("big-endian")
            << npy("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", sixDoubles)
            << twoWords << "byte offset 8: NumPy header: element type '>f8' is big-endian";
        QTest::newRow("integers")
            << npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", sixDoubles)
            << twoWords << "element type '<i4' is not supported";
        QTest::newRow("fortran order")
            << npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", sixDoubles)
            << twoWords << "Fortran order";
        QTest::newRow("three dimensions")
            << npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 3), }", sixDoubles)
            << twoWords << "the array has 3 dimensions; expected 2";
        QTest::newRow("missing shape")
            << npy("{'descr': '<f8', 'fortran_order': False}", sixDoubles) << twoWords
            << "NumPy header lacks 'shape'";
        QTest::newRow("unclosed dict")
            << npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)", sixDoubles)
            << twoWords << "NumPy header: expected ',' or '}'";
        QTest::newRow("not a number in shape")
            << npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }", sixDoubles)
            << twoWords << "expected a whole number in the shape";
        QTest::newRow("huge header claim")
            << QByteArray("\x93NUMPY\x02\x00\xff\xff\xff\x7f", 12) << twoWords
            << "byte offset 8: NumPy header length 2147483647 is implausible";
        QTest::newRow("truncated data") << npy(good, sixDoubles.left(40)) << twoWords
                                        << "truncated: the shape claims 2 rows of 24 bytes";
        QTest::newRow("extra data") << npy(good, sixDoubles + "xx") << twoWords
                                    << "more data after the 2 rows the shape claims";
        QTest::newRow("lying shape")
            << npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000, 300), }",
                   sixDoubles)
            << twoWords << "truncated: the shape claims 2000000000 rows";
        QTest::newRow("nan") << npy(good, doubles({1, 2, 3, 4, std::nan(""), 6})) << twoWords
                             << "row 2: value 2 is not finite";
        QTest::newRow("beyond float") << npy(good, doubles({1, 2, 3, 4, 1e300, 6})) << twoWords
                                      << "row 2: value 2 is outside the float range";
        QTest::newRow("too few words")
            << npy(good, sixDoubles) << QByteArray("cat\n") << "v.vocab.txt: has 1 words, but";
        QTest::newRow("too many words") << npy(good, sixDoubles) << QByteArray("a\nb\nc\n")
                                        << "v.vocab.txt: line 3: more words than the 2 rows";
        QTest::newRow("duplicate word")
            << npy(good, sixDoubles) << QByteArray("a\na\n")
            << "v.vocab.txt: line 2: duplicate word 'a' (first on line 1)";
        QTest::newRow("no word list")
            << npy(good, sixDoubles) << QByteArray() << "v.vocab.txt: no such file";
    }
    void npyFloat64AndHeaders() {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, vocab);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, QStringLiteral("v.npy"), bytes);
        if (!vocab.isEmpty())
            test::writeFile(dir, QStringLiteral("v.vocab.txt"), vocab);
        if (expected.isEmpty()) {
            const WordVectors read = readVectors(toStd(path));
            QCOMPARE(read.words, (std::vector<std::string>{"cat", "dog"}));
            QCOMPARE(read.rows(), 2);
            QCOMPARE(read.dim(), 3);
            QCOMPARE(read.vectors(1, 2), 0.1f);  // rounded from the double once
            return;
        }
        const long long peakBefore = peakRssKb();
        const QString message = test::errorMessage([&] { readVectors(toStd(path)); });
        QVERIFY2(message.startsWith(dir.path() + QStringLiteral("/v.")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(peakRssKb() - peakBefore < 50 * 1024, "a lying header allocated memory");
    }

    void writerRefusesMismatchedWords() {
        WordVectors vectors = makeVectors({"a", "b"}, 3, 1);
        vectors.words.pop_back();
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(Error, writeVectors(toStd(dir.filePath(QStringLiteral("x.csv"))),
                                                     vectors, VectorFormat::Csv));
        QVERIFY(QDir(dir.path()).isEmpty());
    }
};

EMBEDSCOPE_TEST_MAIN(TestVectorFormats)
#include "tst_vectorformats.moc"
