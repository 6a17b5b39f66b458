#include "WordValidation.h"

#include <algorithm>
#include <cstring>

namespace embedscope {

std::size_t firstInvalidUtf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // The lead byte fixes the length and the allowed range of the first continuation byte,
        // which excludes overlong forms (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code
        // points above U+10FFFF (F4 90..BF), as in Unicode's table 3-7.
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                low = 0xA0;
            else if (lead == 0xED)
                high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                low = 0x90;
            else if (lead == 0xF4)
                high = 0x8F;
        } else {
            return i;
        }
        if (i + length > size || bytes[i + 1] < low || bytes[i + 1] > high)
            return i;
        for (std::size_t k = 2; k < length; ++k)
            if ((bytes[i + k] & 0xC0) != 0x80)
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
    while (i < std::min(word.size(), kShown)) {
        const unsigned char c = static_cast<unsigned char>(word[i]);
        if (c >= 0x80) {
            // A valid sequence is kept whole (even past kShown, so none is cut in half); a byte
            // that starts no valid sequence is shown as \xNN.
            const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (firstInvalidUtf8(word.substr(i, length)) == std::string_view::npos) {
                out.append(word.data() + i, length);
                i += length;
                continue;
            }
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
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
