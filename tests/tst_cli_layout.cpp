// embedscope-cli layout, run as a user would: word,x,y[,z] with a header in vocabulary order, the
// same file twice for a fixed seed and one thread, one-line errors for a bad method, bad dims and
// a missing file.
#include <QFile>
#include <QTemporaryDir>

#include <cmath>
#include <random>

#include "VectorFormats.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;

namespace {

using Run = embedscope::test::CliRun;
using embedscope::test::runCli;

// 120 words in 4 clusters of 10-D vectors; one word holds a comma (quoted in the CSV).
QString writeVectorsFile(const QTemporaryDir& dir) {
    WordVectors vectors;
    std::mt19937 random(5);
    std::normal_distribution<float> normal;
    RowMatrixXf centres(4, 10);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = normal(random);
    vectors.vectors.resize(120, 10);
    for (int i = 0; i < 120; ++i) {
        vectors.words.push_back(i == 7 ? std::string("a,b") : "w" + std::to_string(i));
        for (int d = 0; d < 10; ++d)
            vectors.vectors(i, d) = centres(i % 4, d) + 0.2f * normal(random);
    }
    const QString path = dir.filePath(QStringLiteral("vectors.csv"));
    writeVectors(toStd(path), vectors, VectorFormat::Csv);
    return path;
}

QStringList lines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList result = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    if (!result.isEmpty() && result.last().isEmpty())
        result.removeLast();
    return result;
}

// Column `column` (0 = x) of a layout CSV without its header.
std::vector<double> column(const QStringList& rows, int column) {
    std::vector<double> values;
    for (int i = 1; i < rows.size(); ++i) {
        const QStringList fields = rows[i].split(QLatin1Char(','));
        values.push_back(fields[fields.size() - 3 + column].toDouble());
    }
    return values;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    const double n = double(a.size());
    double ma = 0, mb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ma += a[i] / n;
        mb += b[i] / n;
    }
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ab += (a[i] - ma) * (b[i] - mb);
        aa += (a[i] - ma) * (a[i] - ma);
        bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / std::sqrt(aa * bb);
}

}  // namespace

