// loadCorpus and countVocabulary on a hand-counted corpus (ids, sentence ends, dropped words, the
// min-count error), the word hash table against std::map, and exact counts on a generated corpus.
#include <QBuffer>

#include <atomic>
#include <map>
#include <random>

#include "Error.h"
#include "TokenReader.h"
#include "TokenizedCorpus.h"
#include "WordCounts.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;
using embedscope::test::writeFile;

namespace {

// Counted by hand: the 4; cat, dog, mat, on, sat 2 each; a, end, zebra 1 each. 17 tokens, 9
// distinct words, 5 sentences (the empty line makes none).
const QByteArray kCorpus =
    "The cat sat on the mat.\n"
    "the dog sat\n"
    "\n"
    "A cat, the END.\n"
    "zebra!\n"
    "on mat dog";

constexpr std::int32_t E = kSentenceEnd;

}  // namespace

class TestTokenizedCorpus : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString corpusPath_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        corpusPath_ = writeFile(dir_, "hand.txt", kCorpus);
    }

    void idStream_data() {
        QTest::addColumn<int>("minCount");
        QTest::addColumn<int>("maxSize");
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<std::vector<std::int32_t>>("ids");
        // min-count 2: the=0, then the 2-count words by bytes: cat dog mat on sat. "zebra" alone
        // makes a sentence that loses all its words: no sentence end for it.
        QTest::newRow("min-count 2")
            << 2 << 0 << QStringList{"the", "cat", "dog", "mat", "on", "sat"}
            << std::vector<std::int32_t>{0, 1, 5, 4, 0, 3, E, 0, 2, 5, E, 1, 0, E, 4, 3, 2, E};
        QTest::newRow("max-size 3")
            << 2 << 3 << QStringList{"the", "cat", "dog"}
            << std::vector<std::int32_t>{0, 1, 0, E, 0, 2, E, 1, 0, E, 2, E};
        QTest::newRow("everything")
            << 1 << 0 << QStringList{"the", "cat", "dog", "mat", "on", "sat", "a", "end", "zebra"}
            << std::vector<std::int32_t>{0, 1, 5, 4, 0, 3, E, 0, 2, 5, E,
                                         6, 1, 0, 7, E, 8, E, 4, 3, 2, E};
        QTest::newRow("min-count 4")
            << 4 << 0 << QStringList{"the"} << std::vector<std::int32_t>{0, 0, E, 0, E, 0, E};
    }

    void idStream() {
        QFETCH(int, minCount);
        QFETCH(int, maxSize);
        QFETCH(QStringList, words);
        QFETCH(std::vector<std::int32_t>, ids);
        CorpusOptions options;
        options.minCount = static_cast<std::uint64_t>(minCount);
        options.maxSize = static_cast<std::size_t>(maxSize);
        const TokenizedCorpus corpus = loadCorpus(toStd(corpusPath_), options);
        QStringList actualWords;
        for (const auto& w : corpus.vocabulary.words())
            actualWords << QString::fromStdString(w);
        QCOMPARE(actualWords, words);
        QCOMPARE(corpus.tokens, ids);
        QVERIFY(!corpus.streamed());
        QCOMPARE(corpus.report.tokens, 17u);
        QCOMPARE(corpus.report.sentences, 5u);
        QCOMPARE(corpus.vocabulary.corpusTokens(), 17u);
        std::uint64_t inVocabulary = 0;
        for (const auto id : ids)
            inVocabulary += id >= 0;
        QCOMPARE(corpus.vocabulary.vocabTokens(), inVocabulary);
        QCOMPARE(corpus.name, toStd(corpusPath_));

        // Streamed (spilled at once, or after 5 ids), with chunks of 3 ids so that sentences and
        // the renumbering cross chunk boundaries: the same ids, on disk.
        for (const std::uint64_t limit : {std::uint64_t(0), std::uint64_t(5)}) {
            CorpusOptions streamedOptions = options;
            streamedOptions.memoryTokenLimit = limit;
            streamedOptions.streamChunkTokens = 3;
            streamedOptions.cacheFolder = toStd(dir_.filePath("cache"));
            const TokenizedCorpus streamed = loadCorpus(toStd(corpusPath_), streamedOptions);
            QVERIFY(streamed.streamed());
            QVERIFY(streamed.tokens.empty());
            QCOMPARE(streamed.vocabulary.words(), corpus.vocabulary.words());
            QCOMPARE(streamed.tokenCount(), std::uint64_t(ids.size()));
            QCOMPARE(streamed.idFileWords, inVocabulary);
            TokenReader reader(streamed);
            reader.seek(0, streamed.tokenCount());
            std::vector<std::int32_t> read;
            while (!reader.atEnd())
                read.push_back(reader.next());
            QCOMPARE(read, ids);
            // A range in the middle, read in chunks of 2.
            TokenReader small(streamed, 2);
            const std::size_t to = std::min<std::size_t>(8, ids.size());
            small.seek(3, to);
            read.clear();
            while (!small.atEnd())
                read.push_back(small.next());
            QCOMPARE(read, std::vector<std::int32_t>(ids.begin() + 3, ids.begin() + to));
        }

        // Counting alone gives the same vocabulary.
        ReadReport report;
        const Vocabulary counted = countVocabulary(toStd(corpusPath_), options, {}, &report);
        QCOMPARE(counted.words(), corpus.vocabulary.words());
        QCOMPARE(counted.counts(), corpus.vocabulary.counts());
        QCOMPARE(report.tokens, 17u);
    }

    void handCounts() {
        CorpusOptions options;
        options.minCount = 1;
        const Vocabulary vocabulary = countVocabulary(toStd(corpusPath_), options);
        const std::map<std::string, std::uint64_t> expected{{"the", 4}, {"cat", 2}, {"dog", 2},
                                                            {"mat", 2}, {"on", 2},  {"sat", 2},
                                                            {"a", 1},   {"end", 1}, {"zebra", 1}};
        QCOMPARE(vocabulary.size(), 9);
        for (const auto& [word, count] : expected)
            QCOMPARE(vocabulary.count(vocabulary.indexOf(word)), count);
    }

    void noWordReachesMinCount() {
        CorpusOptions options;
        options.minCount = 5;
        const QString expected =
            corpusPath_ +
            ": no word occurs at least 5 times (the corpus has 9 distinct words, the most frequent "
            "occurs 4 times); try a lower min-count";
        QCOMPARE(test::errorMessage([&] { loadCorpus(toStd(corpusPath_), options); }), expected);
        QCOMPARE(test::errorMessage([&] { countVocabulary(toStd(corpusPath_), options); }),
                 expected);
    }

    void fromDevice() {
        QByteArray bytes = kCorpus;
        QBuffer buffer(&bytes);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        CorpusOptions options;
        options.minCount = 2;
        const TokenizedCorpus corpus = loadCorpus(buffer, "embedded corpus", options);
        QCOMPARE(corpus.vocabulary.size(), 6);
        QCOMPARE(corpus.tokens.size(), 18u);
        QCOMPARE(corpus.name, std::string("embedded corpus"));
    }

    void cancelled() {
        std::atomic<bool> cancel{true};
        JobControl control;
        control.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, loadCorpus(toStd(corpusPath_), {}, control));
        QVERIFY_THROWS_EXCEPTION(Cancelled, countVocabulary(toStd(corpusPath_), {}, control));
    }

    void fileErrorsPassThrough() {
        const QString missing = dir_.filePath("missing.txt");
        QCOMPARE(test::errorMessage([&] { loadCorpus(toStd(missing), {}); }),
                 missing + ": no such file");
    }

    // The hash table against std::map: short, 8-, 15-, 16-byte and long words, words that differ
    // only in a trailing NUL, many distinct words (several growths).
    void wordCountsMatchesMap() {
        WordCounts counts;
        std::map<std::string, std::uint64_t> reference;
        std::map<std::string, std::int32_t> firstId;
        std::mt19937_64 random(99);
        const std::vector<std::string> fixed{"",
                                             "a",
                                             std::string("a\0", 2),
                                             "abcdefgh",
                                             "abcdefghi",
                                             "abcdefghijklmno",
                                             "abcdefghijklmnop",
                                             std::string(150, 'L'),
                                             std::string(151, 'L')};
        for (int i = 0; i < 400000; ++i) {
            std::string word;
            if (i % 10 == 0) {
                word = fixed[static_cast<std::size_t>(i / 10) % fixed.size()];
            } else {
                // Zipf-like: small numbers often, so that words repeat and lengths vary.
                const std::uint64_t r = random() % 100000;
                const std::uint64_t k = (r * r) / 100000 + (random() % 3);
                word = "w" + std::to_string(k) + std::string(k % 23, 'x');
            }
            const std::int32_t id = counts.add(word);
            ++reference[word];
            const auto [at, inserted] =
                firstId.emplace(word, static_cast<std::int32_t>(firstId.size()));
            QCOMPARE(id, at->second);  // ids in order of first occurrence
            Q_UNUSED(inserted);
        }
        QCOMPARE(counts.size(), static_cast<std::int32_t>(reference.size()));
        for (const auto& [word, count] : reference) {
            const std::int32_t id = counts.find(word);
            QVERIFY(id >= 0);
            QCOMPARE(std::string(counts.word(id)), word);
            QCOMPARE(counts.count(id), count);
        }
        QCOMPARE(counts.find("never added"), -1);
        QCOMPARE(counts.find(std::string(152, 'L')), -1);
    }

    // A generated corpus counted by the reader (whitespace mode) and by splitting on whitespace.
    void exactCountsOnGeneratedCorpus() {
        std::mt19937 random(2024);
        QByteArray text;
        std::map<std::string, std::uint64_t> reference;
        std::uint64_t tokens = 0;
        const char* separators[] = {" ", " ", " ", "  ", "\n", "\t", "\r\n"};
        while (text.size() < 3'000'000) {
            std::string word;
            const int length = 1 + static_cast<int>(random() % 12);
            for (int i = 0; i < length; ++i)
                word += static_cast<char>('a' + random() % (i < 2 ? 26 : 3));
            text.append(word.data(), static_cast<qsizetype>(word.size()));
            text.append(separators[random() % 7]);
            ++reference[word];
            ++tokens;
        }
        const QString path = writeFile(dir_, "generated.txt", text);
        for (const auto mode : {TokenizeMode::Whitespace, TokenizeMode::Words}) {
            CorpusOptions options;
            options.minCount = 1;
            options.tokenizer.mode = mode;
            ReadReport report;
            const Vocabulary vocabulary = countVocabulary(toStd(path), options, {}, &report);
            QCOMPARE(report.tokens, tokens);
            QCOMPARE(vocabulary.size(), static_cast<std::int32_t>(reference.size()));
            for (const auto& [word, count] : reference)
                QCOMPARE(vocabulary.count(vocabulary.indexOf(word)), count);
            for (int i = 1; i < vocabulary.size(); ++i)
                QVERIFY(vocabulary.count(i - 1) > vocabulary.count(i) ||
                        (vocabulary.count(i - 1) == vocabulary.count(i) &&
                         vocabulary.word(i - 1) < vocabulary.word(i)));
        }
    }
};

EMBEDSCOPE_TEST_MAIN(TestTokenizedCorpus)
#include "tst_tokenizedcorpus.moc"
