// A file of word vectors opened as a corpus is recognised from its first bytes and refused with a
// message saying what it is; corpora (also ones with numbers in them) are never taken for one.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "Error.h"
#include "TokenizedCorpus.h"
#include "VectorFileSniffer.h"
#include "VectorFormats.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;
using embedscope::test::writeFile;

namespace {

// rows words with dim values each, in every format's own writer.
WordVectors sampleVectors(int rows, int dim) {
    WordVectors vectors;
    vectors.vectors = RowMatrixXf(rows, dim);
    for (int row = 0; row < rows; ++row) {
        vectors.words.push_back("word" + std::to_string(row));
        for (int j = 0; j < dim; ++j)
            vectors.vectors(row, j) = 0.01f * float((row * 7 + j * 3) % 41) - 0.2f;
    }
    return vectors;
}

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::optional<VectorFileGuess> sniff(const QByteArray& bytes, bool wholeFile = true) {
    return sniffVectorFile(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                           wholeFile);
}

}  // namespace

class TestVectorFileSniffer : public QObject {
    Q_OBJECT
private slots:
    // What each writer produces is recognised, with its shape, from the whole file and from a
    // head cut in the middle of a line.
    void everyWrittenFormatIsRecognised_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("name");
        QTest::addColumn<long long>("rows");  // -1: the format does not say
        QTest::newRow("word2vec text")
            << QStringLiteral("word2vec") << QStringLiteral("v.vec") << 50LL;
        QTest::newRow("word2vec binary")
            << QStringLiteral("word2vec-bin") << QStringLiteral("v.bin") << 50LL;
        QTest::newRow("glove") << QStringLiteral("glove") << QStringLiteral("v.txt") << -1LL;
        QTest::newRow("csv") << QStringLiteral("csv") << QStringLiteral("v.csv") << -1LL;
        QTest::newRow("projector")
            << QStringLiteral("projector") << QStringLiteral("v.tsv") << -1LL;
    }
    void everyWrittenFormatIsRecognised() {
        QFETCH(QString, format);
        QFETCH(QString, name);
        QFETCH(long long, rows);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        const VectorFormat written = parseVectorFormat(toStd(format));
        writeVectors(toStd(path), sampleVectors(50, 12), written);
        const QByteArray bytes = fileBytes(path);
        for (const qsizetype length : {bytes.size(), bytes.size() / 2}) {
            const auto guess = sniff(bytes.left(length), length == bytes.size());
            QVERIFY2(guess.has_value(), qPrintable(QString::number(length)));
            QCOMPARE(guess->format, written);
            QCOMPARE(guess->dim, 12LL);
            QCOMPARE(guess->rows, rows);
            QVERIFY(guess->rowsChecked >= 1);
        }
    }

    // Loading such a file as a corpus fails at once with what it is and what to do instead.
    void loadingVectorsAsACorpusSaysWhatTheyAre() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("glove.6B.300d.vec"));
        writeVectors(toStd(path), sampleVectors(40, 300), VectorFormat::Word2VecText);
        const QString message =
            test::errorMessage([&] { loadCorpus(toStd(path), CorpusOptions{}); });
        QCOMPARE(message,
                 path + QStringLiteral(
                            ": looks like a word2vec text vector file (40 rows x 300 dimensions, "
                            "line 1 is the header), not a text corpus; open it with "
                            "embedscope-cli neighbors, analogy or evaluate (the app cannot open "
                            "vector files yet)"));
        const QString binary = dir.filePath(QStringLiteral("v.bin"));
        writeVectors(toStd(binary), sampleVectors(40, 30), VectorFormat::Word2VecBinary);
        const QString binaryMessage =
            test::errorMessage([&] { countVocabulary(toStd(binary), CorpusOptions{}); });
        QVERIFY2(binaryMessage.startsWith(
                     binary + QStringLiteral(": looks like a word2vec binary vector file (40 rows "
                                             "x 30 dimensions")),
                 qPrintable(binaryMessage));
    }

    // Hand-written files in the wild: fastText's .vec header, GloVe lines whose words are
    // numbers or punctuation, Windows line ends, a UTF-8 byte order mark.
    void filesFromElsewhere_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("format");
        QTest::addColumn<long long>("dim");
        QTest::newRow("fastText .vec") << QByteArray(
                                              "2000000 3\n, 0.1 -0.2 0.3\nthe 1e-3 2 -3.5\n"
                                              ". 0 0 0\n")
                                       << int(VectorFormat::Word2VecText) << 3LL;
        QTest::newRow("GloVe with numeric words")
            << QByteArray("the 0.418 0.24968\n, 0.013441 0.23682\n1990 -0.1 0.2\n")
            << int(VectorFormat::Glove) << 2LL;
        QTest::newRow("CRLF and BOM") << QByteArray(
                                             "\xEF\xBB\xBF"
                                             "a 1 2 3 4\r\nb 5 6 7 8\r\nc 9 10 11 12\r\n")
                                      << int(VectorFormat::Glove) << 4LL;
        QTest::newRow("quoted CSV word")
            << QByteArray("word,d0,d1\n\"a,b\",0.5,1\n\"say \"\"hi\"\"\",2,3\n")
            << int(VectorFormat::Csv) << 2LL;
    }
    void filesFromElsewhere() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, format);
        QFETCH(long long, dim);
        const auto guess = sniff(bytes);
        QVERIFY(guess.has_value());
        QCOMPARE(int(guess->format), format);
        QCOMPARE(guess->dim, dim);
    }

    // Corpora are never taken for vectors, numbers or not.
    void corporaAreNotVectors_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("prose") << QByteArray(
            "the cat sat on the mat\nthe dog sat on the log\na bird sang\n");
        QTest::newRow("prose with numbers") << QByteArray(
            "in 1990 there were 3 cats\nthe year 2000 had 12 months\n"
            "7 8 9 and 10\nroom 101 102 103\n");
        QTest::newRow("a line of numbers, then prose")
            << QByteArray("12 34\nthe cat sat on the mat\nthe dog sat on the log\n");
        QTest::newRow("two lines of a word and numbers")
            << QByteArray("scores 1 2 3\nresults 4 5 6\n");
        QTest::newRow("a table whose rows differ") << QByteArray("x 1 2\ny 3 4 5\nz 6 7\n");
        QTest::newRow("a header claiming more columns")
            << QByteArray("3 4\na 1 2 3\nb 1 2 3\nc 1 2 3\n");
        QTest::newRow("a blank line among vector lines")
            << QByteArray("a 1 2\nb 3 4\n\nc 5 6\nd 7 8\n");
        QTest::newRow("header, then text") << QByteArray("2 3\nhello world, this is text\n");
        QTest::newRow("csv that is not ours")
            << QByteArray("name,age,city\nann,30,paris\nbob,41,rome\n");
        QTest::newRow("numbers then a word, tab-separated")
            << QByteArray("1\t2\tthree\n4\t5\t6\n7\t8\t9\n");
    }
    void corporaAreNotVectors() {
        QFETCH(QByteArray, bytes);
        const auto guess = sniff(bytes);
        QVERIFY2(!guess.has_value(),
                 qPrintable(QString::fromStdString(guess ? describeVectorFileGuess(*guess) : "")));
    }

    void builtInCorpusIsNotVectors() {
        QFile resource(QStringLiteral(":/default-corpus.txt"));
        QVERIFY(resource.open(QIODevice::ReadOnly));
        const QByteArray bytes = resource.readAll();
        QVERIFY(bytes.size() > 1000);
        QVERIFY(!sniff(bytes).has_value());
        QVERIFY(!sniff(bytes.left(1 << 12), false).has_value());
    }
};

EMBEDSCOPE_TEST_MAIN(TestVectorFileSniffer)
#include "tst_vectorfilesniffer.moc"
