// The vocabulary pass on several threads gives exactly the counts of one tokenizer reading the
// corpus in order, and its min_reduce pruning keeps the table under its cap by word2vec's rule.
#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "CorpusReader.h"
#include "Error.h"
#include "TokenizedCorpus.h"
#include "WordCountPass.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;

namespace {

// The tokens of one tokenizer over the files, in order: the reference.
struct Recorder : TokenSink {
    std::vector<std::string> tokens;
    void onToken(std::string_view word) override { tokens.emplace_back(word); }
    void onSentenceEnd() override {}
};

std::map<std::string, std::uint64_t> countsOf(const WordCounts& counts) {
    std::map<std::string, std::uint64_t> result;
    for (std::int32_t id = 0; id < counts.size(); ++id)
        result.emplace(std::string(counts.word(id)), counts.count(id));
    return result;
}

// Text that tests every way a chunk can be cut: lines of many lengths, a 1.5 MB line (cut at a
// space), composed and decomposed é (one word after NFC), capitals, Greek with a final sigma,
// apostrophes and hyphens, numbers with separators, tokens over 100 bytes, CRLF.
QByteArray mixedText(unsigned seed) {
    std::mt19937 generator(seed);
    const char* const words[] = {"the",
                                 "Of",
                                 "caf\xC3\xA9",
                                 "cafe\xCC\x81",
                                 "don't",
                                 "well-known",
                                 "3.14",
                                 "1,000",
                                 "\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3",
                                 "Stra\xC3\x9F"
                                 "e",
                                 "word",
                                 "x"};
    QByteArray text;
    for (int line = 0; line < 60000; ++line) {
        const int length = static_cast<int>(generator() % 30);
        for (int i = 0; i < length; ++i) {
            if (generator() % 7 == 0)
                text += "w" + QByteArray::number(static_cast<int>(generator() % 5000));
            else
                text += words[generator() % (sizeof words / sizeof *words)];
            text += generator() % 11 == 0 ? ", " : " ";
        }
        text += line % 97 == 0 ? "\r\n" : "\n";
        if (line == 30000) {
            for (int i = 0; i < 150000; ++i)
                text += "long" + QByteArray::number(i % 300) + " ";
            text += QByteArray(300, 'y') + "\n";
        }
    }
    return text;
}

// word2vec's ReduceVocab rule, applied after every new word, on the reference token sequence.
std::map<std::string, std::uint64_t> prunedReference(const std::vector<std::string>& tokens,
                                                     std::size_t cap, std::uint64_t& rounds) {
    std::unordered_map<std::string, std::uint64_t> counts;
    std::uint64_t reduce = 1;
    rounds = 0;
    for (const std::string& token : tokens) {
        if (++counts[token] == 1 && counts.size() > cap) {
            for (auto it = counts.begin(); it != counts.end();)
                it = it->second <= reduce ? counts.erase(it) : std::next(it);
            ++reduce;
            ++rounds;
        }
    }
    return {counts.begin(), counts.end()};
}

}  // namespace

