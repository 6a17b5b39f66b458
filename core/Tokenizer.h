// How a corpus's text becomes words.
//
// Words mode splits on whitespace and punctuation (Unicode-aware for non-ASCII letters), optionally
// keeping word-internal apostrophes and hyphens ("don't", "well-known"). Whitespace mode treats
// every whitespace-separated token as a word, punctuation included (`,` and `"hi",` are words), for
// corpora that are already tokenized. In both modes a newline ends a sentence.
//
// Tokens longer than kMaxTokenBytes bytes are cut at a UTF-8 character boundary at or below the
// cap (word2vec caps at 100 bytes too); the rest of the token is skipped, so a 1 MB token costs
// linear time and bounded memory.
//
// Word characters in words mode: ASCII letters and digits, and every non-ASCII code point whose
// Unicode category is a letter, a mark or a number. "." and "," are kept between two digits
// ("3.14", "1,000"), so that digitsToToken sees whole numbers (ASCII digits). A soft hyphen
// (U+00AD) is invisible and dropped. Whitespace is ASCII whitespace (\r included, so CRLF works),
// Unicode spaces (QChar::isSpace), U+200B and U+FEFF; other control characters split tokens.
//
// A whole token, however the text was cut into pieces, is then lowercased (full Unicode case
// mapping with the final sigma) and put in Unicode NFC, each optional. Only tokens holding
// non-ASCII bytes need that work: ASCII is lowercased through a table while it is copied, and is
// its own NFC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embedscope {

enum class TokenizeMode { Words, Whitespace };

constexpr std::size_t kMaxTokenBytes = 100;

// The token every number becomes when TokenizerOptions::digitsToToken is set.
inline constexpr std::string_view kNumberToken = "<num>";

struct TokenizerOptions {
    TokenizeMode mode = TokenizeMode::Words;
    // Full Unicode lowercasing ("Straße" -> "straße", "МОСКВА" -> "москва"), with the final sigma:
    // a word-final Σ becomes ς ("ΣΊΣΥΦΟΣ" -> "σίσυφος").
    bool lowercase = true;
    bool keepApostrophes = true;  // keep ' (and ’) between letters: "don't"
    bool keepHyphens = true;      // keep - between letters/digits: "well-known"
    bool digitsToToken = false;   // a token made of digits (with inner . or ,) -> "<num>"
    // Unicode NFC on each token, so that a composed "é" (U+00E9) and a decomposed one (e + U+0301)
    // are one word. Off keeps the bytes as they are, for a corpus already normalised.
    bool normalize = true;
};

std::string_view tokenizeModeName(TokenizeMode mode);
// Throws std::invalid_argument for an unknown name ("words", "whitespace").
TokenizeMode parseTokenizeMode(std::string_view name);

// Receives the tokens in corpus order.
class TokenSink {
public:
    virtual ~TokenSink() = default;
    // The view is valid only during the call.
    virtual void onToken(std::string_view word) = 0;
    // A newline (or the end of the file after text).
    virtual void onSentenceEnd() = 0;
};

// The streaming tokenizer behind readCorpus: feed it the text in pieces of any size (each piece
// must end at a UTF-8 character boundary, except the last one before finish()), and it delivers
// tokens and sentence ends to the sink. Invalid UTF-8 bytes are skipped (they split tokens) and
// counted. A NUL byte throws Error ("NAME: byte offset N: not UTF-8 text (looks like binary
// data)"), since text never holds one.
class Tokenizer {
public:
    Tokenizer(const TokenizerOptions& options, TokenSink& sink, std::string name = "text");

    // offset: the byte offset of data[0] in the whole input, for statistics and messages.
    void feed(const char* data, std::size_t size, std::uint64_t offset);
    // Delivers the last token and the last sentence end. Call once, after the last feed().
    void finish();

    std::uint64_t tokens() const { return tokens_; }
    std::uint64_t sentences() const { return sentences_; }
    std::uint64_t invalidBytes() const { return invalidBytes_; }
    std::int64_t firstInvalidOffset() const { return firstInvalidOffset_; }
    std::uint64_t truncatedTokens() const { return truncatedTokens_; }
    // Bytes >= 0x80 seen (valid or not): the encoding check compares invalidBytes() with it.
    std::uint64_t nonAsciiBytes() const { return nonAsciiBytes_; }

private:
    enum class Joiner : std::uint8_t { None, Apostrophe, Hyphen, NumberSeparator };

    // A non-ASCII word character (ASCII runs are handled inline in feed()).
    void appendWordChar(const char* bytes, std::size_t size, bool isDigit);
    void onJoiner(Joiner kind, const char* bytes, std::size_t size);
    void acceptPendingJoiner(bool nextIsDigit);
    void endLine();
    void flush();
    void invalidByte(std::uint64_t offset);
    // Handles one non-ASCII (or invalid) sequence at p; returns the bytes consumed.
    std::size_t onNonAscii(const unsigned char* p, const unsigned char* end, std::uint64_t offset);

    TokenizerOptions options_;
    TokenSink& sink_;
    std::string name_;
    unsigned char byteClass_[256];
    char lowerAscii_[256];

    char token_[kMaxTokenBytes + 8];
    std::size_t length_ = 0;
    std::size_t trailingJoinerBytes_ = 0;  // a joiner at the end is dropped when the token ends
    Joiner pendingJoiner_ = Joiner::None;  // a joiner waiting for the next character
    bool joinerOverflow_ = false;          // the pending joiner did not fit under the cap
    bool lastWasDigit_ = false;
    bool hasNonAscii_ = false;
    bool truncated_ = false;
    bool sentenceHasTokens_ = false;

    std::uint64_t tokens_ = 0;
    std::uint64_t sentences_ = 0;
    std::uint64_t invalidBytes_ = 0;
    std::int64_t firstInvalidOffset_ = -1;
    std::uint64_t truncatedTokens_ = 0;
    std::uint64_t nonAsciiBytes_ = 0;
};

// Tokenizes a piece of text in memory; one inner vector per sentence. For tests, for showing the
// user how a line is split, and for normalising a query word the way the corpus was.
std::vector<std::vector<std::string>> tokenizeText(std::string_view text,
                                                   const TokenizerOptions& options = {});

}  // namespace embedscope
