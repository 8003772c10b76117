#include "logstore/ByteSearch.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace necrocode {

namespace {

bool isAsciiLetter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

unsigned char foldAscii(unsigned char c)
{
    return isAsciiLetter(c) ? (c | 0x20) : c;
}

} // namespace

ByteSearch::ByteSearch(QByteArray needle, bool ignoreAsciiCase)
    : m_needle(std::move(needle)), m_ignoreCase(ignoreAsciiCase), m_first(0), m_last(0),
      m_firstCaseBit(0), m_lastCaseBit(0)
{
    if (m_needle.isEmpty())
        return;
    if (m_ignoreCase) {
        for (char &c : m_needle)
            c = static_cast<char>(foldAscii(static_cast<unsigned char>(c)));
    }
    m_first = static_cast<unsigned char>(m_needle.front());
    m_last = static_cast<unsigned char>(m_needle.back());
    if (m_ignoreCase) {
        m_firstCaseBit = isAsciiLetter(m_first) ? 0x20 : 0;
        m_lastCaseBit = isAsciiLetter(m_last) ? 0x20 : 0;
    }
}

bool ByteSearch::matchesAt(const char *candidate) const
{
    const auto n = std::size_t(m_needle.size());
    if (!m_ignoreCase)
        return std::memcmp(candidate, m_needle.constData(), n) == 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (foldAscii(static_cast<unsigned char>(candidate[i])) !=
            static_cast<unsigned char>(m_needle[qsizetype(i)]))
            return false;
    }
    return true;
}

std::size_t ByteSearch::find(const char *haystack, std::size_t size) const
{
    const auto n = std::size_t(m_needle.size());
    if (n == 0)
        return 0;
    if (size < n)
        return npos;
    const std::size_t lastStart = size - n; // the last position a match can start at
    std::size_t pos = 0;
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(static_cast<char>(m_first));
    const __m128i last = _mm_set1_epi8(static_cast<char>(m_last));
    const __m128i firstCase = _mm_set1_epi8(static_cast<char>(m_firstCaseBit));
    const __m128i lastCase = _mm_set1_epi8(static_cast<char>(m_lastCaseBit));
    for (; pos + 16 <= lastStart + 1; pos += 16) {
        const __m128i blockFirst = _mm_or_si128(
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(haystack + pos)), firstCase);
        const __m128i blockLast = _mm_or_si128(
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(haystack + pos + n - 1)), lastCase);
        auto mask = unsigned(_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(blockFirst, first), _mm_cmpeq_epi8(blockLast, last))));
        while (mask != 0) {
            const int bit = __builtin_ctz(mask);
            if (matchesAt(haystack + pos + std::size_t(bit)))
                return pos + std::size_t(bit);
            mask &= mask - 1;
        }
    }
#endif
    for (; pos <= lastStart; ++pos) {
        const auto c = static_cast<unsigned char>(haystack[pos]);
        if ((c | m_firstCaseBit) == m_first &&
            (static_cast<unsigned char>(haystack[pos + n - 1]) | m_lastCaseBit) == m_last &&
            matchesAt(haystack + pos))
            return pos;
    }
    return npos;
}

} // namespace necrocode
