// embedscope-cli convert, run as a user would: formats from extensions or options, a one-line
// summary, one-line errors naming the file (exit 1), usage errors (exit 2).
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <algorithm>
#include <cmath>

#include "VectorFormats.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;

namespace {

using Run = embedscope::test::CliRun;
using embedscope::test::runCli;

WordVectors sample() {
    WordVectors vectors;
    vectors.words = {"the", ",", "\"hi\",", "naïve"};
    vectors.vectors.resize(4, 3);
    vectors.vectors << 0.1f, -0.0f, 1e-38f, 2, 3, 4, -5.5f, 6e10f, 7, 1.4e-45f, 9, 10;
    return vectors;
}

}  // namespace

class TestCliConvert : public QObject {
    Q_OBJECT

private slots:
    void convertsByExtension_data() {
        QTest::addColumn<QString>("outName");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("formatName");
        QTest::newRow("csv to bin") << "out.bin" << QStringList() << "word2vec-bin";
        QTest::newRow("csv to txt") << "out.txt" << QStringList() << "word2vec";
        QTest::newRow("csv to vec") << "out.vec" << QStringList() << "word2vec";
        QTest::newRow("csv to tsv") << "out.tsv" << QStringList() << "projector";
        QTest::newRow("csv to npy") << "out.npy" << QStringList() << "npy";
        QTest::newRow("--format glove") << "out.txt" << QStringList{"--format", "glove"} << "glove";
        QTest::newRow("--format on any name")
            << "out.data" << QStringList{"--format", "csv"} << "csv";
    }
    void convertsByExtension() {
        QFETCH(QString, outName);
        QFETCH(QStringList, options);
        QFETCH(QString, formatName);
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in.csv"));
        const QString out = dir.filePath(outName);
        const WordVectors original = sample();
        writeVectors(toStd(in), original, VectorFormat::Csv);
        const Run run = runCli(QStringList{"convert", in, out} + options);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
        // One summary line: rows, dim, formats.
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(run.err.contains(QLatin1String("4 words x 3 dims")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("(%1)").arg(formatName)), qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("(csv)")), qPrintable(run.err));
        const WordVectors back = readVectors(toStd(out), parseVectorFormat(toStd(formatName)));
        QCOMPARE(back.words, original.words);
        QVERIFY(back.vectors == original.vectors);
    }

    void fromOptionAndGloveDetection() {
        QTemporaryDir dir;
        const QString glove = test::writeFile(dir, "g.txt", "cat 1 2\ndog 3 4\n");
        Run run = runCli({"convert", glove, dir.filePath(QStringLiteral("a.csv"))});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(QLatin1String("(glove)")), qPrintable(run.err));
        const QString odd = test::writeFile(dir, "vectors.dat", "word,d0\ncat,1\n");
        run = runCli({"convert", odd, dir.filePath(QStringLiteral("b.bin")), "--from", "csv"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(readVectors(toStd(dir.filePath(QStringLiteral("b.bin")))).words,
                 std::vector<std::string>{"cat"});
    }

    void badInputIsOneLineNamingTheFile_data() {
        QTest::addColumn<QString>("inName");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        QTest::newRow("short row") << "bad.txt" << QByteArray("2 3\na 1 2 3\nb 1 2\n")
                                   << "line 3: expected 3 values, found 2";
        QTest::newRow("missing") << "none.csv" << QByteArray() << "no such file";
        QTest::newRow("not a number")
            << "bad.csv" << QByteArray("word,d0\na,x\n") << "line 2: 'x' is not a number";
    }
    void badInputIsOneLineNamingTheFile() {
        QFETCH(QString, inName);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString in = dir.filePath(inName);
        if (!bytes.isEmpty())
            test::writeFile(dir, inName, bytes);
        const QString out = dir.filePath(QStringLiteral("out.csv"));
        const Run run = runCli({"convert", in, out});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(run.err.contains(in + QStringLiteral(": ") + problem), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    void unwritableOutputIsExitOne() {
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in.csv"));
        writeVectors(toStd(in), sample(), VectorFormat::Csv);
        const QString out = dir.filePath(QStringLiteral("no/such/folder/out.bin"));
        const Run run = runCli({"convert", in, out});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(out + QStringLiteral(": cannot write")), qPrintable(run.err));
    }

    void usageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unknown --format")
            << QStringList{"IN.csv", "out.csv", "--format", "xml"} << "unknown vector format 'xml'";
        QTest::newRow("unknown --from")
            << QStringList{"IN.csv", "out.csv", "--from", "yaml"} << "unknown vector format 'yaml'";
        QTest::newRow("unknown extension") << QStringList{"IN.csv", "out.json"} << "--format";
        QTest::newRow("one path") << QStringList{"IN.csv"} << "IN OUT";
        QTest::newRow("three paths") << QStringList{"IN.csv", "a.csv", "b.csv"} << "IN OUT";
        QTest::newRow("unknown option") << QStringList{"IN.csv", "a.csv", "--fast"} << "--fast";
    }
    void usageErrorsExitTwo() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in.csv"));
        writeVectors(toStd(in), sample(), VectorFormat::Csv);
        arguments.replaceInStrings(QStringLiteral("IN.csv"), in);
        const Run run = runCli(QStringList{"convert"} + arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(problem), qPrintable(run.err));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"in.csv"});
    }

    // info reads any format, compressed or not, and prints the norms of the rows.
    void infoJson() {
        QTemporaryDir dir;
        WordVectors vectors = sample();
        vectors.vectors.row(1).setZero();
        const QString path = dir.filePath(QStringLiteral("v.vec"));
        writeVectors(toStd(path), vectors, VectorFormat::Word2VecText);
        QVERIFY(QProcess::execute(QStringLiteral("gzip"), {QStringLiteral("-k"), path}) == 0);
        std::vector<double> norms;
        for (int row = 0; row < vectors.rows(); ++row)
            norms.push_back(std::sqrt(vectors.vectors.row(row).cast<double>().squaredNorm()));
        std::sort(norms.begin(), norms.end());
        for (const QString& name : {QStringLiteral("v.vec"), QStringLiteral("v.vec.gz")}) {
            const Run run = runCli({"info", dir.filePath(name), "--json"});
            QCOMPARE(run.exitCode, 0);
            const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
            QCOMPARE(json.value(QLatin1String("format")).toString(), QStringLiteral("word2vec"));
            QCOMPARE(json.value(QLatin1String("compression")).toString(),
                     name.endsWith(QLatin1String(".gz")) ? QStringLiteral("gzip") : QString());
            QCOMPARE(json.value(QLatin1String("rows")).toInt(), 4);
            QCOMPARE(json.value(QLatin1String("dim")).toInt(), 3);
            QCOMPARE(json.value(QLatin1String("zero_rows")).toInt(), 1);
            QCOMPARE(json.value(QLatin1String("norm_min")).toDouble(), 0.0);
            QCOMPARE(json.value(QLatin1String("norm_max")).toDouble(), norms.back());
            QCOMPARE(json.value(QLatin1String("norm_median")).toDouble(),
                     (norms[1] + norms[2]) / 2);
        }
        const Run bad = runCli({"info", dir.filePath(QStringLiteral("missing.vec"))});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(QLatin1String("missing.vec: no such file")), qPrintable(bad.err));
    }

    void help() {
        const Run run = runCli({"convert", "--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QLatin1String("--format")));
    }
};

EMBEDSCOPE_TEST_MAIN(TestCliConvert)
#include "tst_cli_convert.moc"
