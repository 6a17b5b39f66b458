#include "Tokenizer.h"

#include <QChar>
#include <QString>

#include <algorithm>
#include <cstring>
#include <iterator>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "Error.h"
#include "Utf8.h"

namespace embedscope {

namespace {

// What a byte means to the scanner. The hot loop looks each byte up once; everything that is not
// plain ASCII goes through the slower Unicode path.
enum ByteClass : unsigned char {
    kWordByte,        // ASCII letter or digit (whitespace mode: any printable non-space ASCII)
    kSpaceByte,       // ' ', \t, \r, \v, \f
    kNewlineByte,     // \n: ends the sentence
    kBreakByte,       // punctuation and control characters (words mode): ends the token
    kApostropheByte,  // ' when apostrophes are kept
    kHyphenByte,      // - when hyphens are kept
    kNumberSepByte,   // . and , (kept between digits)
    kNonAsciiByte,    // >= 0x80: decoded and validated as UTF-8
    kNulByte,         // never in text
};

bool isAsciiDigit(unsigned char c) {
    return static_cast<unsigned char>(c - '0') < 10;
}

// "123", "3.14", "1,000,000": digits with single inner separators.
bool looksLikeNumber(std::string_view word) {
    if (word.empty() || !isAsciiDigit(word.front()) || !isAsciiDigit(word.back()))
        return false;
    bool previousWasSeparator = false;
    for (const char c : word) {
        if (isAsciiDigit(static_cast<unsigned char>(c))) {
            previousWasSeparator = false;
        } else if ((c == '.' || c == ',') && !previousWasSeparator) {
            previousWasSeparator = true;
        } else {
            return false;
        }
    }
    return true;
}

// The longest prefix of at most maxBytes bytes that ends at a UTF-8 character boundary.
std::size_t utf8PrefixLength(std::string_view text, std::size_t maxBytes) {
    if (text.size() <= maxBytes)
        return text.size();
    std::size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return cut;
}

bool isUnicodeSpace(char32_t codePoint) {
    // U+200B (zero width space) and U+FEFF (a BOM inside the text) separate like spaces but are
    // not in Unicode's space category.
    return QChar::isSpace(codePoint) || codePoint == 0x200B || codePoint == 0xFEFF;
}

// Unicode's Cased property: upper, lower and title case letters, and the other characters that
// have a case mapping (Ⅻ, Ⓐ, U+0345). Modifier letters that are Other_Lowercase without a mapping
// (ª, ʰ) are left out.
bool isCased(char32_t c) {
    const QChar::Category category = QChar::category(c);
    return category == QChar::Letter_Uppercase || category == QChar::Letter_Lowercase ||
           category == QChar::Letter_Titlecase || QChar::toLower(c) != c || QChar::toUpper(c) != c;
}

// Unicode's Case_Ignorable property (chapter 3.13): marks, format characters, modifier letters and
// symbols, and the Word_Break classes MidLetter, MidNumLet and Single_Quote (' . : · ’ ...).
bool isCaseIgnorable(char32_t c) {
    switch (QChar::category(c)) {
        case QChar::Mark_NonSpacing:
        case QChar::Mark_Enclosing:
        case QChar::Other_Format:
        case QChar::Letter_Modifier:
        case QChar::Symbol_Modifier:
            return true;
        default:
            break;
    }
    // The Word_Break classes MidLetter, MidNumLet and Single_Quote.
    static constexpr char32_t kWordPunctuation[] = {0x0027, 0x002E, 0x003A, 0x00B7, 0x0387, 0x055F,
                                                    0x05F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13,
                                                    0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A};
    return std::find(std::begin(kWordPunctuation), std::end(kWordPunctuation), c) !=
           std::end(kWordPunctuation);
}

// The code point that ends just before text[at] (at > 0); moves at to its first code unit.
char32_t codePointBefore(const QString& text, qsizetype& at) {
    const char16_t unit = text[--at].unicode();
    if (QChar::isLowSurrogate(unit) && at > 0 && text[at - 1].isHighSurrogate())
        return QChar::surrogateToUcs4(text[--at].unicode(), unit);
    return unit;
}

// The code point that starts at text[at] (at < size); moves at past it.
char32_t codePointAt(const QString& text, qsizetype& at) {
    const char16_t unit = text[at++].unicode();
    if (QChar::isHighSurrogate(unit) && at < text.size() && text[at].isLowSurrogate())
        return QChar::surrogateToUcs4(unit, text[at++].unicode());
    return unit;
}

// Whether the nearest character before text[at] that is not case-ignorable is cased. A character
// that is both (U+0345) counts as cased, as Unicode's rule (cased, then case-ignorables) allows.
bool casedBefore(const QString& text, qsizetype at) {
    while (at > 0) {
        const char32_t c = codePointBefore(text, at);
        if (isCased(c))
            return true;
        if (!isCaseIgnorable(c))
            return false;
    }
    return false;
}

// The same, looking from text[at] onwards.
bool casedFrom(const QString& text, qsizetype at) {
    while (at < text.size()) {
        const char32_t c = codePointAt(text, at);
        if (isCased(c))
            return true;
        if (!isCaseIgnorable(c))
            return false;
    }
    return false;
}

// Full Unicode lowercasing (QString::toLower: "İ" becomes "i̇") plus the one context rule it
// leaves out, Final_Sigma: Σ becomes ς when a cased letter precedes it and none follows it,
// case-ignorable characters skipped on both sides ("ΣΊΣΥΦΟΣ" -> "σίσυφος", a lone "Σ" -> "σ").
// The context is the token, since the token is the word (in whitespace mode the spaces around it
// could not change the answer anyway).
QString lowercased(QString text) {
    constexpr char16_t kCapitalSigma = 0x03A3;
    constexpr char16_t kFinalSigma = 0x03C2;
    for (qsizetype at = text.indexOf(QChar(kCapitalSigma)); at >= 0;
         at = text.indexOf(QChar(kCapitalSigma), at + 1)) {
        if (casedBefore(text, at) && !casedFrom(text, at + 1))
            text[at] = QChar(kFinalSigma);  // already lowercase: toLower keeps it
    }
    return std::move(text).toLower();
}

// A token holding non-ASCII bytes as the word it stands for: lowercased and/or in NFC. Lowercasing
// comes first, so that the result is in NFC even where a case mapping decomposes; since both
// steps respect canonical equivalence, a composed and a decomposed spelling end up the same.
// Out of line: inlined, it would make flush() heavier for every ASCII token too.
[[gnu::noinline]] std::string unicodeWord(std::string_view token, bool lowercase, bool normalize) {
    QString text = QString::fromUtf8(token.data(), static_cast<qsizetype>(token.size()));
    if (lowercase)
        text = lowercased(std::move(text));
    if (normalize)
        text = text.normalized(QString::NormalizationForm_C);
    return text.toStdString();
}

#if defined(__SSE2__)
// Bytes whose value lies in [lo, hi], as 0xFF lanes. SSE2 compares only signed bytes: x - lo + 0x80
// maps [lo, hi] onto [-128, -128 + hi - lo] and every other value above it (mod 256).
inline __m128i bytesInRange(__m128i bytes, char lo, char hi) {
    const __m128i shifted = _mm_add_epi8(bytes, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(0x80 + (hi - lo + 1))));
}

// The run of ASCII letters and digits at the start of the 16 bytes at p (0-16 of them), copied to
// out (16 bytes are stored; those past the run are scratch), A-Z lowered when `lower`. Letters and
// digits are word bytes in both modes, so a run found here is what the byte-table loop would
// take; it stops at anything else, which the loop then judges (so a run found short is only
// slower, never wrong). Without it the loop's exit is a mispredicted branch in most words; with it
// `embedscope-cli vocab --threads 1` on an 8M-word prefix of wiki-17m went from 0.26 to 0.22 s of
// CPU.
inline unsigned alnumRun16(const unsigned char* p, char* out, bool lower) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i upper = bytesInRange(bytes, 'A', 'Z');
    const __m128i word = _mm_or_si128(
        upper, _mm_or_si128(bytesInRange(bytes, 'a', 'z'), bytesInRange(bytes, '0', '9')));
    const __m128i lowered =
        lower ? _mm_add_epi8(bytes, _mm_and_si128(upper, _mm_set1_epi8(0x20))) : bytes;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), lowered);
    const auto notWord = static_cast<unsigned>(~_mm_movemask_epi8(word)) | 0x10000u;
    return static_cast<unsigned>(__builtin_ctz(notWord));
}
#endif

}  // namespace

