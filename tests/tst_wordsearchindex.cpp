// WordSearchIndex: the folded-text index behind the search box finds exactly the words that
// QString::contains(pattern, Qt::CaseInsensitive) finds, also for non-ASCII words and patterns,
// matches at word boundaries, and after the word list changes.
#include <QtTest>

#include <random>
#include <vector>

#include "WordHighlight.h"
#include "WordSearchIndex.h"
#include "testutil.h"

using embedscope::WordHighlight;
using embedscope::WordSearchIndex;

namespace {

std::vector<int> indexMatches(const WordSearchIndex& index, const QString& pattern) {
    std::vector<int> found;
    index.forEachMatch(pattern, [&](int i) { found.push_back(i); });
    return found;
}

std::vector<int> bruteForceMatches(const QStringList& words, const QString& pattern) {
    std::vector<int> found;
    if (pattern.isEmpty())
        return found;
    for (int i = 0; i < words.size(); ++i)
        if (words[i].contains(pattern, Qt::CaseInsensitive))
            found.push_back(i);
    return found;
}

// Words over a small alphabet with upper case, accents, Greek final sigma, German sharp s and a
// character outside the BMP, so that random patterns hit often and across every folding rule.
QStringList randomWords(int count, std::mt19937& rng) {
    const QStringList letters = {"a", "A", "b", "é", "É", "σ", "Σ", "ς",
                                 "ß", "ö", "Ö", "я", "Я", "😀", "-", "1"};
    std::uniform_int_distribution<int> length(1, 7);
    std::uniform_int_distribution<int> letter(0, int(letters.size()) - 1);
    QStringList words;
    for (int i = 0; i < count; ++i) {
        QString word;
        const int n = length(rng);
        for (int j = 0; j < n; ++j)
            word += letters[letter(rng)];
        words.append(word);
    }
    return words;
}

}  // namespace

class TestWordSearchIndex : public QObject {
    Q_OBJECT
private slots:
    void agreesWithContainsOnRandomWords();
    void matchesAtWordStartsAndEnds();
    void rebuildsWhenTheWordsChange();
    void highlightUsesTheSameMatches();
};

void TestWordSearchIndex::agreesWithContainsOnRandomWords() {
    std::mt19937 rng(7);
    const QStringList words = randomWords(3000, rng);
    WordSearchIndex index;
    index.setWords(words);
    QCOMPARE(index.size(), int(words.size()));
    int patternsWithMatches = 0;
    for (int trial = 0; trial < 300; ++trial) {
        // Patterns are pieces of words (so most match), upper-cased half of the time. They are
        // cut at characters, not UTF-16 units: nobody types half a surrogate pair.
        const QList<uint> source = words[trial * 7 % words.size()].toUcs4();
        const int from = trial % int(source.size());
        const QList<uint> piece = source.mid(from, 1 + trial % 3);
        QString pattern =
            QString::fromUcs4(reinterpret_cast<const char32_t*>(piece.constData()), piece.size());
        if (trial % 2)
            pattern = pattern.toUpper();
        const std::vector<int> expected = bruteForceMatches(words, pattern);
        patternsWithMatches += expected.empty() ? 0 : 1;
        QCOMPARE(indexMatches(index, pattern), expected);
    }
    QVERIFY(patternsWithMatches > 250);
    QVERIFY(indexMatches(index, QString()).empty());
}

void TestWordSearchIndex::matchesAtWordStartsAndEnds() {
    const QStringList words = {"ab", "ba", "Abba", "b", "a"};
    WordSearchIndex index;
    index.setWords(words);
    // "ab" must not match across the end of "ba" and the start of "Abba".
    QCOMPARE(indexMatches(index, "ab"), (std::vector<int>{0, 2}));
    QCOMPARE(indexMatches(index, "a"), (std::vector<int>{0, 1, 2, 4}));
    QCOMPARE(indexMatches(index, "B"), (std::vector<int>{0, 1, 2, 3}));
    QCOMPARE(indexMatches(index, "aa"), std::vector<int>{});
    QCOMPARE(indexMatches(index, "abbab"), std::vector<int>{});
}

void TestWordSearchIndex::rebuildsWhenTheWordsChange() {
    QStringList words = {"apple", "pear"};
    WordSearchIndex index;
    index.setWords(words);
    QCOMPARE(indexMatches(index, "pe"), std::vector<int>{1});
    // Same size, different contents: the list detaches from the index's copy and is rebuilt.
    words[0] = QStringLiteral("peach");
    index.setWords(words);
    QCOMPARE(indexMatches(index, "pe"), (std::vector<int>{0, 1}));
    index.setWords(QStringList{});
    QCOMPARE(index.size(), 0);
    QVERIFY(indexMatches(index, "pe").empty());
}

void TestWordSearchIndex::highlightUsesTheSameMatches() {
    std::mt19937 rng(11);
    const QStringList words = randomWords(500, rng);
    WordHighlight highlight;
    highlight.update(words, QStringLiteral("Σa"), false);
    const std::vector<int> expected = bruteForceMatches(words, QStringLiteral("Σa"));
    QVERIFY(!expected.empty());
    QCOMPARE(highlight.indices(), expected);
    for (int i = 0; i < words.size(); ++i)
        QCOMPARE(highlight.matches(i),
                 words[i].contains(QStringLiteral("Σa"), Qt::CaseInsensitive));
    // Cleared, the search lets go of the words it indexed (millions of strings for a big file).
    QCOMPARE(highlight.indexedWords().size(), words.size());
    highlight.update(words, QString(), false);
    QVERIFY(highlight.indexedWords().isEmpty());
}

EMBEDSCOPE_TEST_MAIN(TestWordSearchIndex)
#include "tst_wordsearchindex.moc"
