// What loaders accept as a word (WordValidation.h): UTF-8 validity by Unicode's table 3-7, the
// NUL and length rules, message quoting that keeps messages one valid UTF-8 line, and byte order
// marks of other encodings.
#include <QtTest>

#include <string>

#include "WordValidation.h"
#include "testutil.h"

using namespace embedscope;

class TestWordValidation : public QObject {
    Q_OBJECT

private slots:
    void firstInvalidUtf8_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("invalidAt");  // -1: valid
        QTest::newRow("ascii") << QByteArray("word") << -1;
        QTest::newRow("empty") << QByteArray() << -1;
        QTest::newRow("two-byte") << QByteArray("caf\xC3\xA9") << -1;
        QTest::newRow("three-byte") << QByteArray("\xE2\x82\xAC") << -1;
        QTest::newRow("four-byte") << QByteArray("a\xF0\x9F\x98\x80") << -1;
        QTest::newRow("latin-1") << QByteArray("caf\xE9") << 3;
        QTest::newRow("lone continuation") << QByteArray("a\x80") << 1;
        QTest::newRow("overlong two-byte") << QByteArray("\xC0\xAF") << 0;
        QTest::newRow("overlong three-byte") << QByteArray("\xE0\x80\xAF") << 0;
        QTest::newRow("surrogate") << QByteArray("x\xED\xA0\x80") << 1;
        QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << 0;
        QTest::newRow("truncated at end") << QByteArray("ab\xE2\x82") << 2;
        QTest::newRow("bad second continuation") << QByteArray("\xE2\x82z") << 0;
        QTest::newRow("FF") << QByteArray("\xFF\xFE") << 0;
    }
    void firstInvalidUtf8() {
        QFETCH(QByteArray, text);
        QFETCH(int, invalidAt);
        const std::size_t at =
            embedscope::firstInvalidUtf8(std::string_view(text.constData(), text.size()));
        QCOMPARE(at == std::string_view::npos ? -1 : int(at), invalidAt);
    }

    void wordProblem_data() {
        QTest::addColumn<QByteArray>("word");
        QTest::addColumn<QString>("problem");  // empty: accepted
        QTest::newRow("plain") << QByteArray("hello") << QString();
        QTest::newRow("unicode") << QByteArray("\xD0\xBC\xD0\xB8\xD1\x80") << QString();
        QTest::newRow("at the limit") << QByteArray(int(kMaxWordBytes), 'x') << QString();
        QTest::newRow("over the limit")
            << QByteArray(int(kMaxWordBytes) + 1, 'x') << QStringLiteral("above the limit");
        QTest::newRow("NUL") << QByteArray("be\0ta", 5) << QStringLiteral("NUL byte at its byte 3");
        QTest::newRow("latin-1") << QByteArray("na\xEFve")
                                 << QStringLiteral("not UTF-8 (invalid byte 3");
    }
    void wordProblem() {
        QFETCH(QByteArray, word);
        QFETCH(QString, problem);
        const QString found = QString::fromStdString(
            embedscope::wordProblem(std::string_view(word.constData(), word.size())));
        if (problem.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found));
        else
            QVERIFY2(found.contains(problem), qPrintable(found));
    }

    void quoteWord_data() {
        QTest::addColumn<QByteArray>("word");
        QTest::addColumn<QByteArray>("quoted");
        QTest::newRow("plain") << QByteArray("cat") << QByteArray("'cat'");
        QTest::newRow("controls") << QByteArray("a\tb\nc\x01", 6) << QByteArray("'a\\tb\\nc\\x01'");
        QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("'a\\x00b'");
        QTest::newRow("valid UTF-8 kept")
            << QByteArray("caf\xC3\xA9") << QByteArray("'caf\xC3\xA9'");
        QTest::newRow("invalid bytes escaped")
            << QByteArray("caf\xE9 \xFF\xFE") << QByteArray("'caf\\xe9 \\xff\\xfe'");
        QTest::newRow("truncated sequence escaped")
            << QByteArray("a\xE2\x82") << QByteArray("'a\\xe2\\x82'");
        // 59 ASCII bytes and a 3-byte character across the 60-byte mark: kept whole.
        QTest::newRow("long, cut at a character") << QByteArray(59, 'x') + "\xE2\x82\xAC" + "tail"
                                                  << "'" + QByteArray(59, 'x') + "\xE2\x82\xAC...'";
    }
    void quoteWord() {
        QFETCH(QByteArray, word);
        QFETCH(QByteArray, quoted);
        const std::string result =
            embedscope::quoteWord(std::string_view(word.constData(), word.size()));
        QCOMPARE(QByteArray::fromStdString(result), quoted);
        QCOMPARE(embedscope::firstInvalidUtf8(result), std::string_view::npos);
    }

    void foreignByteOrderMark_data() {
        QTest::addColumn<QByteArray>("start");
        QTest::addColumn<QString>("encoding");
        QTest::newRow("UTF-16 LE") << QByteArray("\xFF\xFEh\0", 4) << "UTF-16 little-endian";
        QTest::newRow("UTF-16 BE") << QByteArray("\xFE\xFF\0h", 4) << "UTF-16 big-endian";
        QTest::newRow("UTF-32 LE") << QByteArray("\xFF\xFE\0\0", 4) << "UTF-32 little-endian";
        QTest::newRow("UTF-32 BE") << QByteArray("\0\0\xFE\xFF", 4) << "UTF-32 big-endian";
        QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBFw") << QString();
        QTest::newRow("text") << QByteArray("word") << QString();
        QTest::newRow("one byte") << QByteArray("\xFF") << QString();
    }
    void foreignByteOrderMark() {
        QFETCH(QByteArray, start);
        QFETCH(QString, encoding);
        const char* found =
            embedscope::foreignByteOrderMark(std::string_view(start.constData(), start.size()));
        QCOMPARE(found ? QString::fromLatin1(found) : QString(), encoding);
    }
};

EMBEDSCOPE_TEST_MAIN(TestWordValidation)
#include "tst_wordvalidation.moc"
