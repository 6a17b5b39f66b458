// What every loader accepts as a word, and how a word appears in an error message.
//
// A word read from a file (vectors, a vocabulary) must be valid UTF-8, hold no NUL byte and be at
// most kMaxWordBytes long. Anything else means the file is in another encoding (Latin-1, UTF-16),
// is binary, or is not a word list at all; accepting it would carry mojibake into the plot and
// into exports that other tools then refuse.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace embedscope {

// Longer words are refused: no language has them, and the binary word2vec reader needs a bound to
// tell a damaged file from a long word.
constexpr std::size_t kMaxWordBytes = 1 << 16;

// Why word cannot be loaded ("word 'caf\xe9' is not UTF-8 (...)"), or "" when it can.
std::string wordProblem(std::string_view word);

// The byte offset of the first byte of text that is not part of a valid UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF are invalid), or npos.
std::size_t firstInvalidUtf8(std::string_view text);

// A word as it appears in a message: quoted, control characters and bytes that are not UTF-8
// escaped as \xNN (a message stays one valid UTF-8 line), long words shortened.
std::string quoteWord(std::string_view word);

// The encoding a byte order mark at the start of data names ("UTF-16 little-endian", ...), or
// nullptr. A UTF-8 BOM is not reported: readers skip it.
const char* foreignByteOrderMark(std::string_view start);

}  // namespace embedscope
