#include "WordBlock.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace embedscope {

namespace {

void appendWord(std::string& out, const std::string& word) {
    const std::uint32_t length = qToLittleEndian(static_cast<std::uint32_t>(word.size()));
    out.append(reinterpret_cast<const char*>(&length), sizeof length);
    out += word;
}

}  // namespace

std::uint64_t wordBlockBytes(const std::vector<std::string>& words) {
    std::uint64_t bytes = 0;
    for (const std::string& word : words)
        bytes += sizeof(std::uint32_t) + word.size();
    return bytes;
}

void appendWordBlock(std::string& out, const std::vector<std::string>& words) {
    for (const std::string& word : words)
        appendWord(out, word);
}

void appendWordBlock(AtomicOutput& out, const std::vector<std::string>& words) {
    for (const std::string& word : words) {
        appendWord(out.buffer(), word);
        out.flushIfFull();
    }
}

bool parseWordBlock(const char* block, std::uint64_t bytes, std::uint64_t rows,
                    std::vector<std::string>& words, WordBlockProblem& problem) {
    words.clear();
    // Every word takes at least its 4-byte length: a count the block cannot hold reserves nothing
    // it could not fill.
    words.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(rows, bytes / 4)));
    std::uint64_t at = 0;
    while (words.size() < rows) {
        if (bytes - at < sizeof(std::uint32_t)) {
            problem = {at, "ends after " + std::to_string(words.size()) + " of " +
                               std::to_string(rows) + " words"};
            return false;
        }
        std::uint32_t length = 0;
        std::memcpy(&length, block + at, sizeof length);
        length = qFromLittleEndian(length);
        if (length > bytes - at - sizeof length) {
            problem = {at,
                       "has a word of " + std::to_string(length) + " bytes that runs past its end"};
            return false;
        }
        words.emplace_back(block + at + sizeof length, length);
        at += sizeof length + length;
    }
    if (at != bytes) {
        problem = {at, "has " + std::to_string(bytes - at) + " bytes after its " +
                           std::to_string(rows) + " words"};
        return false;
    }
    return true;
}

}  // namespace embedscope
