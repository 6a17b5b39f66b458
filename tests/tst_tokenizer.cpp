// The tokenizer on text in memory: splitting, Unicode lowercasing (final sigma included) and NFC
// normalisation, joiners, numbers, whitespace mode, sentence ends, invalid UTF-8, the token cap and
// independence from how the text is cut into pieces.
#include <random>
#include <string>
#include <vector>

#include "Error.h"
#include "Tokenizer.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// Sentences joined by " | ", words by " ".
QString render(const std::vector<std::vector<std::string>>& sentences) {
    QStringList lines;
    for (const auto& sentence : sentences) {
        QStringList words;
        for (const auto& word : sentence)
            words << QString::fromStdString(word);
        lines << words.join(u' ');
    }
    return lines.join(QStringLiteral(" | "));
}

QString tokenize(const QByteArray& text, const TokenizerOptions& options = {}) {
    return render(tokenizeText(std::string_view(text.constData(), text.size()), options));
}

struct Recorder : TokenSink {
    std::vector<std::string> events;  // words, and "<eos>" for sentence ends
    void onToken(std::string_view word) override { events.emplace_back(word); }
    void onSentenceEnd() override { events.emplace_back("<eos>"); }
};

// Feeds text in pieces of 1-7 bytes, each ending at a character boundary, then finishes.
void feedInPieces(Tokenizer& tokenizer, const QByteArray& text, std::mt19937& random) {
    const auto size = static_cast<std::size_t>(text.size());
    for (std::size_t at = 0; at < size;) {
        std::size_t next = std::min<std::size_t>(size, at + 1 + random() % 7);
        while (next < size &&
               (static_cast<unsigned char>(text[static_cast<qsizetype>(next)]) & 0xC0) == 0x80)
            ++next;
        tokenizer.feed(text.constData() + at, next - at, at);
        at = next;
    }
    tokenizer.finish();
}

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private slots:
    void words_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("lowercase");
        QTest::addColumn<bool>("apostrophes");
        QTest::addColumn<bool>("hyphens");
        QTest::addColumn<bool>("digits");
        QTest::addColumn<QString>("expected");

        QTest::newRow("unicode lowercase")
            << QByteArray("Straße МОСКВА Ärger ÉTÉ") << true << true << true << false
            << QString::fromUtf8("straße москва ärger été");
        QTest::newRow("no lowercase") << QByteArray("Straße МОСКВА Hello") << false << true << true
                                      << false << QString::fromUtf8("Straße МОСКВА Hello");
        QTest::newRow("ascii punctuation")
            << QByteArray("Hello, world! (How) are \"you\"? a;b:c/d") << true << true << true
            << false << QStringLiteral("hello world how are you a b c d");
        QTest::newRow("unicode punctuation")
            << QByteArray("«Привет» — мир… ¡Hola! “quoted”") << true << true << true << false
            << QString::fromUtf8("привет мир hola quoted");
        QTest::newRow("apostrophes kept")
            << QByteArray("Don't 'quoted' dogs' rock'n'roll it’s a''b") << true << true << true
            << false << QString::fromUtf8("don't quoted dogs rock'n'roll it’s a b");
        QTest::newRow("apostrophes split") << QByteArray("Don't it’s") << true << false << true
                                           << false << QStringLiteral("don t it s");
        QTest::newRow("hyphens kept")
            << QByteArray("well-known covid-19 a--b -x y- e‐mail") << true << true << true << false
            << QString::fromUtf8("well-known covid-19 a b x y e‐mail");
        QTest::newRow("hyphens split") << QByteArray("well-known covid-19") << true << true << false
                                       << false << QStringLiteral("well known covid 19");
        QTest::newRow("numbers kept")
            << QByteArray("pi is 3.14, 1,000 or 42. v3.x 1..2") << true << true << true << false
            << QStringLiteral("pi is 3.14 1,000 or 42 v3 x 1 2");
        QTest::newRow("digits to token")
            << QByteArray("pi is 3.14, 1,000 or 42. v3 covid-19 1990s") << true << true << true
            << true << QStringLiteral("pi is <num> <num> or <num> v3 covid-19 1990s");
        // A mark is a word character (and NFC composes e + U+0301); x² stays: NFC, not NFKC.
        QTest::newRow("letters digits marks")
            << QByteArray("cafe\xCC\x81 東京 タワー x²") << true << true << true << false
            << QString::fromUtf8("caf\xC3\xA9 東京 タワー x²");
        QTest::newRow("unicode spaces")
            << QByteArray(
                   "a\xC2\xA0"
                   "b\xE2\x80\x83"
                   "c\xE3\x80\x80"
                   "d\xE2\x80\x8B"
                   "e\xEF\xBB\xBF"
                   "f")
            << true << true << true << false << QStringLiteral("a b c d e f");
        QTest::newRow("soft hyphen is invisible") << QByteArray("co\xC2\xADoperate") << true << true
                                                  << true << false << QStringLiteral("cooperate");
        QTest::newRow("symbols split") << QByteArray("I ❤ NY, 5€ a+b=c") << true << true << true
                                       << false << QStringLiteral("i ny 5 a b c");
        QTest::newRow("ascii whitespace") << QByteArray("a\tb\vc\fd\re  f") << true << true << true
                                          << false << QStringLiteral("a b c d e f");
        QTest::newRow("mixed case ascii") << QByteArray("ABC123 McDonald") << true << true << true
                                          << false << QStringLiteral("abc123 mcdonald");
    }

    void words() {
        QFETCH(QByteArray, text);
        QFETCH(bool, lowercase);
        QFETCH(bool, apostrophes);
        QFETCH(bool, hyphens);
        QFETCH(bool, digits);
        QFETCH(QString, expected);
        TokenizerOptions options;
        options.lowercase = lowercase;
        options.keepApostrophes = apostrophes;
        options.keepHyphens = hyphens;
        options.digitsToToken = digits;
        QCOMPARE(tokenize(text, options), expected);
    }

    // Full Unicode lowercasing with the final sigma (Σ -> ς when a cased letter precedes it and
    // none follows it, skipping case-ignorable characters such as marks and apostrophes, within
    // the token), then NFC; expected as bytes, so that composed and decomposed forms differ.
    void unicodeWords_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("lowercase");
        QTest::addColumn<bool>("normalize");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("final sigma at word end")
            << QByteArray("ΣΊΣΥΦΟΣ ΟΔΟΣ, ΟΔΟΣ") << true << true << QByteArray("σίσυφος οδος οδος");
        QTest::newRow("sigma inside a word")
            << QByteArray("ΑΣΑ ΣΑ") << true << true << QByteArray("ασα σα");
        QTest::newRow("lone sigma")
            << QByteArray("Σ Σ. ΣΣ") << true << true << QByteArray("σ σ σς");
        QTest::newRow("mixed case word")
            << QByteArray("Σίσυφος ΟδόΣ") << true << true << QByteArray("σίσυφος οδός");
        QTest::newRow("sigma then a mark is final")
            << QByteArray("ΟΔΟΣ\xCC\x81") << true << true << QByteArray("οδος\xCC\x81");
        QTest::newRow("sigma, apostrophe, letter is not final")
            << QByteArray("ΟΔΟΣ'Α ΟΔΟΣ’Α") << true << true << QByteArray("οδοσ'α οδοσ’α");
        QTest::newRow("sigma before a hyphen is final")
            << QByteArray("ΟΔΟΣ-ΑΒ") << true << true << QByteArray("οδος-αβ");
        QTest::newRow("lowercase σ is left as it is")
            << QByteArray("σίσυφοσ") << true << true << QByteArray("σίσυφοσ");
        QTest::newRow("no lowercase keeps Σ")
            << QByteArray("ΟΔΟΣ") << false << true << QByteArray("ΟΔΟΣ");
        QTest::newRow("nfc composes") << QByteArray("cafe\xCC\x81 caf\xC3\xA9 CAFE\xCC\x81") << true
                                      << true << QByteArray("caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9");
        QTest::newRow("nfc without lowercase")
            << QByteArray("Cafe\xCC\x81") << false << true << QByteArray("Caf\xC3\xA9");
        QTest::newRow("nfc orders marks") << QByteArray("a\xCC\x87\xCC\xA3") << true << true
                                          << QByteArray("\xE1\xBA\xA1\xCC\x87");  // ạ + U+0307
        QTest::newRow("nfc hangul jamo") << QByteArray("\xE1\x84\x80\xE1\x85\xA1") << true << true
                                         << QByteArray("\xEA\xB0\x80");  // 가
        QTest::newRow("keep bytes")
            << QByteArray("cafe\xCC\x81 caf\xC3\xA9 CAFE\xCC\x81 ΟΔΟΣ") << true << false
            << QByteArray("cafe\xCC\x81 caf\xC3\xA9 cafe\xCC\x81 οδος");
        QTest::newRow("keep bytes, no lowercase")
            << QByteArray("Cafe\xCC\x81 ΟΔΟΣ") << false << false << QByteArray("Cafe\xCC\x81 ΟΔΟΣ");
    }

    void unicodeWords() {
        QFETCH(QByteArray, text);
        QFETCH(bool, lowercase);
        QFETCH(bool, normalize);
        QFETCH(QByteArray, expected);
        TokenizerOptions options;
        options.lowercase = lowercase;
        options.normalize = normalize;
        QCOMPARE(tokenize(text, options).toUtf8(), expected);
    }

    // Normalisation works on whole tokens: a piece that ends between a base letter and its
    // combining mark, or before a word's last Σ, changes nothing.
    void markInTheNextPiece() {
        Recorder recorder;
        Tokenizer tokenizer({}, recorder);
        const std::vector<std::string> pieces = {"x cafe", "\xCC\x81 ΟΔΟ", "Σ\n"};
        std::uint64_t offset = 0;
        for (const std::string& piece : pieces) {
            tokenizer.feed(piece.data(), piece.size(), offset);
            offset += piece.size();
        }
        tokenizer.finish();
        QCOMPARE(recorder.events, (std::vector<std::string>{"x", "caf\xC3\xA9", "οδος", "<eos>"}));
    }

    void whitespaceMode_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("digits");
        QTest::addColumn<QString>("expected");
        QTest::newRow("punctuation tokens") << QByteArray("He said \"hi\", then left .") << false
                                            << QStringLiteral("he said \"hi\", then left .");
        QTest::newRow("unicode") << QByteArray("I ❤ NY — «Москва»") << false
                                 << QString::fromUtf8("i ❤ ny — «москва»");
        QTest::newRow("unicode normalised") << QByteArray("«CAFE\xCC\x81» ΟΔΟΣ,") << false
                                            << QString::fromUtf8("«caf\xC3\xA9» οδος,");
        QTest::newRow("digits") << QByteArray("3.14 3.14, 1,000 12 1..2 .5") << true
                                << QStringLiteral("<num> 3.14, <num> <num> 1..2 .5");
        QTest::newRow("lines") << QByteArray("a b\r\n\r\nc ,\n") << false
                               << QStringLiteral("a b | c ,");
    }

    void whitespaceMode() {
        QFETCH(QByteArray, text);
        QFETCH(bool, digits);
        QFETCH(QString, expected);
        TokenizerOptions options;
        options.mode = TokenizeMode::Whitespace;
        options.digitsToToken = digits;
        QCOMPARE(tokenize(text, options), expected);
    }

    void sentences_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("newline ends a sentence")
            << QByteArray("a b\nc\n") << QStringLiteral("a b | c");
        QTest::newRow("no final newline") << QByteArray("a b\nc") << QStringLiteral("a b | c");
        QTest::newRow("empty lines")
            << QByteArray("\n\na\n\n\n  \nb\n\n") << QStringLiteral("a | b");
        QTest::newRow("crlf") << QByteArray("a b\r\nc d\r\n\r\n") << QStringLiteral("a b | c d");
        QTest::newRow("punctuation-only line")
            << QByteArray("first line\n!!! ...\nnext") << QStringLiteral("first line | next");
        QTest::newRow("nothing") << QByteArray(" \n\t\r\n") << QString();
    }

    void sentences() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QCOMPARE(tokenize(text), expected);
    }

    void sentenceEndEvents() {
        Recorder recorder;
        Tokenizer tokenizer({}, recorder);
        const std::string text = "a\n\nb c\n";
        tokenizer.feed(text.data(), text.size(), 0);
        tokenizer.finish();
        QCOMPARE(recorder.events, (std::vector<std::string>{"a", "<eos>", "b", "c", "<eos>"}));
        QCOMPARE(tokenizer.tokens(), 3u);
        QCOMPARE(tokenizer.sentences(), 2u);
    }

    void invalidUtf8_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("invalid");
        QTest::addColumn<int>("firstOffset");
        QTest::newRow("stray byte splits") << QByteArray(
                                                  "ab\xFF"
                                                  "cd")
                                           << QStringLiteral("ab cd") << 1 << 2;
        QTest::newRow("lone continuation")
            << QByteArray("x \x80\x80y") << QStringLiteral("x y") << 2 << 2;
        QTest::newRow("overlong") << QByteArray(
                                         "a\xC0\xAF"
                                         "b")
                                  << QStringLiteral("a b") << 2 << 1;
        QTest::newRow("surrogate") << QByteArray(
                                          "a\xED\xA0\x80"
                                          "b")
                                   << QStringLiteral("a b") << 3 << 1;
        QTest::newRow("beyond U+10FFFF") << QByteArray(
                                                "a\xF4\x90\x80\x80"
                                                "b")
                                         << QStringLiteral("a b") << 4 << 1;
        QTest::newRow("cut sequence at end")
            << QByteArray("ab \xE2\x82") << QStringLiteral("ab") << 2 << 3;
        QTest::newRow("bad continuation") << QByteArray("\xC3(x") << QStringLiteral("x") << 1 << 0;
        QTest::newRow("valid around")
            << QByteArray("Straße\xFEМосква") << QString::fromUtf8("straße москва") << 1 << 7;
    }

    void invalidUtf8() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QFETCH(int, invalid);
        QFETCH(int, firstOffset);
        Recorder recorder;
        Tokenizer tokenizer({}, recorder);
        tokenizer.feed(text.constData(), static_cast<std::size_t>(text.size()), 0);
        tokenizer.finish();
        QStringList words;
        for (const auto& e : recorder.events)
            if (e != "<eos>")
                words << QString::fromStdString(e);
        QCOMPARE(words.join(u' '), expected);
        QCOMPARE(tokenizer.invalidBytes(), static_cast<std::uint64_t>(invalid));
        QCOMPARE(tokenizer.firstInvalidOffset(), static_cast<std::int64_t>(firstOffset));
    }

    void nulByteIsRefused() {
        Recorder recorder;
        Tokenizer tokenizer({}, recorder, "mem.txt");
        const char text[] = "abc\0def";
        QCOMPARE(
            test::errorMessage([&] { tokenizer.feed(text, 7, 10); }),
            QStringLiteral("mem.txt: byte offset 13: not UTF-8 text (looks like binary data)"));
    }

    void tokenCap_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("firstToken");
        QTest::addColumn<int>("truncated");
        const QByteArray a99(99, 'a');
        QTest::newRow("ascii cut at 100") << QByteArray(150, 'a') << QByteArray(100, 'a') << 1;
        QTest::newRow("exactly 100") << QByteArray(100, 'a') << QByteArray(100, 'a') << 0;
        QTest::newRow("cut at char boundary") << a99 + "ééé" << a99 << 1;
        QTest::newRow("uppercase non-ascii cut") << a99 + "ÉÉÉ" << a99 << 1;
        QTest::newRow("joiner at the cap then letter") << a99 + "'b" << a99 << 1;
        QTest::newRow("joiner at the cap then space") << a99 + "' x" << a99 << 0;
        QTest::newRow("3-byte joiner past the cap") << a99 + "’b" << a99 << 1;
        QTest::newRow("3-byte joiner past the cap, then space") << a99 + "’ b" << a99 << 0;
        QTest::newRow("1 MB token") << QByteArray(1 << 20, 'X') << QByteArray(100, 'x') << 1;
    }

    void tokenCap() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, firstToken);
        QFETCH(int, truncated);
        Recorder recorder;
        Tokenizer tokenizer({}, recorder);
        tokenizer.feed(text.constData(), static_cast<std::size_t>(text.size()), 0);
        tokenizer.finish();
        QVERIFY(!recorder.events.empty());
        QCOMPARE(QByteArray::fromStdString(recorder.events.front()), firstToken);
        QCOMPARE(tokenizer.truncatedTokens(), static_cast<std::uint64_t>(truncated));
        for (const auto& e : recorder.events)
            QVERIFY(e.size() <= kMaxTokenBytes);
    }

    // The same text cut into pieces at random character boundaries gives the same tokens: tokens,
    // joiners and numbers that span pieces survive.
    void piecesDoNotMatter() {
        const QByteArray text =
            "Straße, don't stop well-known 3.14 МОСКВА rock'n'roll\r\n\nit’s "
            "a\xFF"
            "b covid-19 ΣΊΣΥΦΟΣ cafe\xCC\x81 CAFE\xCC\x81\xCC\xA3 " +
            QByteArray(300, 'z') + " end.\n东京 x";
        for (const bool digits : {false, true}) {
            TokenizerOptions options;
            options.digitsToToken = digits;
            Recorder whole;
            Tokenizer one(options, whole);
            one.feed(text.constData(), static_cast<std::size_t>(text.size()), 0);
            one.finish();

            std::mt19937 random(42);
            for (int trial = 0; trial < 50; ++trial) {
                Recorder pieces;
                Tokenizer many(options, pieces);
                feedInPieces(many, text, random);
                QCOMPARE(pieces.events, whole.events);
                QCOMPARE(many.invalidBytes(), one.invalidBytes());
                QCOMPARE(many.truncatedTokens(), one.truncatedTokens());
            }
        }
    }

    // Random mostly-ASCII text, whole (runs of letters and digits go 16 bytes at a time) and in
    // pieces of 1-7 bytes (always the byte loop): the same tokens, in both modes, lowercased or
    // not, runs of every length up to past the cap included.
    void wideScanMatchesTheByteLoop() {
        std::mt19937 random(7);
        const std::string alphabet =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'-.,_!@[`{/:  \n\t";
        QByteArray text;
        while (text.size() < 200000) {
            const int kind = int(random() % 10);
            if (kind < 6) {
                for (int i = int(random() % 40); i >= 0; --i)
                    text += alphabet[random() % 62];  // letters and digits only
            } else if (kind == 6) {
                text += QByteArray(int(random() % 140), alphabet[random() % 62]);
            } else if (kind == 7) {
                text += "\xC3\xA9";  // é
            } else {
                text += alphabet[random() % alphabet.size()];
            }
            text += alphabet[62 + random() % (alphabet.size() - 62)];  // not a letter or digit
        }
        for (const TokenizeMode mode : {TokenizeMode::Words, TokenizeMode::Whitespace})
            for (const bool lowercase : {true, false}) {
                TokenizerOptions options;
                options.mode = mode;
                options.lowercase = lowercase;
                Recorder whole;
                Tokenizer one(options, whole);
                one.feed(text.constData(), static_cast<std::size_t>(text.size()), 0);
                one.finish();
                Recorder pieces;
                Tokenizer many(options, pieces);
                feedInPieces(many, text, random);
                QVERIFY(whole.events.size() > 1000);
                QCOMPARE(pieces.events, whole.events);
                QCOMPARE(many.truncatedTokens(), one.truncatedTokens());
                QVERIFY(one.truncatedTokens() > 0);
            }
    }

    void modeNames() {
        QCOMPARE(parseTokenizeMode("words"), TokenizeMode::Words);
        QCOMPARE(parseTokenizeMode("whitespace"), TokenizeMode::Whitespace);
        QCOMPARE(tokenizeModeName(TokenizeMode::Whitespace), std::string_view("whitespace"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseTokenizeMode("chars"));
    }
};

EMBEDSCOPE_TEST_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
