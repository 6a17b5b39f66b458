// Vocabulary: order, pruning, subsampling probabilities, copying, and the TSV file format with all
// its validation errors.
#include <cmath>
#include <memory>

#include "Error.h"
#include "Vocabulary.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;
using embedscope::test::writeFile;

namespace {

using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

QStringList wordsOf(const Vocabulary& vocabulary) {
    QStringList words;
    for (const auto& w : vocabulary.words())
        words << QString::fromStdString(w);
    return words;
}

QString loadError(const QString& path) {
    try {
        Vocabulary::load(toStd(path));
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestVocabulary : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // Descending count, ties by UTF-8 bytes ascending ("Z" < "a" < "b" < "é"), whatever the input
    // order.
    void deterministicOrder() {
        Counts counts{{"b", 3}, {"é", 3}, {"c", 5}, {"a", 3}, {"Z", 3}, {"d", 9}};
        const QStringList expected{"d", "c", "Z", "a", "b", "é"};
        for (int rotation = 0; rotation < 6; ++rotation) {
            std::rotate(counts.begin(), counts.begin() + 1, counts.end());
            const Vocabulary vocabulary = Vocabulary::fromCounts(counts, 1, 0, 26);
            QCOMPARE(wordsOf(vocabulary), expected);
        }
    }

    void minCountAndMaxSize_data() {
        QTest::addColumn<int>("minCount");
        QTest::addColumn<int>("maxSize");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<int>("vocabTokens");
        QTest::newRow("all") << 1 << 0 << QStringList{"the", "cat", "sat", "mat", "on"} << 13;
        QTest::newRow("min-count 2") << 2 << 0 << QStringList{"the", "cat", "sat"} << 11;
        QTest::newRow("min-count 3") << 3 << 0 << QStringList{"the", "cat"} << 9;
        QTest::newRow("max-size 2") << 1 << 2 << QStringList{"the", "cat"} << 9;
        QTest::newRow("both") << 2 << 4 << QStringList{"the", "cat", "sat"} << 11;
        QTest::newRow("none") << 7 << 0 << QStringList{} << 0;
    }

    void minCountAndMaxSize() {
        QFETCH(int, minCount);
        QFETCH(int, maxSize);
        QFETCH(QStringList, expected);
        QFETCH(int, vocabTokens);
        const Counts counts{{"on", 1}, {"cat", 3}, {"sat", 2}, {"the", 6}, {"mat", 1}};
        const Vocabulary vocabulary = Vocabulary::fromCounts(
            counts, static_cast<std::uint64_t>(minCount), static_cast<std::size_t>(maxSize), 13);
        QCOMPARE(wordsOf(vocabulary), expected);
        QCOMPARE(vocabulary.size(), expected.size());
        QCOMPARE(vocabulary.empty(), expected.isEmpty());
        QCOMPARE(vocabulary.corpusTokens(), 13u);
        QCOMPARE(vocabulary.vocabTokens(), static_cast<std::uint64_t>(vocabTokens));
        for (int i = 0; i < expected.size(); ++i) {
            QCOMPARE(vocabulary.indexOf(toStd(expected[i])), i);
            QCOMPARE(vocabulary.word(i), toStd(expected[i]));
        }
        QCOMPARE(vocabulary.indexOf("dog"), -1);
    }

    void duplicateWordsAreAProgrammingError() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 Vocabulary::fromCounts({{"a", 2}, {"b", 1}, {"a", 1}}, 1, 0, 4));
    }

    // word2vec's rule, p = min(1, (sqrt(f/t) + 1) t/f) with f = count / vocabTokens.
    void keepProbability_data() {
        QTest::addColumn<double>("t");
        QTest::newRow("1e-3") << 1e-3;
        QTest::newRow("1e-4") << 1e-4;
        QTest::newRow("1e-5") << 1e-5;
        QTest::newRow("0.05") << 0.05;
    }

    void keepProbability() {
        QFETCH(double, t);
        const Counts counts{{"the", 500000}, {"of", 120000}, {"cat", 3000}, {"rare", 40}, {"x", 1}};
        const Vocabulary vocabulary = Vocabulary::fromCounts(counts, 1, 0, 700000);
        const double total = 623041;
        QCOMPARE(vocabulary.vocabTokens(), 623041u);
        for (int i = 0; i < vocabulary.size(); ++i) {
            const double f = static_cast<double>(vocabulary.count(i)) / total;
            const double expected = std::min(1.0, (std::sqrt(f / t) + 1) * t / f);
            const double actual = vocabulary.keepProbability(i, t);
            QVERIFY2(std::abs(actual - expected) < 1e-12,
                     qPrintable(QString("%1: %2 vs %3").arg(i).arg(actual).arg(expected)));
            QVERIFY(actual > 0 && actual <= 1);
        }
        // The most frequent word is thinned out; a word of frequency below t is always kept.
        QVERIFY(vocabulary.keepProbability(0, t) < 1);
        QCOMPARE(vocabulary.keepProbability(vocabulary.indexOf("x"), t), 1.0);
        // Concrete value: "the", f = 500000/623041, t = 1e-3.
        if (t == 1e-3)
            QVERIFY(std::abs(vocabulary.keepProbability(0, t) - 0.0365460) < 1e-6);
    }

    void keepProbabilityDisabled() {
        const Vocabulary vocabulary = Vocabulary::fromCounts({{"a", 100}, {"b", 1}}, 1, 0, 101);
        QCOMPARE(vocabulary.keepProbability(0, 0), 1.0);
        QCOMPARE(vocabulary.keepProbability(0, -1), 1.0);
    }

