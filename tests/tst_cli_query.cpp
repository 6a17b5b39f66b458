// embedscope-cli neighbors / analogy / evaluate, run as a process on files the test writes.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "testutil.h"

using embedscope::test::writeFile;

namespace {

using Run = embedscope::test::CliRun;
using embedscope::test::runCli;

// word2vec text of 8 words, each the sum of two of 8 orthogonal attributes (see
// tst_evaluation.cpp): king - man + woman = queen and cars - car + dog = dogs exactly.
QByteArray attributeVectors() {
    const char* words[8] = {"king", "queen", "man", "woman", "car", "cars", "dog", "dogs"};
    const int parts[8][2] = {{0, 2}, {0, 3}, {1, 2}, {1, 3}, {4, 6}, {4, 7}, {5, 6}, {5, 7}};
    QByteArray text = "8 8\n";
    for (int row = 0; row < 8; ++row) {
        text += words[row];
        for (int j = 0; j < 8; ++j)
            text += (j == parts[row][0] || j == parts[row][1]) ? " 1" : " 0";
        text += '\n';
    }
    return text;
}

}  // namespace

class TestCliQuery : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString vectors_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        vectors_ = writeFile(dir_, QStringLiteral("vectors.txt"), attributeVectors());
    }

    void neighbors() {
        const Run run = runCli({QStringLiteral("neighbors"), vectors_, QStringLiteral("king"),
                                QStringLiteral("-k"), QStringLiteral("2")});
        QCOMPARE(run.exitCode, 0);
        // queen and man tie at 0.5; the lower row comes first.
        QCOMPARE(run.out, QStringLiteral("queen\t0.500000\nman\t0.500000\n"));
    }

    void neighborsDefaultKListsEveryOtherWord() {
        const Run run = runCli({QStringLiteral("neighbours"), vectors_, QStringLiteral("dog")});
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 7);  // 10 asked, 7 other words exist
        for (const QString& line : lines)
            QVERIFY(!line.startsWith(QStringLiteral("dog\t")));
    }

    // neighbors, analogy and evaluate read every format, compressed ones too, and answer alike.
    void everyFormatAnswersAlike_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("compressor");  // "" for none
        for (const char* name : {"v.csv", "v.bin", "v.tsv", "v.npy", "glove.txt"})
            QTest::newRow(name) << QString::fromLatin1(name) << QString();
        QTest::newRow("v.vec.gz") << QStringLiteral("v.vec") << QStringLiteral("gzip");
        QTest::newRow("v.bin.xz") << QStringLiteral("v.bin") << QStringLiteral("xz");
    }
    void everyFormatAnswersAlike() {
        QFETCH(QString, name);
        QFETCH(QString, compressor);
        QTemporaryDir dir;
        QString path = dir.filePath(name);
        QStringList convert{QStringLiteral("convert"), vectors_, path};
        if (name.startsWith(QLatin1String("glove")))
            convert << QStringLiteral("--format") << QStringLiteral("glove");
        const Run converted = runCli(convert);
        QVERIFY2(converted.exitCode == 0, qPrintable(converted.err));
        if (!compressor.isEmpty()) {
            if (QProcess::execute(compressor, {path}) != 0)
                QSKIP("the compressor is not installed");
            path += compressor == QLatin1String("gzip") ? ".gz" : ".xz";
        }
        const QString analogies = writeFile(dir, QStringLiteral("q.txt"),
                                            ": family\nman king woman queen\ncar cars dog dogs\n");
        const QList<QStringList> queries{
            {QStringLiteral("neighbors"), QStringLiteral("king"), QStringLiteral("-k"),
             QStringLiteral("3")},
            {QStringLiteral("analogy"), QStringLiteral("man"), QStringLiteral("king"),
             QStringLiteral("woman"), QStringLiteral("-k"), QStringLiteral("2")},
            {QStringLiteral("evaluate"), QStringLiteral("--analogies"), analogies,
             QStringLiteral("--json")}};
        for (const QStringList& query : queries) {
            QStringList reference = query, here = query;
            reference.insert(1, vectors_);
            here.insert(1, path);
            const Run expected = runCli(reference);
            const Run actual = runCli(here);
            QCOMPARE(actual.exitCode, 0);
            if (query.front() != QLatin1String("evaluate")) {
                QCOMPARE(actual.out, expected.out);
                continue;
            }
            // The report also holds the time and the path: the scores must agree.
            const auto scores = [](const QString& json) {
                const QJsonObject analogies = QJsonDocument::fromJson(json.toUtf8())
                                                  .object()
                                                  .value(QLatin1String("analogies"))
                                                  .toObject();
                return QStringList{
                    QString::number(analogies.value(QLatin1String("correct")).toInt()),
                    QString::number(analogies.value(QLatin1String("answered")).toInt())};
            };
            QCOMPARE(scores(actual.out), scores(expected.out));
            QCOMPARE(scores(actual.out), (QStringList{QStringLiteral("2"), QStringLiteral("2")}));
        }
    }

    void analogy_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("firstLine");
        QTest::newRow("add") << QStringList{QStringLiteral("man"), QStringLiteral("king"),
                                            QStringLiteral("woman")}
                             << QStringLiteral("queen\t1.000000");
        QTest::newRow("mul") << QStringList{QStringLiteral("car"), QStringLiteral("cars"),
                                            QStringLiteral("dog"), QStringLiteral("--method"),
                                            QStringLiteral("mul")}
                             // cos'(dogs, cars) = cos'(dogs, dog) = 0.75, cos'(dogs, car) = 0.5:
                             // 0.75 * 0.75 / (0.5 + 0.001) = 1.12275
                             << QStringLiteral("dogs\t1.1227");
        QTest::newRow("capitals fall back to lower case")
            << QStringList{QStringLiteral("Man"), QStringLiteral("King"), QStringLiteral("Woman")}
            << QStringLiteral("queen\t1.000000");
    }
    void analogy() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, firstLine);
        const Run run = runCli(QStringList{QStringLiteral("analogy"), vectors_} + arguments +
                               QStringList{QStringLiteral("-k"), QStringLiteral("3")});
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines.front().startsWith(firstLine), qPrintable(lines.front()));
    }

    void evaluateReportAndJson() {
        const QString analogies = writeFile(dir_, QStringLiteral("q.txt"),
                                            ": family\n"
                                            "man woman king queen\n"
                                            "man woman king dogs\n"
                                            "man woman unicorn queen\n"
                                            ": gram9-plural-nouns\n"
                                            "car cars dog dogs\n");
        const QString pairs = writeFile(dir_, QStringLiteral("s.tsv"),
                                        "# word1\tword2\tscore\n"
                                        "king\tqueen\t7\nking\twoman\t1\nking\tunicorn\t3\n"
                                        "car\tcars\t6\nqueen\tqueen\t10\n");
        const QStringList arguments{
            QStringLiteral("evaluate"),     vectors_, QStringLiteral("--analogies"),  analogies,
            QStringLiteral("--similarity"), pairs,    QStringLiteral("--similarity"), pairs};
        const Run report = runCli(arguments);
        QCOMPARE(report.exitCode, 0);
        QVERIFY2(report.out.contains(QStringLiteral("8 words, dimension 8")),
                 qPrintable(report.out));
        QVERIFY(report.out.contains(QRegularExpression(QStringLiteral("family +1 / 2 +50.00%"))));
        QVERIFY(report.out.contains(
            QRegularExpression(QStringLiteral("total +2 / 3 +66.67% +skipped 1 of 4"))));
        QCOMPARE(report.out.count(QStringLiteral("pairs used 4, skipped 1")), 2);
        // Why: unicorn is no word; the default restriction (30000) is past the 8 words.
        QVERIFY2(report.out.contains(QStringLiteral(
                     "skipped: 1 for a word not in the vocabulary, 0 for a word outside the "
                     "30000 most frequent (the vocabulary has only 8 words)\n")),
                 qPrintable(report.out));
        QCOMPARE(report.out.count(QStringLiteral(
                     "pairs used 4, skipped 1 (1 for a word not in the vocabulary)")),
                 2);

        const Run json = runCli(arguments + QStringList{QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(root.value(QStringLiteral("words")).toInt(), 8);
        const QJsonObject analogy = root.value(QStringLiteral("analogies")).toObject();
        QCOMPARE(analogy.value(QStringLiteral("correct")).toInt(), 2);
        QCOMPARE(analogy.value(QStringLiteral("answered")).toInt(), 3);
        QCOMPARE(analogy.value(QStringLiteral("skipped")).toInt(), 1);
        QCOMPARE(analogy.value(QStringLiteral("questions")).toInt(), 4);
        QCOMPARE(analogy.value(QStringLiteral("skipped_not_in_vocabulary")).toInt(), 1);
        QCOMPARE(analogy.value(QStringLiteral("skipped_outside_restriction")).toInt(), 0);
        QCOMPARE(analogy.value(QStringLiteral("restricted_words")).toInt(), 8);
        QCOMPARE(analogy.value(QStringLiteral("sections")).toArray().size(), 2);
        QCOMPARE(analogy.value(QStringLiteral("syntactic"))
                     .toObject()
                     .value(QStringLiteral("correct"))
                     .toInt(),
                 1);
        // The flat keys shared with bench/evaluate_vectors.py.
        QCOMPARE(root.value(QStringLiteral("analogy_accuracy")).toDouble(), 2.0 / 3.0);
        QCOMPARE(root.value(QStringLiteral("analogy_questions")).toInt(), 3);
        QCOMPARE(root.value(QStringLiteral("s_oov_percent")).toDouble(), 20.0);
        QVERIFY(root.contains(QStringLiteral("s_spearman")));
        const QJsonArray similarity = root.value(QStringLiteral("similarity")).toArray();
        QCOMPARE(similarity.size(), 2);
        const QJsonObject first = similarity.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("used")).toInt(), 4);
        QCOMPARE(first.value(QStringLiteral("skipped")).toInt(), 1);
        QCOMPARE(first.value(QStringLiteral("skipped_not_in_vocabulary")).toInt(), 1);
        QCOMPARE(first.value(QStringLiteral("skipped_outside_restriction")).toInt(), 0);
        // human (7 1 6 10) vs cosine (0.5 0 0.5 1): ranks (3 1 2 4) and (2.5 1 2.5 4).
        QVERIFY(std::abs(first.value(QStringLiteral("spearman")).toDouble() -
                         4.5 / std::sqrt(5.0 * 4.5)) < 1e-6);
    }

    // --restrict cuts the analogy questions only; --similarity-restrict cuts the pairs.
    void evaluateRestrictions() {
        const QString analogies = writeFile(dir_, QStringLiteral("q2.txt"),
                                            ": family\nman woman king queen\n"
                                            ": gram9-plural-nouns\ncar cars dog dogs\n");
        const QString pairs = writeFile(dir_, QStringLiteral("s2.tsv"),
                                        "king\tqueen\t7\nking\twoman\t1\nking\tunicorn\t3\n"
                                        "car\tcars\t6\nqueen\tqueen\t10\n");
        const QStringList base{
            QStringLiteral("evaluate"),     vectors_, QStringLiteral("--analogies"), analogies,
            QStringLiteral("--similarity"), pairs,    QStringLiteral("--json")};
        const auto evaluate = [&](const QStringList& extra) {
            const Run run = runCli(base + extra);
            if (run.exitCode != 0)
                qWarning("%s", qPrintable(run.err));
            return QJsonDocument::fromJson(run.out.toUtf8()).object();
        };
        const auto pairsUsed = [](const QJsonObject& root) {
            return root.value(QStringLiteral("similarity"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("used"))
                .toInt(-1);
        };
        // Rows: king queen man woman car cars dog dogs. The first 4 words hold the family
        // question and the pairs king-queen, king-woman and queen-queen.
        const QJsonObject restricted =
            evaluate({QStringLiteral("--restrict"), QStringLiteral("4")});
        QCOMPARE(restricted.value(QStringLiteral("analogy_questions")).toInt(), 1);
        QCOMPARE(pairsUsed(restricted), 4);
        const QJsonObject restrictedAnalogies =
            restricted.value(QStringLiteral("analogies")).toObject();
        QCOMPARE(restrictedAnalogies.value(QStringLiteral("skipped_not_in_vocabulary")).toInt(), 0);
        QCOMPARE(restrictedAnalogies.value(QStringLiteral("skipped_outside_restriction")).toInt(),
                 1);
        QCOMPARE(restrictedAnalogies.value(QStringLiteral("restricted_words")).toInt(), 4);
        const QJsonObject pairsCut =
            evaluate({QStringLiteral("--similarity-restrict"), QStringLiteral("4")});
        QCOMPARE(pairsCut.value(QStringLiteral("analogy_questions")).toInt(), 2);
        QCOMPARE(pairsUsed(pairsCut), 3);
        // king-unicorn: no word; car-cars: both words past the first 4.
        const QJsonObject cutPairs =
            pairsCut.value(QStringLiteral("similarity")).toArray().at(0).toObject();
        QCOMPARE(cutPairs.value(QStringLiteral("skipped_not_in_vocabulary")).toInt(), 1);
        QCOMPARE(cutPairs.value(QStringLiteral("skipped_outside_restriction")).toInt(), 1);
    }

    void errors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString v = QStringLiteral("VECTORS");  // replaced by the file's path
        QTest::newRow("unknown word")
            << QStringList{QStringLiteral("neighbors"), v, QStringLiteral("xyz")} << 1
            << QStringLiteral("%1: word 'xyz' is not in the vocabulary");
        QTest::newRow("unknown analogy word")
            << QStringList{QStringLiteral("analogy"), v, QStringLiteral("man"),
                           QStringLiteral("king"), QStringLiteral("princess")}
            << 1 << QStringLiteral("%1: word 'princess' is not in the vocabulary");
        QTest::newRow("missing vectors")
            << QStringList{QStringLiteral("neighbors"), QStringLiteral("/nonexistent/v.txt"),
                           QStringLiteral("king")}
            << 1 << QStringLiteral("/nonexistent/v.txt");
        QTest::newRow("missing analogy file")
            << QStringList{QStringLiteral("evaluate"), v, QStringLiteral("--analogies"),
                           QStringLiteral("/nonexistent/q.txt")}
            << 1 << QStringLiteral("/nonexistent/q.txt: no such file");
        QTest::newRow("no word") << QStringList{QStringLiteral("neighbors"), v} << 2
                                 << QStringLiteral("expected VECTORS WORD");
        QTest::newRow("bad k") << QStringList{QStringLiteral("neighbors"), v,
                                              QStringLiteral("king"), QStringLiteral("-k"),
                                              QStringLiteral("zero")}
                               << 2 << QStringLiteral("-k expects an integer");
        QTest::newRow("bad method")
            << QStringList{QStringLiteral("analogy"), v,
                           QStringLiteral("man"),     QStringLiteral("king"),
                           QStringLiteral("woman"),   QStringLiteral("--method"),
                           QStringLiteral("div")}
            << 2 << QStringLiteral("--method expects add or mul");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("evaluate"), v, QStringLiteral("--bogus")} << 2
            << QStringLiteral("unknown option --bogus");
        QTest::newRow("nothing to evaluate") << QStringList{QStringLiteral("evaluate"), v} << 2
                                             << QStringLiteral("nothing to evaluate");
    }
    void errors() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        arguments.replaceInStrings(QStringLiteral("VECTORS"), vectors_);
        const Run run = runCli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.err.count(u'\n'), 1);  // one line
        QVERIFY2(run.err.contains(message.contains(QStringLiteral("%1")) ? message.arg(vectors_)
                                                                         : message),
                 qPrintable(run.err));
    }

    void malformedAnalogyFileNamesTheLine() {
        const QString bad =
            writeFile(dir_, QStringLiteral("bad.txt"), ": s\nman woman king queen\nman woman\n");
        const Run run =
            runCli({QStringLiteral("evaluate"), vectors_, QStringLiteral("--analogies"), bad});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(bad + QStringLiteral(": line 3: expected 4 words")),
                 qPrintable(run.err));
    }

    void help() {
        for (const char* command : {"neighbors", "analogy", "evaluate"}) {
            const Run run = runCli({QString::fromLatin1(command), QStringLiteral("--help")});
            QCOMPARE(run.exitCode, 0);
            QVERIFY(run.out.startsWith(QStringLiteral("usage: embedscope-cli ")));
        }
        const Run top = runCli({QStringLiteral("--help")});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains(QStringLiteral("commands:")));
        const Run none = runCli({});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains(QStringLiteral("commands:")));
    }

    void version() {
        const Run run = runCli({QStringLiteral("--version")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("^embedscope-cli \\d+\\.\\d+\\.\\d+\n$"))
                     .match(run.out)
                     .hasMatch(),
                 qPrintable(run.out));
    }
};

EMBEDSCOPE_TEST_MAIN(TestCliQuery)
#include "tst_cli_query.moc"