class TestCliLayout : public QObject {
    Q_OBJECT

private slots:
    void writesWordsInOrder_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("dims");
        QTest::addColumn<QString>("header");
        QTest::newRow("tsne 2-D") << "tsne"
                                  << "2"
                                  << "word,x,y";
        QTest::newRow("tsne 3-D") << "tsne"
                                  << "3"
                                  << "word,x,y,z";
        QTest::newRow("pca") << "pca"
                             << "2"
                             << "word,x,y";
    }
    void writesWordsInOrder() {
        QFETCH(QString, method);
        QFETCH(QString, dims);
        QFETCH(QString, header);
        QTemporaryDir dir;
        const QString in = writeVectorsFile(dir);
        const QString out = dir.filePath(QStringLiteral("layout.csv"));
        const Run run = runCli({"layout", in, "--method", method, "--dims", dims, "--iterations",
                                "300", "--threads", "1", "-o", out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("laid out 120 rows")), qPrintable(run.err));
        const QStringList rows = lines(out);
        QCOMPARE(rows.size(), 121);
        QCOMPARE(rows[0], header);
        for (int i = 1; i <= 120; ++i) {
            const QString word =
                i - 1 == 7 ? QStringLiteral("\"a,b\"") : QStringLiteral("w%1").arg(i - 1);
            QVERIFY2(rows[i].startsWith(word + QLatin1Char(',')), qPrintable(rows[i]));
            const QStringList fields = rows[i].mid(word.size() + 1).split(QLatin1Char(','));
            QCOMPARE(fields.size(), dims.toInt());
            for (const QString& field : fields) {
                bool ok = false;
                field.toDouble(&ok);
                QVERIFY2(ok, qPrintable(rows[i]));
            }
        }
    }

    void firstRowsAndReproducible() {
        QTemporaryDir dir;
        const QString in = writeVectorsFile(dir);
        auto layout = [&](const QString& name, const QString& rows) {
            const Run run =
                runCli({"layout", in, "--method", "tsne", "--rows", rows, "--seed", "1",
                        "--threads", "1", "--iterations", "200", "-o", dir.filePath(name)});
            return run.exitCode == 0 ? lines(dir.filePath(name)) : QStringList{run.err};
        };
        const QStringList first = layout(QStringLiteral("a.csv"), QStringLiteral("50"));
        QCOMPARE(first.size(), 51);
        QCOMPARE(layout(QStringLiteral("b.csv"), QStringLiteral("50")), first);
        // The comparison can fail: 60 rows give other affinities, so other positions for the
        // same first 50 words.
        const QStringList more = layout(QStringLiteral("c.csv"), QStringLiteral("60"));
        QCOMPARE(more.size(), 61);
        QVERIFY(more.mid(0, 51) != first);
    }

    // --components 3,1 puts PC3 on x and PC1 on y: the columns follow the default 3-D layout's
    // z and x (up to sign and scale).
    void chosenComponents() {
        QTemporaryDir dir;
        const QString in = writeVectorsFile(dir);
        const QString all = dir.filePath(QStringLiteral("all.csv"));
        const QString chosen = dir.filePath(QStringLiteral("chosen.csv"));
        const Run first = runCli({"layout", in, "--method", "pca", "--dims", "3", "-o", all});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const Run second =
            runCli({"layout", in, "--method", "pca", "--components", "3,1", "-o", chosen});
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        const QStringList allRows = lines(all);
        const QStringList chosenRows = lines(chosen);
        QCOMPARE(chosenRows[0], QStringLiteral("word,x,y"));
        QCOMPARE(chosenRows.size(), allRows.size());
        // Columns of a 3-column layout read from the end; the chosen one has 2, so shift by 1.
        std::vector<double> x, y;
        for (int i = 1; i < chosenRows.size(); ++i) {
            const QStringList fields = chosenRows[i].split(QLatin1Char(','));
            x.push_back(fields[fields.size() - 2].toDouble());
            y.push_back(fields[fields.size() - 1].toDouble());
        }
        QVERIFY2(std::abs(correlation(x, column(allRows, 2))) > 0.99,
                 qPrintable(QString::number(correlation(x, column(allRows, 2)))));
        QVERIFY2(std::abs(correlation(y, column(allRows, 0))) > 0.99,
                 qPrintable(QString::number(correlation(y, column(allRows, 0)))));
        QVERIFY(std::abs(correlation(x, column(allRows, 0))) < 0.5);

        const Run same = runCli({"layout", in, "--method", "pca", "--components", "2,2", "-o",
                                 dir.filePath(QStringLiteral("bad.csv"))});
        QCOMPARE(same.exitCode, 2);
        QVERIFY2(same.err.contains(QLatin1String("both show PC2")), qPrintable(same.err));
        const Run tooHigh = runCli({"layout", in, "--method", "pca", "--components", "1,11", "-o",
                                    dir.filePath(QStringLiteral("bad.csv"))});
        QCOMPARE(tooHigh.exitCode, 2);
        QVERIFY2(tooHigh.err.contains(QLatin1String("PC11")), qPrintable(tooHigh.err));
        const Run notPca = runCli({"layout", in, "--method", "tsne", "--components", "1,2", "-o",
                                   dir.filePath(QStringLiteral("bad.csv"))});
        QCOMPARE(notPca.exitCode, 2);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bad.csv"))));
    }

    void errors() {
        QTemporaryDir dir;
        const QString in = writeVectorsFile(dir);
        const QString out = dir.filePath(QStringLiteral("layout.csv"));
        const Run badMethod = runCli({"layout", in, "--method", "mds", "-o", out});
        QCOMPARE(badMethod.exitCode, 2);
        QVERIFY2(badMethod.err.contains(QLatin1String("--method expects pca, tsne, umap or axes, "
                                                      "got 'mds'")),
                 qPrintable(badMethod.err));
        // Axis words belong to --method axes; another method would silently ignore them.
        const Run axesForPca =
            runCli({"layout", in, "--method", "pca", "--x", "a:b", "--y", "c:d", "-o", out});
        QCOMPARE(axesForPca.exitCode, 2);
        QVERIFY2(axesForPca.err.contains(QLatin1String("--x applies to --method axes only")),
                 qPrintable(axesForPca.err));
        const Run zForUmap = runCli({"layout", in, "--method", "umap", "--z", "a:b", "-o", out});
        QCOMPARE(zForUmap.exitCode, 2);
        QVERIFY2(zForUmap.err.contains(QLatin1String("--z applies to --method axes only")),
                 qPrintable(zForUmap.err));
        QVERIFY(!QFile::exists(out));
        const Run badDims = runCli({"layout", in, "--method", "tsne", "--dims", "4", "-o", out});
        QCOMPARE(badDims.exitCode, 2);
        QVERIFY2(badDims.err.contains(QLatin1String("--dims")), qPrintable(badDims.err));
        const Run noOutput = runCli({"layout", in, "--method", "tsne"});
        QCOMPARE(noOutput.exitCode, 2);
        QVERIFY2(noOutput.err.contains(QLatin1String("-o")), qPrintable(noOutput.err));
        const Run missing =
            runCli({"layout", dir.filePath("missing.csv"), "--method", "tsne", "-o", out});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QLatin1String("missing.csv: no such file")),
                 qPrintable(missing.err));
        QVERIFY(!QFile::exists(out));  // nothing written on an error
    }

    void help() {
        const Run run = runCli({"layout", "--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QLatin1String("--perplexity")));
    }
};

EMBEDSCOPE_TEST_MAIN(TestCliLayout)
#include "tst_cli_layout.moc"
