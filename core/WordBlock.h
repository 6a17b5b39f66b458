// A list of words as the binary files store it (the session file's 'words' block, the vector
// cache's words): per word a little-endian uint32 byte length, then the bytes; no terminator, no
// padding. One writer and one reader for both files, so that the two layouts cannot drift apart.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "AtomicOutput.h"

namespace embedscope {

// The bytes appendWordBlock adds for words.
std::uint64_t wordBlockBytes(const std::vector<std::string>& words);

void appendWordBlock(std::string& out, const std::vector<std::string>& words);
// The same into out's buffer, flushing it to the file as it fills (memory stays at a block).
void appendWordBlock(AtomicOutput& out, const std::vector<std::string>& words);

// Where and why a words block is not `rows` words that fill it exactly.
struct WordBlockProblem {
    std::uint64_t offset = 0;  // from the start of the block
    std::string what;          // "ends after 3 of 5 words", to follow "block 'words' "
};

// Reads exactly rows words from the bytes of a block. False, with problem set, when the block
// ends early, a length runs past its end, or bytes are left after the last word. Empty words are
// read as they are: whether they are allowed is the caller's rule.
bool parseWordBlock(const char* block, std::uint64_t bytes, std::uint64_t rows,
                    std::vector<std::string>& words, WordBlockProblem& problem);

}  // namespace embedscope
