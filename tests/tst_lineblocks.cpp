// LineBlocks: a worker's token range cut into blocks of whole lines, each visited once per epoch,
// in file order or in a reproducible random order.
#include <QtTest>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "LineBlocks.h"
#include "Random.h"
#include "TokenReader.h"
#include "TokenizedCorpus.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// Lines of the given lengths (in words), each followed by kSentenceEnd; word ids count up.
std::vector<std::int32_t> linesOf(const std::vector<int>& lengths) {
    std::vector<std::int32_t> tokens;
    std::int32_t next = 0;
    for (int length : lengths) {
        for (int i = 0; i < length; ++i)
            tokens.push_back(next++);
        tokens.push_back(kSentenceEnd);
    }
    return tokens;
}

// The blocks in visiting order.
std::vector<std::pair<std::size_t, std::size_t>> visits(const LineBlocks& blocks) {
    std::vector<std::pair<std::size_t, std::size_t>> result;
    for (std::size_t i = 0; i < blocks.size(); ++i)
        result.push_back(blocks.block(i));
    return result;
}

}  // namespace

class TestLineBlocks : public QObject {
    Q_OBJECT

private slots:
    // Sorted by start, the blocks tile [begin, end) exactly; every cut falls just after a
    // sentence end; every block but the last has at least kMinBlockTokens tokens.
    void blocksAreWholeLinesCoveringTheRange() {
        std::vector<int> lengths;
        for (int i = 0; i < 300; ++i)
            lengths.push_back(1 + (i * 37) % 60);  // 1 to 60 words
        lengths[100] = 500;                        // longer than a block
        const auto tokens = linesOf(lengths);
        const std::size_t begin = 0, end = tokens.size();
        const LineBlocks blocks(tokens, begin, end);
        auto sorted = visits(blocks);
        QVERIFY(sorted.size() > 10);
        std::sort(sorted.begin(), sorted.end());
        std::size_t expected = begin;
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            const auto [first, last] = sorted[i];
            QCOMPARE(first, expected);
            QVERIFY(last > first);
            QCOMPARE(tokens[last - 1], kSentenceEnd);
            if (i + 1 < sorted.size())
                QVERIFY(last - first >= LineBlocks::kMinBlockTokens);
            expected = last;
        }
        QCOMPARE(expected, end);
        // Before any shuffle the blocks come in file order.
        QVERIFY(visits(blocks) == sorted);
    }

    // A sub-range (a worker's shard) is cut within its bounds; an empty range has no block.
    void respectsTheRange() {
        const auto tokens = linesOf(std::vector<int>(100, 9));  // 10 tokens a line
        const std::size_t begin = 200, end = 700;
        const LineBlocks blocks(tokens, begin, end);
        QCOMPARE(blocks.size(), std::size_t(5));
        QCOMPARE(blocks.block(0).first, begin);
        QCOMPARE(blocks.block(4).second, end);
        QCOMPARE(LineBlocks(tokens, 300, 300).size(), std::size_t(0));
        // Fewer tokens than one block: a single block.
        QCOMPARE(LineBlocks(tokens, 0, 30).size(), std::size_t(1));
    }

    // A shuffle is a permutation: the same blocks, each once, in another order; the same seed
    // gives the same order, another seed (almost surely) another one.
    void shuffleIsAReproduciblePermutation() {
        const auto tokens = linesOf(std::vector<int>(400, 99));  // one line, one block
        LineBlocks first(tokens, 0, tokens.size());
        LineBlocks second(tokens, 0, tokens.size());
        LineBlocks third(tokens, 0, tokens.size());
        QCOMPARE(first.size(), std::size_t(400));
        const auto fileOrder = visits(first);
        SplitMix64 rng(5), sameSeed(5), otherSeed(6);
        first.shuffle(rng);
        second.shuffle(sameSeed);
        third.shuffle(otherSeed);
        const auto shuffled = visits(first);
        QVERIFY(shuffled != fileOrder);
        QVERIFY(visits(second) == shuffled);
        QVERIFY(visits(third) != shuffled);
        auto sorted = shuffled;
        std::sort(sorted.begin(), sorted.end());
        QVERIFY(sorted == fileOrder);
        // The next epoch's order differs from this one's.
        first.shuffle(rng);
        QVERIFY(visits(first) != shuffled);
        // Uniform: over many shuffles, block 0 lands in the first half of the order about half of
        // the time.
        int inFirstHalf = 0;
        const int trials = 4000;
        for (int t = 0; t < trials; ++t) {
            first.shuffle(rng);
            for (std::size_t i = 0; i < first.size() / 2; ++i)
                inFirstHalf += first.block(i).first == 0;
        }
        QVERIFY2(inFirstHalf > trials * 45 / 100 && inFirstHalf < trials * 55 / 100,
                 qPrintable(QString::number(inFirstHalf)));
    }

    // Through a TokenReader (how a streamed corpus is cut) the blocks are the ones the id vector
    // gives at the same minimum, and larger minimums give fewer, longer blocks of whole lines.
    void readerGivesTheSameBlocks() {
        TokenizedCorpus corpus;
        corpus.tokens = linesOf({30, 80, 5, 120, 7, 7, 300, 1, 60});
        const std::size_t size = corpus.tokens.size();
        TokenReader reader(corpus);
        QCOMPARE(visits(LineBlocks(reader, 31, size, LineBlocks::kMinBlockTokens)),
                 visits(LineBlocks(corpus.tokens, 31, size)));
        const LineBlocks large(reader, 0, size, 250);
        QVERIFY(large.size() < LineBlocks(corpus.tokens, 0, size).size());
        std::size_t expectedStart = 0;
        for (std::size_t i = 0; i < large.size(); ++i) {
            const auto [begin, end] = large.block(i);
            QCOMPARE(begin, expectedStart);
            QVERIFY(end == size || (end - begin >= 250 && corpus.tokens[end - 1] == kSentenceEnd));
            expectedStart = end;
        }
        QCOMPARE(expectedStart, size);
    }
};

EMBEDSCOPE_TEST_MAIN(TestLineBlocks)
#include "tst_lineblocks.moc"