Tokenizer::Tokenizer(const TokenizerOptions& options, TokenSink& sink, std::string name)
    : options_(options), sink_(sink), name_(std::move(name)) {
    const bool words = options_.mode == TokenizeMode::Words;
    for (int c = 0; c < 256; ++c) {
        const bool upper = c >= 'A' && c <= 'Z';
        const bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        lowerAscii_[c] = static_cast<char>(options_.lowercase && upper ? c + ('a' - 'A') : c);
        unsigned char cls;
        if (c == 0) {
            cls = kNulByte;
        } else if (c >= 0x80) {
            cls = kNonAsciiByte;
        } else if (c == '\n') {
            cls = kNewlineByte;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
            cls = kSpaceByte;
        } else if (c < 0x20 || c == 0x7F) {
            cls = kBreakByte;
        } else if (!words || alnum) {
            cls = kWordByte;
        } else if (c == '\'' && options_.keepApostrophes) {
            cls = kApostropheByte;
        } else if (c == '-' && options_.keepHyphens) {
            cls = kHyphenByte;
        } else if (c == '.' || c == ',') {
            cls = kNumberSepByte;
        } else {
            cls = kBreakByte;
        }
        byteClass_[c] = cls;
    }
}

void Tokenizer::feed(const char* data, std::size_t size, std::uint64_t offset) {
    const auto* const begin = reinterpret_cast<const unsigned char*>(data);
    const auto* const end = begin + size;
    const auto* p = begin;
    while (p < end) {
        switch (byteClass_[*p]) {
            case kWordByte: {
                // The hot path: a run of ASCII word bytes, lowercased through a table while
                // copying. Locals, because every store into token_ may alias the members as far
                // as the compiler knows, which would reload them for every byte.
                if (pendingJoiner_ != Joiner::None)
                    acceptPendingJoiner(isAsciiDigit(*p));
                const unsigned char* const classes = byteClass_;
                const unsigned char* q = p;
                if (!truncated_) {
                    const char* const lower = lowerAscii_;
                    char* const out = token_;
                    std::size_t length = length_;
                    const std::size_t room = kMaxTokenBytes - length;
                    const unsigned char* const limit =
                        static_cast<std::size_t>(end - p) < room ? end : p + room;
#if defined(__SSE2__)
                    // 16 bytes at a time while they fit both the input and the token buffer.
                    while (limit - q >= 16) {
                        const unsigned run = alnumRun16(q, out + length, options_.lowercase);
                        q += run;
                        length += run;
                        if (run < 16)
                            break;
                    }
#endif
                    while (q < limit && classes[*q] == kWordByte)
                        out[length++] = lower[*q++];
                    if (q > p) {
                        trailingJoinerBytes_ = 0;
                        lastWasDigit_ = isAsciiDigit(q[-1]);
                    }
                    length_ = length;
                    if (q == limit && q < end && classes[*q] == kWordByte)
                        truncated_ = true;
                }
                while (q < end && classes[*q] == kWordByte)  // the part beyond the cap
                    ++q;
                p = q;
                break;
            }
            case kSpaceByte:
            case kBreakByte:
                if (length_ != 0)
                    flush();
                ++p;
                break;
            case kNewlineByte:
                endLine();
                ++p;
                break;
            case kApostropheByte:
                onJoiner(Joiner::Apostrophe, reinterpret_cast<const char*>(p), 1);
                ++p;
                break;
            case kHyphenByte:
                onJoiner(Joiner::Hyphen, reinterpret_cast<const char*>(p), 1);
                ++p;
                break;
            case kNumberSepByte:
                onJoiner(Joiner::NumberSeparator, reinterpret_cast<const char*>(p), 1);
                ++p;
                break;
            case kNonAsciiByte:
                p += onNonAscii(p, end, offset + static_cast<std::uint64_t>(p - begin));
                break;
            default:  // kNulByte
                throw Error(offsetError(name_, static_cast<long long>(offset + (p - begin)),
                                        "not UTF-8 text (looks like binary data)"));
        }
    }
}