    // The copy has its own index: it keeps working after the original is gone.
    void copyRebuildsIndex() {
        auto original = std::make_unique<Vocabulary>(Vocabulary::fromCounts(
            {{"short", 5}, {"a-much-longer-word-than-sso", 3}, {"z", 1}}, 1, 0, 9));
        const Vocabulary copy(*original);
        Vocabulary assigned;
        assigned = *original;
        original.reset();
        for (const Vocabulary* v : std::initializer_list<const Vocabulary*>{&copy, &assigned}) {
            QCOMPARE(v->indexOf("short"), 0);
            QCOMPARE(v->indexOf("a-much-longer-word-than-sso"), 1);
            QCOMPARE(v->indexOf("z"), 2);
            QCOMPARE(v->vocabTokens(), 9u);
            QCOMPARE(v->corpusTokens(), 9u);
        }
        Vocabulary moved(std::move(assigned));
        QCOMPARE(moved.indexOf("z"), 2);
    }

    void saveLoadRoundTrip() {
        const Vocabulary vocabulary = Vocabulary::fromCounts(
            {{"straße", 7}, {"the", 12}, {"москва", 7}, {"don't", 2}, {"<num>", 1}}, 1, 0, 40);
        const QString path = dir_.filePath("round.tsv");
        vocabulary.save(toStd(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        // Ties by bytes: "straße" (0x73...) before "москва" (0xD0...).
        QCOMPARE(file.readAll(), QByteArray("the\t12\nstraße\t7\nмосква\t7\ndon't\t2\n<num>\t1\n"));
        const Vocabulary loaded = Vocabulary::load(toStd(path));
        QCOMPARE(loaded.words(), vocabulary.words());
        QCOMPARE(loaded.counts(), vocabulary.counts());
        QCOMPARE(loaded.vocabTokens(), vocabulary.vocabTokens());
        QCOMPARE(loaded.indexOf("москва"), 2);
    }

    void loadToleratesCrlfAndBom() {
        const QString path = writeFile(dir_, "crlf.tsv", "\xEF\xBB\xBFthe\t5\r\ncat\t5\r\n");
        const Vocabulary loaded = Vocabulary::load(toStd(path));
        QCOMPARE(wordsOf(loaded), (QStringList{"the", "cat"}));  // file order kept for ties
    }

    void loadErrors_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");
        QTest::newRow("bad count")
            << QByteArray("the\t5\ncat\tmany\n")
            << QStringLiteral("line 2: the count must be a positive integer, found 'many'");
        QTest::newRow("zero count")
            << QByteArray("the\t0\n")
            << QStringLiteral("line 1: the count must be a positive integer, found '0'");
        QTest::newRow("negative count")
            << QByteArray("the\t-3\n")
            << QStringLiteral("line 1: the count must be a positive integer, found '-3'");
        QTest::newRow("count overflow")
            << QByteArray("the\t99999999999999999999999\n")
            << QStringLiteral(
                   "line 1: the count must be a positive integer, found '99999999999999999999999'");
        QTest::newRow("missing tab")
            << QByteArray("the\t5\ncat 4\n")
            << QStringLiteral("line 2: expected word<TAB>count, found no tab");
        QTest::newRow("three fields")
            << QByteArray("the\t5\textra\n")
            << QStringLiteral("line 1: expected word<TAB>count, found more than two fields");
        QTest::newRow("empty word")
            << QByteArray("\t5\n") << QStringLiteral("line 1: the word is empty");
        QTest::newRow("empty line")
            << QByteArray("the\t5\n\ncat\t4\n")
            << QStringLiteral("line 2: expected word<TAB>count, found an empty line");
        QTest::newRow("duplicate word")
            << QByteArray("the\t5\ncat\t4\nthe\t3\n")
            << QStringLiteral("line 3: duplicate word 'the' (first on line 1)");
        QTest::newRow("not descending")
            << QByteArray("the\t5\ncat\t4\ndog\t6\n")
            << QStringLiteral("line 3: counts must be in descending order, but 6 follows 4");
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("the file holds no words");
    }

    void loadErrors() {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        const QString path =
            writeFile(dir_, QString("bad-%1.tsv").arg(QTest::currentDataTag()), content);
        QCOMPARE(loadError(path), path + ": " + problem);
    }

    void loadMissingFile() {
        const QString path = dir_.filePath("nothing.tsv");
        QCOMPARE(loadError(path), path + ": no such file");
    }

    void saveErrors() {
        const QString path = dir_.filePath("no-such-dir/vocab.tsv");
        const Vocabulary vocabulary = Vocabulary::fromCounts({{"a", 1}}, 1, 0, 1);
        try {
            vocabulary.save(toStd(path));
            QFAIL("saved into a missing directory");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(path + ": cannot write"), e.what());
        }
        const Vocabulary withTab = Vocabulary::fromCounts({{"a\tb", 1}}, 1, 0, 1);
        const QString tabPath = dir_.filePath("tab.tsv");
        QVERIFY_THROWS_EXCEPTION(Error, withTab.save(toStd(tabPath)));
        QVERIFY(!QFile::exists(tabPath));  // atomic: nothing half-written is left behind
    }
};

EMBEDSCOPE_TEST_MAIN(TestVocabulary)
#include "tst_vocabulary.moc"