class TestWordCountPass : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void threadsGiveTheSequentialCounts_data() {
        QTest::addColumn<bool>("normalize");
        QTest::addColumn<bool>("whitespaceMode");
        QTest::newRow("words, NFC") << true << false;
        QTest::newRow("words, bytes as they are") << false << false;
        QTest::newRow("whitespace") << true << true;
    }
    void threadsGiveTheSequentialCounts() {
        QFETCH(bool, normalize);
        QFETCH(bool, whitespaceMode);
        static int fileNumber = 0;
        const QString path =
            test::writeFile(dir_, QStringLiteral("mixed%1.txt").arg(++fileNumber), mixedText(11));
        QVERIFY(QFileInfo(path).size() > 3 * (1 << 20));  // several chunks
        TokenizerOptions options;
        options.normalize = normalize;
        if (whitespaceMode)
            options.mode = TokenizeMode::Whitespace;
        Recorder recorder;
        const ReadReport sequential = readCorpus(toStd(path), options, recorder);
        std::map<std::string, std::uint64_t> expected;
        for (const std::string& token : recorder.tokens)
            ++expected[token];
        if (normalize && !whitespaceMode)
            QCOMPARE(expected.count("caf\xC3\xA9"), 1u);

        for (unsigned threads : {1u, 2u, 3u}) {
            WordCountOptions countOptions;
            countOptions.threads = threads;
            const WordCountResult result = countCorpusWords({toStd(path)}, options, countOptions);
            QCOMPARE(countsOf(result.counts), expected);
            QCOMPARE(result.report.tokens, sequential.tokens);
            QCOMPARE(result.report.sentences, sequential.sentences);
            QCOMPARE(result.report.bytes, sequential.bytes);
            QCOMPARE(result.report.truncatedTokens, sequential.truncatedTokens);
            QCOMPARE(result.report.pruneRounds, 0u);
        }

        // And so the vocabulary, as countVocabulary builds it.
        CorpusOptions one, two;
        one.tokenizer = two.tokenizer = options;
        one.counting.threads = 1;
        two.counting.threads = 2;
        const Vocabulary a = countVocabulary(toStd(path), one);
        const Vocabulary b = countVocabulary(toStd(path), two);
        QCOMPARE(a.words(), b.words());
        QCOMPARE(a.counts(), b.counts());
        QCOMPARE(a.corpusTokens(), b.corpusTokens());
    }

    void encodingErrorsAsTheReader() {
        // Latin-1 after a megabyte of ASCII: the judgement spans chunks on different threads.
        QByteArray text;
        while (text.size() < (3 << 19))
            text += "plain ascii words on a line\n";
        text += "caf\xE9 na\xEFve r\xE9sum\xE9 \xE9t\xE9 d\xE9j\xE0\n";
        const QString path = test::writeFile(dir_, "latin1.txt", text);
        Recorder recorder;
        const QString expected = test::errorMessage([&] { readCorpus(toStd(path), {}, recorder); });
        QVERIFY2(expected.contains("Latin-1"), qPrintable(expected));
        WordCountOptions countOptions;
        countOptions.threads = 2;
        QCOMPARE(test::errorMessage([&] { countCorpusWords({toStd(path)}, {}, countOptions); }),
                 expected);
    }

    void pruningFollowsWord2vecsRule() {
        // Frequent words on every line and a long tail of words seen once or twice.
        QByteArray text;
        std::mt19937 generator(5);
        for (int line = 0; line < 3000; ++line) {
            text += "the of and";
            for (int i = 0; i < 6; ++i)
                text += " rare" + QByteArray::number(static_cast<int>(generator() % 20000));
            text += "\n";
        }
        const QString path = test::writeFile(dir_, "tail.txt", text);
        Recorder recorder;
        readCorpus(toStd(path), {}, recorder);
        std::map<std::string, std::uint64_t> truth;
        for (const std::string& token : recorder.tokens)
            ++truth[token];
        constexpr std::size_t kCap = 500;
        QVERIFY(truth.size() > 10 * kCap);

        // One thread: exactly the rule, applied in corpus order.
        std::uint64_t rounds = 0;
        const auto expected = prunedReference(recorder.tokens, kCap, rounds);
        WordCountOptions countOptions;
        countOptions.threads = 1;
        countOptions.cap = kCap;
        const WordCountResult one = countCorpusWords({toStd(path)}, {}, countOptions);
        QCOMPARE(countsOf(one.counts), expected);
        QVERIFY(rounds > 0);
        QCOMPARE(one.report.pruneRounds, rounds);
        QVERIFY2(QString::fromStdString(one.report.warning).contains("dropped rare words"),
                 one.report.warning.c_str());
        // The frequent words are never dropped: counted exactly.
        for (const char* word : {"the", "of", "and"})
            QCOMPARE(one.counts.count(one.counts.find(word)), truth[word]);

        // Two threads: the table stays under the cap, the frequent words are exact.
        countOptions.threads = 2;
        const WordCountResult two = countCorpusWords({toStd(path)}, {}, countOptions);
        QVERIFY(static_cast<std::size_t>(two.counts.size()) <= kCap);
        QVERIFY(two.report.pruneRounds > 0);
        for (const char* word : {"the", "of", "and"})
            QCOMPARE(two.counts.count(two.counts.find(word)), truth[word]);

        // No cap, or a cap above the distinct words: nothing pruned, no warning.
        countOptions.cap = 0;
        const WordCountResult whole = countCorpusWords({toStd(path)}, {}, countOptions);
        QCOMPARE(countsOf(whole.counts), truth);
        QVERIFY(whole.report.warning.empty());
    }

    void pruneKeepsIdsInOrder() {
        WordCounts counts;
        const std::string longWord(40, 'z');
        for (const std::string& word :
             {std::string("a"), longWord, std::string("b"), std::string("a"), longWord,
              std::string("c"), std::string("a")})
            counts.add(word);
        QCOMPARE(counts.prune(1), 2u);  // b and c
        QCOMPARE(counts.size(), 2);
        QCOMPARE(counts.word(0), std::string_view("a"));
        QCOMPARE(counts.word(1), std::string_view(longWord));
        QCOMPARE(counts.count(0), 3u);
        QCOMPARE(counts.find("b"), -1);
        QCOMPARE(counts.add("b"), 2);
        counts.add(longWord, 5);
        QCOMPARE(counts.count(1), 7u);
    }
};

EMBEDSCOPE_TEST_MAIN(TestWordCountPass)
#include "tst_wordcountpass.moc"
