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

} // namespace necrocode