void Tokenizer::finish() {
    endLine();
}

std::size_t Tokenizer::onNonAscii(const unsigned char* p, const unsigned char* end,
                                  std::uint64_t offset) {
    // An invalid byte is skipped alone, so that the bytes after it are judged afresh.
    const std::size_t size = validUtf8Length(p, static_cast<std::size_t>(end - p));
    if (size == 0) {
        ++nonAsciiBytes_;
        invalidByte(offset);
        if (length_ != 0)
            flush();
        return 1;
    }
    // The lead byte keeps 7 - size bits of the code point, each continuation byte 6.
    char32_t codePoint = p[0] & (0x7F >> size);
    for (std::size_t i = 1; i < size; ++i)
        codePoint = (codePoint << 6) | (p[i] & 0x3F);
    nonAsciiBytes_ += size;
    const char* bytes = reinterpret_cast<const char*>(p);
    if (isUnicodeSpace(codePoint)) {
        if (length_ != 0)
            flush();
    } else if (options_.mode == TokenizeMode::Whitespace) {
        appendWordChar(bytes, size, false);
    } else if (codePoint == 0x00AD) {
        // A soft hyphen only marks where a line may break: invisible, so it neither joins nor
        // splits.
    } else if (codePoint == 0x2019 && options_.keepApostrophes) {  // ’
        onJoiner(Joiner::Apostrophe, bytes, size);
    } else if ((codePoint == 0x2010 || codePoint == 0x2011) && options_.keepHyphens) {
        onJoiner(Joiner::Hyphen, bytes, size);
    } else {
        const QChar::Category category = QChar::category(codePoint);
        const bool isWordChar =
            (category >= QChar::Mark_NonSpacing && category <= QChar::Number_Other) ||
            (category >= QChar::Letter_Uppercase && category <= QChar::Letter_Other);
        if (isWordChar) {
            appendWordChar(bytes, size, category == QChar::Number_DecimalDigit);
        } else if (length_ != 0) {
            flush();
        }
    }
    return size;
}

