#include "WordValidation.h"

#include <algorithm>
#include <cstring>

#include "Utf8.h"

namespace embedscope {

std::size_t firstInvalidUtf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = validUtf8Length(bytes + i, text.size() - i);
        if (length == 0)
            return i;
        i += length;
    }
    return std::string_view::npos;
}

std::string wordProblem(std::string_view word) {
    if (word.size() > kMaxWordBytes)
        return "word " + quoteWord(word) + " is " + std::to_string(word.size()) +
               " bytes long, above the limit of " + std::to_string(kMaxWordBytes) +
               " (is this a word list?)";
    if (const void* nul = std::memchr(word.data(), 0, word.size()))
        return "word " + quoteWord(word) + " contains a NUL byte at its byte " +
               std::to_string(static_cast<const char*>(nul) - word.data() + 1) +
               " (binary data, or UTF-16 text?)";
    if (const std::size_t bad = firstInvalidUtf8(word); bad != std::string_view::npos)
        return "word " + quoteWord(word) + " is not UTF-8 (invalid byte " +
               std::to_string(bad + 1) + "; Latin-1 or another encoding?)";
    return {};
}

std::string quoteWord(std::string_view word) {
    constexpr std::size_t kShown = 60;
    static const char kHex[] = "0123456789abcdef";
    std::string out = "'";
    std::size_t i = 0;
    const auto appendHex = [&out](unsigned char c) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    };
    const auto* bytes = reinterpret_cast<const unsigned char*>(word.data());
    while (i < std::min(word.size(), kShown)) {
        const unsigned char c = bytes[i];
        if (c >= 0x80) {
            // A valid sequence is kept whole (even past kShown, so none is cut in half); a byte
            // that starts no valid sequence is shown as \xNN.
            if (const std::size_t length = validUtf8Length(bytes + i, word.size() - i)) {
                out.append(word.data() + i, length);
                i += length;
                continue;
            }
            appendHex(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            appendHex(c);
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    if (i < word.size())
        out += "...";
    out += "'";
    return out;
}

const char* foreignByteOrderMark(std::string_view start) {
    if (start.size() >= 4 && start.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4))
        return "UTF-32 little-endian";
    if (start.size() >= 4 && start.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4))
        return "UTF-32 big-endian";
    if (start.size() >= 2 && start.substr(0, 2) == "\xFF\xFE")
        return "UTF-16 little-endian";
    if (start.size() >= 2 && start.substr(0, 2) == "\xFE\xFF")
        return "UTF-16 big-endian";
    return nullptr;
}

}  // namespace embedscope
