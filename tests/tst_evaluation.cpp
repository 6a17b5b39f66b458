// Analogy and word-pair evaluation on small files written by the test, against results that
// follow from the construction of the vectors or were computed by hand.
#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <atomic>
#include <cmath>

#include "Error.h"
#include "Evaluation.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;
using embedscope::test::writeFile;

namespace {

// Each word is the sum of two of eight orthogonal attributes, so CosAdd answers are exact:
// king - man + woman = queen, cars - car + dog = dogs.
const std::vector<std::string> kWords = {"king", "queen", "man", "woman",
                                         "car",  "cars",  "dog", "dogs"};

RowMatrixXf attributeTable() {
    enum { R, P, M, F, C, G, S, L };  // royal person male female car dog singular plural
    const int parts[8][2] = {{R, M}, {R, F}, {P, M}, {P, F}, {C, S}, {C, L}, {G, S}, {G, L}};
    RowMatrixXf table = RowMatrixXf::Zero(8, 8);
    for (int row = 0; row < 8; ++row) {
        table(row, parts[row][0]) = 1;
        table(row, parts[row][1]) = 1;
    }
    return table;
}

const QByteArray kAnalogies =
    ": family\n"
    "man woman king queen\n"
    "Woman Man Queen King\n"     // case-insensitive
    "man woman king dogs\n"      // answered, wrong
    "man woman unicorn queen\n"  // skipped: unicorn is unknown
    "\n"
    ": gram9-plural-nouns\n"
    "car cars dog dogs\r\n"  // CRLF tolerated
    "dog dogs car cars\n";

}  // namespace

