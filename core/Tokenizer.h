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
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace embedscope {

enum class TokenizeMode { Words, Whitespace };

constexpr std::size_t kMaxTokenBytes = 100;

// The token every number becomes when TokenizerOptions::digitsToToken is set.
inline constexpr std::string_view kNumberToken = "<num>";

struct TokenizerOptions {
    TokenizeMode mode = TokenizeMode::Words;
    bool lowercase = true;            // Unicode-aware ("Straße" -> "straße", "МОСКВА" -> "москва")
    bool keepApostrophes = true;      // keep ' (and ’) between letters: "don't"
    bool keepHyphens = true;          // keep - between letters/digits: "well-known"
    bool digitsToToken = false;       // a token made of digits (with inner . or ,) -> "<num>"
};

std::string_view tokenizeModeName(TokenizeMode mode);
// Throws std::invalid_argument for an unknown name ("words", "whitespace").
TokenizeMode parseTokenizeMode(std::string_view name);

}  // namespace embedscope