void Tokenizer::acceptPendingJoiner(bool nextIsDigit) {
    if (pendingJoiner_ == Joiner::NumberSeparator && !nextIsDigit) {
        flush();  // "v3.x": the dot was not between digits
        return;
    }
    pendingJoiner_ = Joiner::None;
    if (joinerOverflow_)
        truncated_ = true;  // the joiner itself did not fit, and the token goes on
    joinerOverflow_ = false;
}

void Tokenizer::appendWordChar(const char* bytes, std::size_t size, bool isDigit) {
    if (pendingJoiner_ != Joiner::None)
        acceptPendingJoiner(isDigit);
    if (truncated_)
        return;
    if (length_ + size > kMaxTokenBytes) {
        truncated_ = true;
        return;
    }
    std::memcpy(token_ + length_, bytes, size);
    length_ += size;
    trailingJoinerBytes_ = 0;
    lastWasDigit_ = isDigit;
    hasNonAscii_ = true;
}

void Tokenizer::onJoiner(Joiner kind, const char* bytes, std::size_t size) {
    if (length_ == 0)
        return;  // leading: plain punctuation
    if (pendingJoiner_ != Joiner::None || (kind == Joiner::NumberSeparator && !lastWasDigit_)) {
        flush();  // "a--b", "a.b": not a single joiner between word characters
        return;
    }
    pendingJoiner_ = kind;
    if (truncated_)
        return;
    if (length_ + size > kMaxTokenBytes) {
        joinerOverflow_ = true;
        return;
    }
    std::memcpy(token_ + length_, bytes, size);
    length_ += size;
    trailingJoinerBytes_ = size;
    if (size > 1)
        hasNonAscii_ = true;
}

void Tokenizer::endLine() {
    if (length_ != 0)
        flush();
    if (sentenceHasTokens_) {
        sink_.onSentenceEnd();
        ++sentences_;
        sentenceHasTokens_ = false;
    }
}

void Tokenizer::flush() {
    std::string_view word(token_, length_ - trailingJoinerBytes_);
    std::string unicode;
    if (hasNonAscii_ && (options_.lowercase || options_.normalize)) {
        // Only the rare tokens with non-ASCII bytes: ASCII is already in NFC and was lowercased
        // while it was copied. Both steps work on the whole token, however the text came in
        // pieces (a mark in the next piece still composes). They may change the byte length ("İ"
        // becomes "i̇", U+0958 decomposes), so the cap is applied again.
        unicode = unicodeWord(word, options_.lowercase, options_.normalize);
        const std::size_t keep = utf8PrefixLength(unicode, kMaxTokenBytes);
        if (keep < unicode.size()) {
            unicode.resize(keep);
            truncated_ = true;
        }
        word = unicode;
    }
    if (truncated_)
        ++truncatedTokens_;
    if (options_.digitsToToken && looksLikeNumber(word))
        word = kNumberToken;
    if (!word.empty()) {
        sink_.onToken(word);
        ++tokens_;
        sentenceHasTokens_ = true;
    }
    length_ = 0;
    trailingJoinerBytes_ = 0;
    pendingJoiner_ = Joiner::None;
    joinerOverflow_ = false;
    lastWasDigit_ = false;
    hasNonAscii_ = false;
    truncated_ = false;
}

void Tokenizer::invalidByte(std::uint64_t offset) {
    if (invalidBytes_ == 0)
        firstInvalidOffset_ = static_cast<std::int64_t>(offset);
    ++invalidBytes_;
}

namespace {

class SentenceCollector : public TokenSink {
public:
    std::vector<std::vector<std::string>> sentences{1};
    void onToken(std::string_view word) override { sentences.back().emplace_back(word); }
    void onSentenceEnd() override { sentences.emplace_back(); }
};

}  // namespace

std::vector<std::vector<std::string>> tokenizeText(std::string_view text,
                                                   const TokenizerOptions& options) {
    SentenceCollector collector;
    Tokenizer tokenizer(options, collector);
    tokenizer.feed(text.data(), text.size(), 0);
    tokenizer.finish();
    collector.sentences.pop_back();  // the (empty) one opened by the last sentence end
    return std::move(collector.sentences);
}

}  // namespace embedscope
