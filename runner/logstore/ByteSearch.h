// Substring search over raw bytes, exact or ignoring ASCII letter case; the inner loop of text
// filters on the log store's UTF-8 messages.
#pragma once

#include <QByteArray>

#include <cstddef>

namespace necrocode {

class ByteSearch
{
public:
    // With ignoreAsciiCase, ASCII letters of the needle match either case; other bytes match
    // exactly.
    ByteSearch(QByteArray needle, bool ignoreAsciiCase);

    static constexpr std::size_t npos = std::size_t(-1);

    bool isIn(const char *haystack, std::size_t size) const { return find(haystack, size) != npos; }
    // Where the first match starts, or npos.
    std::size_t find(const char *haystack, std::size_t size) const;

private:
    bool matchesAt(const char *candidate) const;

    QByteArray m_needle; // lower-cased when m_ignoreCase
    bool m_ignoreCase;
    unsigned char m_first;
    unsigned char m_last;
    unsigned char m_firstCaseBit; // 0x20 when the byte is a letter and case is ignored
    unsigned char m_lastCaseBit;
};

} // namespace necrocode