class TestEvaluation : public QObject {
    Q_OBJECT
private slots:
    void analogiesPerSectionAndTotal() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("q.txt"), kAnalogies);
        const NeighbourIndex index(attributeTable());
        const AnalogyResult result = evaluateAnalogies(toStd(path), kWords, index, 0);
        QCOMPARE(result.sections.size(), std::size_t(2));
        QCOMPARE(result.sections[0].name, std::string("family"));
        QCOMPARE(result.sections[0].correct, 2);
        QCOMPARE(result.sections[0].total, 3);
        QCOMPARE(result.sections[0].skipped, 1);
        QCOMPARE(result.sections[1].name, std::string("gram9-plural-nouns"));
        QCOMPARE(result.sections[1].correct, 2);
        QCOMPARE(result.sections[1].total, 2);
        QCOMPARE(result.correct, 4);
        QCOMPARE(result.total, 5);
        QCOMPARE(result.skipped, 1);
        QCOMPARE(result.all, 6);
        QCOMPARE(result.accuracy(), 0.8);
        QCOMPARE(result.semantic.correct, 2);
        QCOMPARE(result.semantic.total, 3);
        QCOMPARE(result.syntactic.correct, 2);
        QCOMPARE(result.syntactic.total, 2);
    }

    void analogiesRestrictedVocabularySkips() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("q.txt"), kAnalogies);
        const NeighbourIndex index(attributeTable());
        // "dogs" is the 8th word: both plural questions and "man woman king dogs" are skipped.
        const AnalogyResult result = evaluateAnalogies(toStd(path), kWords, index, 7);
        QCOMPARE(result.skipped, 4);
        QCOMPARE(result.total, 2);
        QCOMPARE(result.correct, 2);
        QCOMPARE(result.sections[1].total, 0);
        QCOMPARE(result.sections[1].accuracy(), 0.0);
    }

    // Why each question was skipped: a word the vocabulary does not have at all, or (all words
    // known) one past the restriction. A question with both counts as not in the vocabulary.
    void analogiesSkipReasons() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("q.txt"),
                                       kAnalogies +
                                           ": mixed\n"
                                           "unicorn woman king DOGS\n"  // both reasons
                                           "Dogs woman king queen\n");  // past the cut
        const NeighbourIndex index(attributeTable());
        // "dogs" is the 8th word; unicorn is no word at all.
        const AnalogyResult cut = evaluateAnalogies(toStd(path), kWords, index, 7);
        QCOMPARE(cut.skipped, 6);
        QCOMPARE(cut.skippedNotInVocabulary, 2);
        QCOMPARE(cut.skippedOutsideRestriction, 4);
        QCOMPARE(cut.vocabularySize, 8);
        QCOMPARE(cut.restrictedSize, 7);
        QCOMPARE(cut.sections[0].skippedNotInVocabulary, 1);
        QCOMPARE(cut.sections[0].skippedOutsideRestriction, 1);
        QCOMPARE(cut.sections[1].skippedNotInVocabulary, 0);
        QCOMPARE(cut.sections[1].skippedOutsideRestriction, 2);
        QCOMPARE(cut.sections[2].skippedNotInVocabulary, 1);
        QCOMPARE(cut.sections[2].skippedOutsideRestriction, 1);
        QCOMPARE(cut.semantic.skippedNotInVocabulary, 2);
        QCOMPARE(cut.semantic.skippedOutsideRestriction, 2);
        QCOMPARE(cut.syntactic.skippedNotInVocabulary, 0);
        QCOMPARE(cut.syntactic.skippedOutsideRestriction, 2);
        const AnalogySection overall = cut.overall();
        QCOMPARE(overall.skipped, 6);
        QCOMPARE(overall.skippedNotInVocabulary, 2);
        QCOMPARE(overall.skippedOutsideRestriction, 4);

        // A restriction larger than the vocabulary (or none) cuts nothing.
        for (const std::int32_t restrict : {0, 30000}) {
            const AnalogyResult all = evaluateAnalogies(toStd(path), kWords, index, restrict);
            QCOMPARE(all.skipped, 2);
            QCOMPARE(all.skippedNotInVocabulary, 2);
            QCOMPARE(all.skippedOutsideRestriction, 0);
            QCOMPARE(all.vocabularySize, 8);
            QCOMPARE(all.restrictedSize, 8);
        }
    }

    void analogiesWithCosMulOnExactVectors() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("q.txt"), kAnalogies);
        const NeighbourIndex index(attributeTable());
        const AnalogyResult result =
            evaluateAnalogies(toStd(path), kWords, index, 0, AnalogyMethod::CosMul);
        QCOMPARE(result.correct, 4);
        QCOMPARE(result.total, 5);
    }

    // The batched (blocked, multi-threaded) evaluation must pick what NeighbourIndex::analogy
    // picks, on random vectors where answers are not exact.
    void analogiesAgreeWithSingleQueries_data() {
        QTest::addColumn<bool>("multiply");
        QTest::newRow("3CosAdd") << false;
        QTest::newRow("3CosMul") << true;
    }
    void analogiesAgreeWithSingleQueries() {
        QFETCH(bool, multiply);
        const AnalogyMethod method = multiply ? AnalogyMethod::CosMul : AnalogyMethod::CosAdd;
        const int rows = 3000, restrict = 2500;
        std::vector<std::string> words;
        for (int i = 0; i < rows; ++i)
            words.push_back("w" + std::to_string(i));
        const RowMatrixXf table = RowMatrixXf::Random(rows, 5);
        const NeighbourIndex index(table);
        QByteArray text = ": random\n";
        std::vector<std::array<int, 4>> questions;
        for (int q = 0; q < 300; ++q) {
            const int a = (q * 7) % 150, b = (q * 11 + 3) % 150, c = (q * 13 + 5) % 150;
            if (a == b || b == c || a == c)
                continue;
            const auto expected = index.analogy(a, b, c, 1, method, restrict);
            // Every other question gets the right answer from NeighbourIndex.
            const int d = q % 2 ? expected.front().index : (expected.front().index + 1) % restrict;
            questions.push_back({a, b, c, d});
            text += QByteArray::fromStdString(words[a] + " " + words[b] + " " + words[c] + " " +
                                              words[d] + "\n");
        }
        int expectedCorrect = 0;
        for (const auto& q : questions)
            expectedCorrect +=
                index.analogy(q[0], q[1], q[2], 1, method, restrict).front().index == q[3];
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("q.txt"), text);
        const AnalogyResult result = evaluateAnalogies(toStd(path), words, index, restrict, method);
        QCOMPARE(result.total, int(questions.size()));
        QVERIFY(expectedCorrect > 0 && expectedCorrect < int(questions.size()));
        QCOMPARE(result.correct, expectedCorrect);
    }

    void malformedAnalogyFilesNameFileAndLine_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("three words") << QByteArray(": s\nman woman king queen\nman woman king\n")
                                     << QStringLiteral("q.txt: line 3: expected 4 words");
        QTest::newRow("no section") << QByteArray("\nman woman king queen\n")
                                    << QStringLiteral("q.txt: line 2: question before");
        QTest::newRow("empty section name")
            << QByteArray(":\n") << QStringLiteral("q.txt: line 1: section");
    }
    void malformedAnalogyFilesNameFileAndLine() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("q.txt"), text);
        const NeighbourIndex index(attributeTable());
        const QString message =
            test::errorMessage([&] { evaluateAnalogies(toStd(path), kWords, index); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void analogiesReportProgressAndCancel() {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("q.txt"), kAnalogies);
        const NeighbourIndex index(attributeTable());
        test::ProgressRecorder progress;
        JobControl control = progress.control();
        evaluateAnalogies(toStd(path), kWords, index, 0, AnalogyMethod::CosAdd, control);
        QCOMPARE(progress.lastTotal, std::uint64_t(kWords.size()));
        QCOMPARE(progress.lastDone, progress.lastTotal);
        QVERIFY(!progress.wentBack);

        const std::atomic<bool> cancel{true};
        control.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, evaluateAnalogies(toStd(path), kWords, index, 0,
                                                              AnalogyMethod::CosAdd, control));
    }

    void missingFileIsAnError() {
        const NeighbourIndex index(attributeTable());
        QVERIFY_THROWS_EXCEPTION(Error, evaluateAnalogies("/nonexistent/q.txt", kWords, index));
        QVERIFY_THROWS_EXCEPTION(Error, evaluateSimilarity("/nonexistent/s.txt", kWords, index));
    }

    // Both evaluation readers refuse what is not a UTF-8 text file of the expected kind, with
    // one line naming the file, the place and the problem (as the vector loaders do).
    void hostileEvaluationFilesRefused_data() {
        QTest::addColumn<bool>("analogies");
        QTest::addColumn<QString>("kind");  // "file", "directory" or "missing"
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");  // what follows "FILE: "
        const QByteArray good[2] = {"king\tqueen\t7\nking\tman\t1\n",
                                    ": s\nman woman king queen\n"};
        const char* names[2] = {"similarity ", "analogies "};
        for (const bool analogies : {false, true}) {
            const QByteArray valid = good[analogies];
            const auto row = [&](const char* name) {
                return &(QTest::newRow((QByteArray(names[analogies]) + name).constData())
                         << analogies);
            };
            *row("missing") << QStringLiteral("missing") << QByteArray()
                            << QStringLiteral("no such file");
            *row("directory") << QStringLiteral("directory") << QByteArray()
                              << QStringLiteral("is a directory");
            *row("empty") << QStringLiteral("file") << QByteArray()
                          << QStringLiteral("file is empty");
            *row("whitespace only")
                << QStringLiteral("file") << QByteArray("  \n\t\n \r\n")
                << (analogies ? QStringLiteral("no questions") : QStringLiteral("no word pairs"));
            *row("UTF-16 BOM") << QStringLiteral("file") << QByteArray("\xFF\xFEk\0i\0", 6)
                               << QStringLiteral(
                                      "byte offset 0: not UTF-8 text (the byte order "
                                      "mark says UTF-16 little-endian)");
            *row("UTF-32 BOM") << QStringLiteral("file") << QByteArray("\0\0\xFE\xFF\0\0\0k", 8)
                               << QStringLiteral(
                                      "byte offset 0: not UTF-8 text (the byte order "
                                      "mark says UTF-32 big-endian)");
            *row("NUL byte") << QStringLiteral("file") << valid + QByteArray("ki\0ng\n", 6)
                             << QStringLiteral("line 3: NUL byte at byte 3 of the line: binary");
            *row("Latin-1") << QStringLiteral("file") << valid + "caf\xE9\n"
                            << QStringLiteral(
                                   "line 3: not UTF-8 text (invalid byte 0xE9 at "
                                   "byte 4 of the line");
            *row("random binary") << QStringLiteral("file") << QByteArray("\x80\x81\x01\x02\n")
                                  << QStringLiteral(
                                         "line 1: not UTF-8 text (invalid byte 0x80 at byte 1");
            // 100 KB without a line end: refused once 64 KB are seen, never read whole.
            *row("long line") << QStringLiteral("file") << valid + QByteArray(100 << 10, 'w')
                              << QStringLiteral("line 3: line longer than 64 KB");
        }
        QTest::newRow("analogies sections only")
            << true << QStringLiteral("file") << QByteArray(": capitals\n\n: family\n")
            << QStringLiteral("no questions");
        QTest::newRow("similarity header and comments only")
            << false << QStringLiteral("file")
            << QByteArray("# pairs\nWord 1\tWord 2\tHuman (mean)\n# none\n")
            << QStringLiteral("no word pairs");
    }
    void hostileEvaluationFilesRefused() {
        QFETCH(bool, analogies);
        QFETCH(QString, kind);
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("eval.txt"));
        if (kind == QLatin1String("file"))
            path = writeFile(dir, QStringLiteral("eval.txt"), content);
        else if (kind == QLatin1String("directory"))
            QVERIFY(QDir().mkpath(path));
        const NeighbourIndex index(attributeTable());
        try {
            if (analogies)
                evaluateAnalogies(toStd(path), kWords, index);
            else
                evaluateSimilarity(toStd(path), kWords, index);
            QFAIL("accepted");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(path + QStringLiteral(": ") + problem), e.what());
            QVERIFY2(!message.contains(QLatin1Char('\n')), e.what());
        }
    }

    // A UTF-8 byte order mark and CRLF line ends (a file saved on Windows) read as plain text.
    void byteOrderMarkAndCrlfAccepted() {
        QTemporaryDir dir;
        const NeighbourIndex index(attributeTable());
        const QString questions = writeFile(dir, QStringLiteral("q.txt"),
                                            "\xEF\xBB\xBF: family\r\nman woman king queen\r\n");
        const AnalogyResult analogies = evaluateAnalogies(toStd(questions), kWords, index);
        QCOMPARE(analogies.sections.size(), std::size_t(1));
        QCOMPARE(analogies.sections[0].name, std::string("family"));
        QCOMPARE(analogies.correct, 1);
        const QString pairs = writeFile(dir, QStringLiteral("s.tsv"),
                                        "\xEF\xBB\xBFking\tqueen\t7\r\nking\twoman\t1\r\n");
        QCOMPARE(evaluateSimilarity(toStd(pairs), kWords, index).used, 2);
    }

    void ranksAverageTies() {
        const std::vector<double> ranks = averageRanks({3.0, 1.0, 2.0, 2.0, 2.0});
        QCOMPARE(ranks, (std::vector<double>{5.0, 1.0, 3.0, 3.0, 3.0}));
        // x ranks (1, 2.5, 2.5, 4), y ranks (1, 3, 2, 4): deviations (-1.5, 0, 0, 1.5) and
        // (-1.5, 0.5, -0.5, 1.5) give rho = 4.5 / sqrt(4.5 * 5).
        const double rho = spearmanCorrelation({1, 2, 2, 3}, {1, 3, 2, 4});
        QVERIFY(std::abs(rho - 4.5 / std::sqrt(4.5 * 5.0)) < 1e-12);
        QVERIFY(std::isnan(pearsonCorrelation({1, 1, 1}, {1, 2, 3})));
        QVERIFY(std::isnan(spearmanCorrelation({1}, {2})));
    }

    void similarityFile() {
        // Cosines of the attribute table: king-queen 0.5, king-woman 0, car-cars 0.5,
        // king-car 0, queen-queen 1. Human ranks (4 1 3 2 5), model ranks with ties
        // (3.5 1.5 3.5 1.5 5): rho = 9 / sqrt(10 * 9). Pearson of the raw values, by hand:
        // deviations (1.8 -4.2 0.8 -3.2 4.8) and (0.1 -0.4 0.1 -0.4 0.6) give 6.1 / sqrt(54.8 *
        // 0.7).
        const QByteArray text =
            "# a comment line\n"
            "Word 1\tWord 2\tHuman (mean)\n"
            "king\tqueen\t7\n"
            "KING\twoman\t1.0\n"
            "# another comment\n"
            "car\tcars\t6\textra column\n"
            "\n"
            "king\tunicorn\t5\n"
            "king\tcar\t2\n"
            "queen\tqueen\t10.00\n";
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("s.tsv"), text);
        const NeighbourIndex index(attributeTable());
        const SimilarityResult result = evaluateSimilarity(toStd(path), kWords, index);
        QCOMPARE(result.used, 5);
        QCOMPARE(result.skipped, 1);
        QVERIFY2(std::abs(result.spearman - 9.0 / std::sqrt(90.0)) < 1e-6,
                 qPrintable(QString::number(result.spearman)));
        QVERIFY2(std::abs(result.pearson - 6.1 / std::sqrt(54.8 * 0.7)) < 1e-6,
                 qPrintable(QString::number(result.pearson)));

        // Restricted to the first 3 words, car-cars and king-car are skipped as well.
        const SimilarityResult restricted = evaluateSimilarity(toStd(path), kWords, index, 3);
        QCOMPARE(restricted.used, 2);
        QCOMPARE(restricted.skipped, 4);
        // unicorn is no word at all; woman, car and cars are words past the first 3.
        QCOMPARE(restricted.skippedNotInVocabulary, 1);
        QCOMPARE(restricted.skippedOutsideRestriction, 3);
        QCOMPARE(result.skippedNotInVocabulary, 1);
        QCOMPARE(result.skippedOutsideRestriction, 0);
    }

    void whitespaceSeparatedSimilarityFile() {
        QTemporaryDir dir;
        const QString path =
            writeFile(dir, QStringLiteral("s.txt"), "king queen 3\nking woman 1\nman man 9\n");
        const NeighbourIndex index(attributeTable());
        const SimilarityResult result = evaluateSimilarity(toStd(path), kWords, index);
        QCOMPARE(result.used, 3);
        QVERIFY(std::abs(result.spearman - 1.0) < 1e-12);
    }

    void malformedSimilarityFilesNameFileAndLine_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("two fields") << QByteArray("# c\nking\tqueen\t1\nking\tqueen\n")
                                    << QStringLiteral("s.tsv: line 3: expected word1");
        QTest::newRow("bad score") << QByteArray("king\tqueen\t1\nking\tman\tlots\n")
                                   << QStringLiteral("s.tsv: line 2: score 'lots'");
        QTest::newRow("nan score") << QByteArray("king\tqueen\t1\nking\tman\tnan\n")
                                   << QStringLiteral("s.tsv: line 2: score 'nan'");
    }
    void malformedSimilarityFilesNameFileAndLine() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("s.tsv"), text);
        const NeighbourIndex index(attributeTable());
        const QString message =
            test::errorMessage([&] { evaluateSimilarity(toStd(path), kWords, index); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
};

EMBEDSCOPE_TEST_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
