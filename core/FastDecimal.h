// The fast path of text float parsing, for the plain decimals that vector files are made of
// ("-0.0123", "42", "0.41800"): sign, up to 7 significant digits, an optional fraction, no
// exponent. Such a value is m / 10^k with m < 2^24 and k <= 10; m and 10^k are then both exact
// floats, so one IEEE division rounds the exact quotient once and gives the correctly rounded
// float, the same bits as std::from_chars (Clinger's fast path). Anything else (more digits, an
// exponent, "inf", a '+') is left to the caller's full parser.
#pragma once

#include <cstdint>

namespace embedscope {

// Parses [p, end) up to the first byte that cannot continue the number. Returns true and advances
// p when the number is on the fast path; false (p unchanged) when the full parser must decide.
inline bool parseFastDecimal(const char*& p, const char* end, float& value) {
    static constexpr float kPowersOfTen[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f,
                                             1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    const char* q = p;
    const bool negative = q != end && *q == '-';
    q += negative;
    std::uint32_t mantissa = 0;
    int digits = 0;  // digits taken into mantissa, leading zeros included
    const char* const intStart = q;
    while (q != end && static_cast<unsigned char>(*q - '0') < 10 && digits < 9) {
        mantissa = mantissa * 10 + static_cast<std::uint32_t>(*q - '0');
        ++q;
        ++digits;
    }
    const bool hadInteger = q != intStart;
    int fractionDigits = 0;
    if (q != end && *q == '.') {
        ++q;
        const char* const fracStart = q;
        while (q != end && static_cast<unsigned char>(*q - '0') < 10 && digits < 9) {
            mantissa = mantissa * 10 + static_cast<std::uint32_t>(*q - '0');
            ++q;
            ++digits;
        }
        fractionDigits = static_cast<int>(q - fracStart);
        if (!hadInteger && fractionDigits == 0)
            return false;
    } else if (!hadInteger) {
        return false;
    }
    // More digits, an exponent or a second '.' than this path handles: the full parser decides.
    if (q != end &&
        (static_cast<unsigned char>(*q - '0') < 10 || *q == 'e' || *q == 'E' || *q == '.'))
        return false;
    if (mantissa >= (1u << 24) || fractionDigits > 10)
        return false;
    const float magnitude = static_cast<float>(mantissa) / kPowersOfTen[fractionDigits];
    value = negative ? -magnitude : magnitude;
    p = q;
    return true;
}

}  // namespace embedscope
