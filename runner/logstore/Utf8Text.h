// Fast UTF-16 to UTF-8 conversion into caller-provided memory and ASCII checks, used where the
// log store writes and searches raw text bytes.
#pragma once

#include <QStringView>

#include <cstddef>

namespace necrocode {

// Upper bound of the UTF-8 size of `text`.
constexpr std::size_t maxUtf8Size(qsizetype utf16Units)
{
    return static_cast<std::size_t>(utf16Units) * 3;
}

// Writes `text` as UTF-8 to `out` (room for maxUtf8Size(text.size()) bytes) and returns the
// number of bytes written. A lone surrogate becomes U+FFFD.
std::size_t encodeUtf8(QStringView text, char *out);

bool isAscii(const char *bytes, std::size_t size);

// Writes the UTF-16 code unit `c` (at least 0x80) as UTF-8 at `o`, taking its low surrogate
// from `p` when `c` is a high one; a lone surrogate becomes U+FFFD. Returns the end of what
// was written. The one encoder of non-ASCII text, shared by the plain and the JSON writers.
inline char *encodeNonAscii(char32_t c, const char16_t *&p, const char16_t *end, char *o)
{
    if (c < 0x800) {
        *o++ = static_cast<char>(0xC0 | (c >> 6));
        *o++ = static_cast<char>(0x80 | (c & 0x3F));
        return o;
    }
    if (c >= 0xD800 && c <= 0xDBFF && p < end && *p >= 0xDC00 && *p <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (*p++ - 0xDC00);
        *o++ = static_cast<char>(0xF0 | (c >> 18));
        *o++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        *o++ = static_cast<char>(0x80 | (c & 0x3F));
        return o;
    }
    if (c >= 0xD800 && c <= 0xDFFF)
        c = 0xFFFD;
    *o++ = static_cast<char>(0xE0 | (c >> 12));
    *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *o++ = static_cast<char>(0x80 | (c & 0x3F));
    return o;
}

} // namespace necrocode
