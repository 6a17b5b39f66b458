// Finding a word among rows of words without a second copy of the words (a reader's repeated
// words, a loaded file's word lookup): an open-addressing table of row numbers into the reader's
// own word list, each beside 32 bits of its word's hash, so that a probe compares strings only when
// the hashes agree. It costs 8 bytes per slot at most half full (16 MB for 1M words), where a map
// from word to row costs a node and a string per word.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embedscope {

class WordRowSet {
public:
    // The hash insert() expects; readers compute it on their worker threads.
    static std::uint32_t hash(std::string_view word);

    // Adds words[row], whose hash is `hash`; returns the earlier row holding the same word, or -1
    // (then the row is added). Rows must be below 2^31.
    long long insert(const std::vector<std::string>& words, std::size_t row, std::uint32_t hash);
    // The row of words holding word, or -1; words is the list the rows were inserted from.
    long long find(const std::vector<std::string>& words, std::string_view word) const;
    // Bytes of the table (the words are not counted: they are the caller's).
    std::size_t memoryBytes() const { return slots_.capacity() * sizeof(std::uint64_t); }

private:
    void grow();

    // Empty: 0. Else the hash in the high 32 bits, row + 1 in the low ones.
    std::vector<std::uint64_t> slots_;
    std::size_t count_ = 0;
};

}  // namespace embedscope
