// The one definition of well-formed UTF-8 that the tokenizer and the word checks share.
#pragma once

#include <cstddef>

namespace embedscope {

// The length (1 to 4) of the well-formed UTF-8 sequence starting at p, or 0 when p starts none.
// available: the bytes from p to the end of the data (at least 1). Well-formed as RFC 3629 and
// Unicode's table 3-7 define it: the lead byte fixes the length and the range of the first
// continuation byte, which excludes overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates
// (ED A0..BF) and code points above U+10FFFF (F4 90..BF, F5..FF).
inline std::size_t validUtf8Length(const unsigned char* p, std::size_t available) {
    const unsigned char lead = p[0];
    if (lead < 0x80)
        return 1;
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
        return 0;
    }
    if (available < length || p[1] < low || p[1] > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return length;
}

}  // namespace embedscope
