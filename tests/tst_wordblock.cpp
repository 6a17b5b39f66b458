// The word list layout the session file and the vector cache share (core/WordBlock.h): the exact
// bytes written, a round trip with awkward words, and every way a block can be wrong, with the
// offset of the problem.
#include <QtTest>

#include "WordBlock.h"
#include "testutil.h"

using namespace embedscope;

class TestWordBlock : public QObject {
    Q_OBJECT

private slots:
    // Little-endian lengths whatever the machine, then the bytes, nothing between.
    void exactBytes() {
        std::string out;
        appendWordBlock(out, {"ab", "", "\xC3\xA9"});
        const std::string expected(
            "\x02\x00\x00\x00"
            "ab"
            "\x00\x00\x00\x00"
            "\x02\x00\x00\x00"
            "\xC3\xA9",
            16);
        QCOMPARE(QByteArray::fromStdString(out), QByteArray::fromStdString(expected));
        QCOMPARE(wordBlockBytes({"ab", "", "\xC3\xA9"}), std::uint64_t(16));
    }

    void roundTrip() {
        const std::vector<std::string> words = {"a", std::string("n\0ul", 4), "", "x y\nz",
                                                std::string(70000, 'w')};
        std::string out = "prefix";
        appendWordBlock(out, words);
        QCOMPARE(out.size(), 6 + wordBlockBytes(words));
        std::vector<std::string> back;
        WordBlockProblem problem;
        QVERIFY(parseWordBlock(out.data() + 6, out.size() - 6, words.size(), back, problem));
        QVERIFY(back == words);
    }

    void damaged_data() {
        QTest::addColumn<int>("cut");            // bytes removed from the end (-n: n added)
        QTest::addColumn<int>("rows");           // words asked for
        QTest::addColumn<qulonglong>("offset");  // of the problem in the block
        QTest::addColumn<QString>("what");
        // The block of {"ab", "cde"}: 4 + 2 + 4 + 3 = 13 bytes.
        QTest::newRow("fewer words") << 0 << 3 << 13ull << "ends after 2 of 3 words";
        QTest::newRow("cut in a length") << 11 << 2 << 0ull << "ends after 0 of 2 words";
        QTest::newRow("cut in a word")
            << 1 << 2 << 6ull << "has a word of 3 bytes that runs past its end";
        QTest::newRow("bytes after") << -2 << 2 << 13ull << "has 2 bytes after its 2 words";
        QTest::newRow("fewer asked") << 0 << 1 << 6ull << "has 7 bytes after its 1 words";
    }
    void damaged() {
        QFETCH(int, cut);
        QFETCH(int, rows);
        QFETCH(qulonglong, offset);
        QFETCH(QString, what);
        std::string block;
        appendWordBlock(block, {"ab", "cde"});
        if (cut >= 0)
            block.resize(block.size() - static_cast<std::size_t>(cut));
        else
            block.append(static_cast<std::size_t>(-cut), 'x');
        std::vector<std::string> words;
        WordBlockProblem problem;
        QVERIFY(!parseWordBlock(block.data(), block.size(), static_cast<std::uint64_t>(rows), words,
                                problem));
        QCOMPARE(problem.offset, std::uint64_t(offset));
        QCOMPARE(QString::fromStdString(problem.what), what);
    }
};

EMBEDSCOPE_TEST_MAIN(TestWordBlock)
#include "tst_wordblock.moc"
